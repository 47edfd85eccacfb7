-- The script supervisor's marks of the day, as the Daily Progress Report prints them: crew call,
-- lunch, back from lunch (lunch_end) and camera wrap. One row per mark and kind: marking again
-- replaces the time (the marks are what the day was, not a history; the event log keeps that),
-- and clearing one deletes its row.
CREATE TABLE day_marks (
  day_id    INTEGER NOT NULL REFERENCES shooting_days (id) ON DELETE CASCADE,
  kind      TEXT    NOT NULL CHECK (kind IN ('call', 'lunch', 'lunch_end', 'wrap')),
  at        TEXT    NOT NULL,            -- UTC, ISO 8601 with milliseconds: when it happened
  marked_by TEXT    NOT NULL DEFAULT '', -- the actor: a paired device, the CLI
  marked_at TEXT    NOT NULL,            -- UTC, when it was marked (an offline mark comes later)
  PRIMARY KEY (day_id, kind)
) WITHOUT ROWID;
