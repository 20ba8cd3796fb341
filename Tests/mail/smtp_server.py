#!/usr/bin/env python3
"""A real SMTP server for cpdcert's tests (aiosmtpd): STARTTLS with a certificate made by the
caller, AUTH PLAIN and LOGIN for one user, recipients that answer as their address asks, and
every accepted message written to a folder.

  smtp_server.py --folder DIR --cert CERT --key KEY --user U --password P [--port 0] [--implicit-tls]

Recipients: tempfail-N-...@ answers 451 to its first N attempts, then accepts; accept-once-...@
accepts its first message and answers 451 to every later one; reject-...@ answers 550; everyone
else is accepted. Each accepted message is DIR/<n>.eml; DIR/log.jsonl has one line per event
(connection, rcpt, accepted: with the message's Message-ID and the Unix time of the 250 reply).
Prints 'READY <port>' when listening."""
import argparse
import json
import os
import re
import signal
import socket
import ssl
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword, SMTP


class Recorder:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.attempts = {}
        self.accepted = {}
        self.log = open(os.path.join(folder, "log.jsonl"), "a", buffering=1)

    def note(self, **event):
        self.log.write(json.dumps(event) + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.attempts[address] = self.attempts.get(address, 0) + 1
        self.note(event="rcpt", address=address, attempt=self.attempts[address], peer=str(session.peer))
        match = re.match(r"tempfail-(\d+)-", address)
        if match and self.attempts[address] <= int(match.group(1)):
            return "451 4.3.0 Mailbox busy, try again later"
        if address.startswith("accept-once-") and self.accepted.get(address):
            return "451 4.2.1 Mailbox temporarily disabled"
        if address.startswith("reject-"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "%d.eml" % self.count)
        with open(path + ".tmp", "wb") as handle:
            handle.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        for address in envelope.rcpt_tos:
            self.accepted[address] = True
        found = re.search(rb"^Message-ID: *(<[^>\r\n]*>)", envelope.original_content, re.MULTILINE | re.IGNORECASE)
        message_id = found.group(1).decode() if found else None
        # The time just before the 250 goes out: aiosmtpd writes the reply when this returns.
        self.note(
            event="accepted", file=path, to=envelope.rcpt_tos, peer=str(session.peer), message_id=message_id, at=time.time(),
            tls=server.transport.get_extra_info("ssl_object") is not None)
        return "250 2.0.0 Ok: queued as cpdcert-test-%d" % self.count


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)  # False: aiosmtpd answers 535 itself


class LoggingSMTP(SMTP):
    def connection_made(self, transport):
        super().connection_made(transport)
        self.event_handler.note(event="connection", peer=str(transport.get_extra_info("peername")))


class TestController(Controller):
    def factory(self):
        return LoggingSMTP(self.handler, **self.SMTP_kwargs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--no-starttls", action="store_true")
    arguments = parser.parse_args()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(arguments.cert, arguments.key)
    recorder = Recorder(arguments.folder)
    kwargs = dict(
        authenticator=Authenticator(arguments.user, arguments.password),
        auth_require_tls=not arguments.no_starttls,
    )
    if not arguments.implicit_tls and not arguments.no_starttls:
        kwargs["tls_context"] = context
    # A free port: bind one, let the controller take it.
    port = arguments.port
    if port == 0:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    controller = TestController(
        recorder, hostname="127.0.0.1", port=port, server_kwargs=kwargs,
        ssl_context=context if arguments.implicit_tls else None, ready_timeout=10)
    controller.SMTP_kwargs = dict(kwargs, hostname="smtp.example.org")
    controller.start()
    print("READY %d" % port, flush=True)
    # Runs until the test stops it (SIGTERM): exit at once, the messages are on disk already.
    # The test runner may start it with SIGTERM blocked (the mask is inherited): unblock it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
