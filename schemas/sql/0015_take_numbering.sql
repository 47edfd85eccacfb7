-- Take numbers as the slate said them: a take keeps the number its tablet showed, so two takes of
-- a setup may share one (a clash, flagged until the script supervisor renumbers one), and an undone
-- take keeps its row, its id and its number, which are never given again. The table is rebuilt
-- without UNIQUE (setup_id, number); clip assignments are kept across the rebuild (dropping the
-- old table would otherwise set them to NULL through their foreign key).
DROP TRIGGER IF EXISTS take_clips_after_insert;
DROP TRIGGER IF EXISTS take_clips_after_update;
DROP TRIGGER IF EXISTS take_clips_after_delete;

CREATE TEMP TABLE kept_clip_takes AS SELECT * FROM clip_takes;

CREATE TABLE takes_numbered (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused, not even the newest one's
  setup_id    INTEGER NOT NULL REFERENCES setups (id) ON DELETE CASCADE,
  day_id      INTEGER REFERENCES shooting_days (id),
  number      INTEGER NOT NULL CHECK (number >= 1), -- picture takes per setup; wild tracks per scene
  kind        TEXT    NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'pickup', 'series')),
  wild        INTEGER NOT NULL DEFAULT 0,          -- wild track (WT1, WT2 …): sound only
  mos         INTEGER NOT NULL DEFAULT 0,
  vfx         INTEGER NOT NULL DEFAULT 0,
  status      TEXT    NOT NULL DEFAULT 'none' CHECK (status IN ('none', 'circled', 'hold', 'ng',
                'false_start')),
  flagged     INTEGER NOT NULL DEFAULT 0,
  notes       TEXT    NOT NULL DEFAULT '',
  cameras     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(cameras)),
  rate        TEXT    NOT NULL,
  rolled_at   TEXT    NOT NULL,                    -- UTC, to the millisecond
  roll_tc     TEXT    NOT NULL,
  cut_at      TEXT,
  cut_tc      TEXT,
  undone_at   TEXT,                                -- taken back: out of the log, number kept
  renumbered_from INTEGER                          -- the number the slate said, when changed by hand
);
INSERT INTO takes_numbered (id, setup_id, day_id, number, kind, wild, mos, vfx, status, flagged,
                            notes, cameras, rate, rolled_at, roll_tc, cut_at, cut_tc)
  SELECT id, setup_id, day_id, number, kind, wild, mos, vfx, status, flagged, notes, cameras,
         rate,
         -- to the millisecond, so that old and new times compare as text
         CASE WHEN length(rolled_at) = 20 THEN substr(rolled_at, 1, 19) || '.000Z' ELSE rolled_at END,
         roll_tc,
         CASE WHEN length(cut_at) = 20 THEN substr(cut_at, 1, 19) || '.000Z' ELSE cut_at END,
         cut_tc FROM takes;
DROP TABLE takes;
ALTER TABLE takes_numbered RENAME TO takes;
CREATE INDEX takes_by_day ON takes (day_id, rolled_at);
CREATE INDEX takes_by_setup ON takes (setup_id, number);

DELETE FROM clip_takes;
INSERT INTO clip_takes SELECT * FROM kept_clip_takes;
DROP TABLE kept_clip_takes;

-- Matching within its day: the other take a clip also runs through (shown as a warning there).
ALTER TABLE clip_takes ADD COLUMN also_take_id INTEGER REFERENCES takes (id) ON DELETE SET NULL;
CREATE INDEX clip_takes_by_also ON clip_takes (also_take_id) WHERE also_take_id IS NOT NULL;
-- Why a clip is on no take, as matching last found: 'no timecode', 'camera unknown', …
ALTER TABLE clips ADD COLUMN match_reason TEXT;
-- The shooting day current at the instant the clip was recorded, once known.
ALTER TABLE clips ADD COLUMN shooting_day_id INTEGER REFERENCES shooting_days (id);
CREATE INDEX clips_by_day ON clips (shooting_day_id);
