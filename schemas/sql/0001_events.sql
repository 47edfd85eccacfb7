-- The append-only event log: every change of state that a user or a device causes is written here in
-- the same transaction as the change. The WebSocket stream, the audit trail and (later) replication
-- between appliances all read this table, in sequence order.
CREATE TABLE events (
  sequence        INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after a delete
  time            TEXT    NOT NULL,                   -- UTC, ISO 8601 with milliseconds
  kind            TEXT    NOT NULL,                   -- e.g. 'card.safe', 'take.rolled'
  entity          TEXT    NOT NULL DEFAULT '',        -- what it is about, e.g. 'card/12'
  payload         TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
  actor           TEXT    NOT NULL DEFAULT '',        -- who caused it: a device, the CLI, the daemon
  idempotency_key TEXT    UNIQUE                      -- client-made key of the mutation, if any
);

CREATE INDEX events_by_kind ON events (kind, sequence);
