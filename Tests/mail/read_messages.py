#!/usr/bin/env python3
"""Reads .eml files with Python's email package (an independent MIME parser) and prints, as
one JSON list, what a mail reader sees of each: decoded headers, the part structure, the text
and HTML bodies, and the attachment's file name and SHA-256. Used by the cpdcert tests."""
import email
import email.policy
import hashlib
import json
import sys


def read(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    seen = {
        "file": path,
        "subject": str(message["Subject"]),
        "from_name": message["From"].addresses[0].display_name,
        "from_address": message["From"].addresses[0].addr_spec,
        "to_name": message["To"].addresses[0].display_name,
        "to_address": message["To"].addresses[0].addr_spec,
        "message_id": str(message["Message-ID"]),
        "references": str(message["References"] or ""),
        "date": str(message["Date"]),
        "structure": [part.get_content_type() for part in message.walk()],
        "defects": [str(defect) for part in message.walk() for defect in part.defects],
        "longest_line": max(len(line) for line in raw.split(b"\r\n")),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "attachments": [],
    }
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            seen["text"] = part.get_content()
        elif part.get_content_type() == "text/html":
            seen["html"] = part.get_content()
        elif part.get_content_disposition() == "attachment":
            data = part.get_content()
            seen["attachments"].append(
                {"filename": part.get_filename(), "sha256": hashlib.sha256(data).hexdigest(), "type": part.get_content_type()})
    return seen


if __name__ == "__main__":
    json.dump([read(path) for path in sys.argv[1:]], sys.stdout, ensure_ascii=False)
