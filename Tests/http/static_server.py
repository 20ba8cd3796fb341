"""A static HTTP server for the tests, on a free port of 127.0.0.1.

usage: static_server.py FOLDER     serves FOLDER (Python's http.server)
       static_server.py --silent   accepts connections and never answers (for timeouts)

Prints "port N" once it listens, and runs until the test stops it (SIGTERM).
"""
import functools
import http.server
import os
import signal
import socket
import sys
import time

# The test runner may start it with SIGTERM blocked (the mask is inherited): unblock it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))

if sys.argv[1] == "--silent":
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    print("port", listener.getsockname()[1], flush=True)
    while True:
        time.sleep(60)
else:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    print("port", server.server_address[1], flush=True)
    server.serve_forever()
