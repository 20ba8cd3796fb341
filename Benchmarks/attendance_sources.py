#!/usr/bin/env python3
"""Writes one event's attendance as three sources and a roster, ROWS attendance rows in all.

For the example event (16 September 2020, 10:00 to 13:30). Deterministic: the same ROWS gives
the same bytes. Fictional people at example.org, in several scripts; each is booked once in the
roster (Eventbrite's attendee export layout) and appears in some of the sources:
  zoom.csv     Zoom webinar Attendee Report with emails, half the rows (about two sessions each)
  teams.csv    Teams' 2020-21 attendance list, names only (Joined/Left rows), a quarter
  phone.csv    cpdcert CSV of telephone dial-ins by caller name, a quarter
  roster.csv   the registration list: names and emails of everyone
Usage: attendance_sources.py ROWS FOLDER
"""
import csv
import os
import random
import sys
from datetime import datetime, timedelta

rows = int(sys.argv[1])
folder = sys.argv[2]
rng = random.Random(2020)
start = datetime(2020, 9, 16, 10, 0, 0)
GIVEN = ["Siân", "Zoë", "Hằng", "Aoife", "Adébáyọ̀", "فاطمة", "Małgorzata", "Ciarán", "Dafydd", "Ελένη", "Мария", "秀英"]
FAMILY = ["Llywelyn", "Brontë-Łukasiewicz", "Nguyễn", "Ní Bhriain", "Ọlátúnjí", "الزهراء", "Wiśniewska", "Mac Aodha", "Παπαδοπούλου"]
people = rows // 4


def name(index):
    # Unique per person, so that every name finds one booking.
    return f"{GIVEN[index % len(GIVEN)]} {FAMILY[(index // len(GIVEN)) % len(FAMILY)]} {index:06d}"


def email(index):
    return f"attendee{index:06d}@example.org"


def window():
    begin = start + timedelta(seconds=rng.randint(-600, 3600))
    return begin, begin + timedelta(seconds=rng.randint(1800, 9000))


with open(os.path.join(folder, "roster.csv"), "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type", "Attendee Status"])
    for index in range(people):
        given, family = name(index).split(" ", 1)
        writer.writerow([1000 + index, "2020-09-01 10:00:00", given, family, email(index), 1, "General Admission", "Attending"])

with open(os.path.join(folder, "zoom.csv"), "w", newline="", encoding="utf-8-sig") as out:
    out.write("Attendee Report,\r\nReport Generated:,\"Sep 16, 2020 14:03:11\",\r\n")
    out.write("Attendee Details,\r\n")
    writer = csv.writer(out)
    writer.writerow(["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time", "Time in Session (minutes)"])
    for row in range(rows // 2):
        index = row % people
        begin, end = window()
        writer.writerow(["Yes", name(index), email(index), begin.strftime("%b %d, %Y %H:%M:%S"), end.strftime("%b %d, %Y %H:%M:%S"),
                         (end - begin).seconds // 60])

with open(os.path.join(folder, "teams.csv"), "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["Full Name", "User Action", "Timestamp"])
    for pair in range(rows // 8):
        index = (pair * 7) % people
        begin, end = window()
        for action, moment in (("Joined", begin), ("Left", end)):
            writer.writerow([name(index), action, moment.strftime("%-m/%-d/%Y, %-I:%M:%S %p")])

with open(os.path.join(folder, "phone.csv"), "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["full_name", "join_time", "leave_time"])
    for row in range(rows - rows // 2 - 2 * (rows // 8)):
        index = (row * 3) % people
        begin, end = window()
        writer.writerow([name(index), begin.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S")])
