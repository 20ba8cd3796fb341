#!/usr/bin/env bash
# Messages per second for `cpdcert send` of N certificates (default 1000) to the local test SMTP
# server (aiosmtpd, STARTTLS + AUTH, Tests/mail/smtp_server.py) over one connection, and the
# delivery log's bytes per message, and the in-flight window: for each message, the time from the
# server's 250 reply to its DATA (the server's log), and from libcurl taking its last byte (after
# which the server can accept it even if cpdcert dies), to the commit of its delivery row (CPDCERT_SEND_TIMING, off unless set): median, 99th
# percentile and max. Needs the debug build and the test venv (make test makes both).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
bin=.build/debug/cpdcert
python=${CPDCERT_TEST_PYTHON:-.build/test-venv/bin/python}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 Benchmarks/generate_attendance.py "$n" >"$work/attendance.csv"
"$bin" issue --quiet --event Examples/county-lines-2020/event.yaml --attendance "$work/attendance.csv" \
  --out "$work/out" --registry "$work/r.sqlite" >/dev/null 2>&1 || true
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
mkdir "$work/box"
"$python" Tests/mail/smtp_server.py --folder "$work/box" --cert "$work/cert.pem" --key "$work/key.pem" \
  --user bench --password bench >"$work/server.out" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q READY "$work/server.out" && break; sleep 0.1; done
port=$(awk '/READY/{print $2}' "$work/server.out")
before=$(sqlite3 "$work/r.sqlite" "PRAGMA page_count; PRAGMA page_size;" | paste -sd' ' | awk '{print $1*$2}')
start=$(date +%s.%N)
CPDCERT_SEND_TIMING="$work/timing.txt" CPDCERT_SMTP_USER=bench CPDCERT_SMTP_PASSWORD=bench "$bin" send --event county-lines-2020 --registry "$work/r.sqlite" \
  --from "Policy Foresight <cpd@policyforesight.example.org>" --smtp "smtp://127.0.0.1:$port" --smtp-tls required \
  --smtp-ca "$work/cert.pem" --pdfs "$work/out" --json >"$work/summary.json"
end=$(date +%s.%N)
sqlite3 "$work/r.sqlite" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
after=$(sqlite3 "$work/r.sqlite" "PRAGMA page_count; PRAGMA page_size;" | paste -sd' ' | awk '{print $1*$2}')
sent=$(python3 -c "import json;print(len(json.load(open('$work/summary.json'))['sent']))")
rows=$(sqlite3 "$work/r.sqlite" "SELECT count(*), sum(length(certificate_id)+length(event_id)+length(outcome)+length(reply_text)+length(message_id)+24) FROM delivery_attempt")
connections=$(python3 -c "import json;print(len({json.loads(l)['peer'] for l in open('$work/box/log.jsonl') if json.loads(l)['event']=='accepted'}))")
python3 - "$sent" "$start" "$end" "$before" "$after" "$rows" "$connections" "$work/box/log.jsonl" "$work/timing.txt" <<'PY'
import json, statistics, sys
sent, start, end, before, after, rows, connections, server_log, timing = sys.argv[1:]
count, payload = rows.split("|")
seconds = float(end) - float(start)
print(f"sent {sent} messages in {seconds:.2f} s: {int(sent)/seconds:.0f} messages/s over {connections} connection(s)")
print(f"delivery log: {(int(after)-int(before))/int(count):.0f} bytes/message in the file (pages), {int(payload)/int(count):.0f} bytes of row data")
events = [e for e in map(json.loads, open(server_log)) if e["event"] == "accepted"]
timings = [line.split() for line in open(timing)]
handed = {t[0]: float(t[2]) for t in timings if t[1] == "accepted"}
committed = {t[0]: float(t[3]) for t in timings if t[1] == "accepted"}
def report(label, starts):
    window = sorted((committed[m] - start) * 1000 for m, start in starts.items() if m in committed)
    p99 = window[min(len(window) - 1, int(len(window) * 0.99))]
    print(f"{label}, {len(window)} messages: median {statistics.median(window):.2f} ms, "
          f"99th percentile {p99:.2f} ms, max {window[-1]:.2f} ms")
report("in-flight window, the server's 250 to the delivery row's commit", {e["message_id"]: e["at"] for e in events})
report("in-flight window, libcurl taking the last byte to the commit", handed)
per_message = sorted((b["at"] - a["at"]) * 1000 for a, b in zip(events, events[1:]))
print(f"time from one 250 to the next: median {statistics.median(per_message):.2f} ms")
PY
