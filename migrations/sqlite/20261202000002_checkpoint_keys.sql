-- The keys that sign the sharing log's checkpoints (issue 18): each has an
-- id, carried by every checkpoint it signs, and a period. Rotating adds a
-- key and retires the one before, which is kept so that everything it
-- signed still verifies. Checkpoints signed before key ids (key_id NULL)
-- are the first key's.
CREATE TABLE checkpoint_keys (
    -- 8 hex digits: the first four bytes of SHA-256 over the key's name, a
    -- line feed, 0x01 (Ed25519) and the public key, as C2SP signed notes
    -- name keys.
    key_id TEXT PRIMARY KEY,
    -- base64 of the 32-byte Ed25519 public key.
    public_key TEXT NOT NULL UNIQUE,
    active_from TEXT NOT NULL,
    retired_at TEXT
);
ALTER TABLE checkpoints ADD COLUMN key_id TEXT REFERENCES checkpoint_keys (key_id);
