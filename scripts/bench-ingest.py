#!/usr/bin/env python3
"""Sharing-event ingest through the agency API: posts COUNT events in batches
of BATCH, one batch after another on one connection, each event about one of
100,000 generated people, and prints events per second.

    scripts/bench-ingest.py BASE_URL TOKEN BATCH COUNT
"""
import http.client
import json
import random
import sys
import time
import urllib.parse

base, token, batch, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
url = urllib.parse.urlsplit(base)
connection = http.client.HTTPConnection(url.hostname, url.port)
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


sent = 0
started = time.perf_counter()
while sent < count:
    body = json.dumps({"events": [event(sent + i) for i in range(batch)]})
    connection.request("POST", "/api/v1/sharing-events", body,
                       {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    response = connection.getresponse()
    answer = response.read()
    if response.status != 200:
        raise SystemExit(f"{response.status}: {answer[:300]!r}")
    sent += batch
elapsed = time.perf_counter() - started
print(f"batches of {batch}: {sent} events in {elapsed:.1f} s = {sent / elapsed:,.0f} events/s")
