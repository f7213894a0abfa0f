#!/usr/bin/env python3
"""Sharing-event ingest through the agency API: posts COUNT events in batches
of BATCH, one batch after another on each of CLIENTS connections (default
1), each event about one of 100,000 generated people, and prints events per
second.

    scripts/bench-ingest.py BASE_URL TOKEN BATCH COUNT [CLIENTS]
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

base, token, batch, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
clients = int(sys.argv[5]) if len(sys.argv) > 5 else 1
url = urllib.parse.urlsplit(base)
rng = random.Random(42)
run = f"{time.time_ns()}"
RECIPIENTS = [("BHXH", "BHXH-INSURANCE", "health-insurance", "health-insurance-law"),
              ("BTC", "BTC-TAX", "tax", "tax-administration-law-2019"),
              ("BGDDT", "BGDDT-EDU", "education", "education-law-2019")]


def event(n):
    recipient, system, purpose, basis = rng.choice(RECIPIENTS)
    return {
        "event_id": f"BENCH-{run}-{n}",
        "occurred_at": "2026-03-05T14:30:00+07:00",
        "personal_id": f"001{rng.randrange(100000):09d}",
        "provider_system": "BCA-NPD",
        "recipient_agency": recipient,
        "recipient_system": system,
        "categories": ["full-name", "residence"],
        "purpose": purpose,
        "legal_basis": basis,
        "method": "online-connection",
        "mode": "default",
        "outcome": "provided",
    }


# Bodies are made before the clock starts: the figure is the server's.
bodies = [json.dumps({"events": [event(n + i) for i in range(batch)]}).encode()
          for n in range(0, count, batch)]
failures = []


def send(mine):
    connection = http.client.HTTPConnection(url.hostname, url.port)
    for body in mine:
        connection.request("POST", "/api/v1/sharing-events", body,
                           {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        answer = response.read()
        if response.status != 200:
            failures.append(f"{response.status}: {answer[:300]!r}")
            return


threads = [threading.Thread(target=send, args=(bodies[i::clients],)) for i in range(clients)]
started = time.perf_counter()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.perf_counter() - started
if failures:
    raise SystemExit(failures[0])
sent = len(bodies) * batch
print(f"batches of {batch}, {clients} client(s): {sent} events in {elapsed:.1f} s = "
      f"{sent / elapsed:,.0f} events/s")
