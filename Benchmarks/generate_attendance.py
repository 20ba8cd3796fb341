#!/usr/bin/env python3
"""Writes N fictional attendees of the example event as canonical attendance CSV.

Names cycle through real scripts (Welsh, Irish, Polish, Vietnamese, Yoruba, Arabic, Chinese);
emails are example.org; about 90% attend long enough for a certificate.
Usage: generate_attendance.py N > attendance.csv
"""
import csv
import random
import sys

GIVEN = ["Siân", "Aoife", "Małgorzata", "Nguyễn Thị", "Adébáyọ̀", "فاطمة", "秀英", "Dafydd",
         "Seán", "Zoë", "Trần Văn", "Chidinma", "Katarzyna", "Niamh", "Yusuf", "Priya"]
FAMILY = ["Llywelyn", "Ní Bhriain", "Wiśniewska", "Hằng", "Ọlátúnjí", "الزهراء", "王", "ap Gruffudd",
          "Ó Conaill", "Brontë-Łukasiewicz", "Minh", "Okafor", "Zielińska", "Ó Súilleabháin", "Al-Haddad", "Raghunathan"]
ROLES = ["Social Worker", "Police Youth Engagement Officer", "School Nurse", "Youth Worker",
         "Designated Safeguarding Lead", "Probation Officer", "Community Safety Officer",
         "Head Teacher", "Family Support Worker", "Youth Offending Team Manager"]
ORGS = ["Harbourside Children's Services", "Midshire Police (fictional)", "Riverside NHS Foundation Trust",
        "Eastgate Youth Partnership", "Kingsway PRU", "Westmoor Borough Council"]


def main() -> None:
    count = int(sys.argv[1])
    rng = random.Random(2020)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["full_name", "email", "job_title", "organisation", "minutes_attended"])
    for index in range(count):
        given = GIVEN[index % len(GIVEN)]
        family = FAMILY[(index // len(GIVEN)) % len(FAMILY)]
        name = f"{family}{given}" if given == "秀英" else f"{given} {family}"
        minutes = rng.randint(160, 210) if rng.random() < 0.9 else rng.randint(10, 150)
        writer.writerow([name, f"attendee{index:06d}@example.org", ROLES[index % len(ROLES)],
                         ORGS[index % len(ORGS)], minutes])


if __name__ == "__main__":
    main()
