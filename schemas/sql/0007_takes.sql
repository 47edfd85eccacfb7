-- Takes: rolled and cut on a setup, stamped with the appliance clock and with time-of-day
-- timecode at the project rate; and which take each clip belongs to.
CREATE TABLE takes (
  id          INTEGER PRIMARY KEY,
  setup_id    INTEGER NOT NULL REFERENCES setups (id) ON DELETE CASCADE,
  day_id      INTEGER REFERENCES shooting_days (id),
  number      INTEGER NOT NULL CHECK (number >= 1),
  kind        TEXT    NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'pickup', 'series')),
  wild        INTEGER NOT NULL DEFAULT 0,          -- wild track: sound only, no picture
  mos         INTEGER NOT NULL DEFAULT 0,          -- picture without sound
  vfx         INTEGER NOT NULL DEFAULT 0,
  status      TEXT    NOT NULL DEFAULT 'none' CHECK (status IN ('none', 'circled', 'hold', 'ng',
                'false_start')),
  flagged     INTEGER NOT NULL DEFAULT 0,          -- the director's favourite
  notes       TEXT    NOT NULL DEFAULT '',
  cameras     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(cameras)),
  rate        TEXT    NOT NULL,                    -- the project rate the timecodes are at
  rolled_at   TEXT    NOT NULL,                    -- UTC
  roll_tc     TEXT    NOT NULL,
  cut_at      TEXT,
  cut_tc      TEXT,
  UNIQUE (setup_id, number)
);
CREATE INDEX takes_by_day ON takes (day_id);

CREATE TABLE clip_takes (
  clip_id         INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
  take_id         INTEGER REFERENCES takes (id) ON DELETE SET NULL,  -- NULL: unassigned by hand
  method          TEXT    NOT NULL CHECK (method IN ('timecode', 'manual')),
  overlap_seconds REAL,
  assigned_at     TEXT    NOT NULL
);
CREATE INDEX clip_takes_by_take ON clip_takes (take_id);
