#!/usr/bin/env python3
"""Checks a sharing-log proof downloaded from "My data" (my-sharing-log-proof.json)
without the dashboard's server: recomputes each event's content hash and link,
follows the later links to the signed checkpoint, and checks the checkpoint's
Ed25519 signature (with the `cryptography` package when it is installed).

    python3 scripts/verify-proof.py my-sharing-log-proof.json
"""
import base64
import hashlib
import json
import sys


def content_hash(c):
    h = hashlib.sha256(b"cpd-sharing-event-v1")

    def field(text):
        data = text.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)

    def optional(value):
        return "" if value is None else f"+{value}"

    field(str(c["seq"]))
    field(c["provider_agency"])
    field(c["event_id"])
    field(c["pseudonym"])
    field(str(c["occurred_at"]))
    field(c["provider_system"])
    field(c["recipient_agency"])
    field(optional(c["recipient_system"]))
    field(",".join(c["categories"]))
    field(c["purpose"])
    field(c["legal_basis"])
    field(c["method"])
    field(c["mode"])
    field(optional(c["request_reference"]))
    field(optional(c["official_code"]))
    field(c["outcome"])
    field(optional(c["visible_from"]))
    return h.hexdigest()


def link(previous, content):
    return hashlib.sha256(b"cpd-chain-v1" + previous.encode() + content.encode()).hexdigest()


def main(path):
    proof = json.load(open(path, encoding="utf-8"))
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        def key_of(text):
            return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))

        # Each checkpoint names the key that signed it (rotated keys are
        # kept); older proofs have one key only.
        keys = {key_id: key_of(text) for key_id, text in proof.get("keys", {}).items()}
        default = key_of(proof["public_key"])
        checking = True
    except ImportError:
        checking = False
        print("note: `cryptography` is not installed; checking hashes only")
    bad = 0
    for event in proof["events"]:
        c = event["content"]
        current = link(event["previous"], content_hash(c))
        ok = current == event["link"]
        for following in event["following"]:
            current = link(current, following)
        checkpoint = event["checkpoint"]
        ok = ok and checkpoint is not None and checkpoint["hash"] == current
        ok = ok and checkpoint["seq"] == c["seq"] + len(event["following"])
        if ok and checking:
            key_id = checkpoint.get("key_id")
            key = keys.get(key_id) if key_id else default
            message = f"cpd-checkpoint-v1|{checkpoint['seq']}|{checkpoint['hash']}|{checkpoint['signed_at']}"
            try:
                key.verify(base64.b64decode(checkpoint["signature"]), message.encode())
            except Exception:
                ok = False  # a wrong signature, or a key the proof does not hold
        print(f"{'ok ' if ok else 'BAD'} #{c['seq']} {c['event_id']}")
        bad += not ok
    print(f"{len(proof['events']) - bad} of {len(proof['events'])} events verified")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
