-- Answers to mutations sent with an Idempotency-Key: a tablet that replays a mark it made while
-- offline gets the first answer back, and the mark is applied once.
CREATE TABLE idempotent_requests (
  key         TEXT    NOT NULL,
  actor       TEXT    NOT NULL,                 -- keys are per device: two tablets never collide
  method      TEXT    NOT NULL,
  path        TEXT    NOT NULL,
  status      INTEGER NOT NULL,
  body        TEXT    NOT NULL,
  created_at  TEXT    NOT NULL,
  PRIMARY KEY (actor, key)
) WITHOUT ROWID;
