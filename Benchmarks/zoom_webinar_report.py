"""Writes a Zoom webinar Attendee Report with N attendee rows to standard output.

Fictional people at example.org, about four rows each (rejoins, a second device that
overlaps, sessions starting before the webinar or ending after it), for the example event
(16 September 2020, 10:00 to 13:30). Deterministic: the same N gives the same bytes.
"""

import random
import sys
from datetime import datetime, timedelta

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
rng = random.Random(2020)
start = datetime(2020, 9, 16, 10, 0, 0)
names = ["Siân", "Zoë", "Hằng", "秀英", "Aoife", "Adébáyọ̀", "فاطمة", "Małgorzata", "Ciarán", "Dafydd"]
surnames = ["Llywelyn", "Brontë-Łukasiewicz", "Nguyễn", "王", "Ní Bhriain", "Ọlátúnjí", "الزهراء", "Wiśniewska", "Mac Aodha"]


def stamp(moment):
    return moment.strftime("%b %d, %Y %H:%M:%S")


out = sys.stdout
out.reconfigure(newline="")
lines = [
    "Attendee Report,",
    'Report Generated:,"Sep 16, 2020 14:03:11",',
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),",
    '"Tackling Child Criminal Exploitation",912 3456 7890,"Sep 16, 2020 09:40:02",250,',
    "Host Details,",
    "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,",
    'Yes,Policy Foresight,host.pf@example.org,"Sep 16, 2020 09:40:02","Sep 16, 2020 13:50:00",250,No,United Kingdom,',
    "Attendee Details,",
    "Attended,User Name (Original Name),First Name,Last Name,Email,Organization,Job Title,Registration Time,"
    "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,",
]
written = 0
person = 0
while written < rows:
    person += 1
    first, last = rng.choice(names), rng.choice(surnames)
    email = f"person{person}@example.org"
    sessions = []
    if rng.random() < 0.05:
        sessions = [None]  # registered, never joined
    else:
        moment = start + timedelta(minutes=rng.randint(-20, 30))
        for _ in range(rng.randint(1, 6)):
            length = timedelta(seconds=rng.randint(300, 6000))
            sessions.append((moment, moment + length))
            if rng.random() < 0.2:  # a second device, overlapping
                sessions.append((moment + length / 2, moment + length + timedelta(minutes=5)))
            moment += length + timedelta(seconds=rng.randint(0, 900))
    rng.shuffle(sessions)
    for session in sessions:
        if written >= rows:
            break
        if session is None:
            times = "--,--,--"
            attended = "No"
        else:
            join, leave = session
            minutes = -(-int((leave - join).total_seconds()) // 60)
            times = f'"{stamp(join)}","{stamp(leave)}",{minutes}'
            attended = "Yes"
        lines.append(
            f'{attended},{first} {last},{first},{last},{email},"Harbourside Services, North",Social Worker,'
            f'"Sep 1, 2020 10:12:00",approved,{times},No,United Kingdom,'
        )
        written += 1
lines += ["Other Attended,", "User Name (Original Name),Join Time,Leave Time,Time in Session (minutes),Country/Region Name,"]
out.write("\ufeff" + "\r\n".join(lines) + "\r\n")
