-- The day's deliverables for editorial (its ALE and CSV editor's log) as they travel with the
-- drives: written, at wrap, into a `_slate/` folder beside the day's card folders on every
-- destination, and kept here so that a drive that was absent gets them when it comes back.
CREATE TABLE day_deliveries (
  day_id       INTEGER NOT NULL REFERENCES shooting_days (id) ON DELETE CASCADE,
  folder       TEXT    NOT NULL,               -- <destination>/<date>/_slate
  root         TEXT    NOT NULL,               -- the destination: written only while it is there
  state        TEXT    NOT NULL CHECK (state IN ('pending', 'written', 'failed')),
  reason       TEXT    NOT NULL DEFAULT '',
  files        TEXT    NOT NULL DEFAULT '',    -- the names written, comma-separated
  requested_at TEXT    NOT NULL,               -- UTC, the wrap that asked for them
  written_at   TEXT,
  PRIMARY KEY (day_id, folder)
) WITHOUT ROWID;
CREATE INDEX day_deliveries_pending ON day_deliveries (state) WHERE state = 'pending';
