-- The production's log: projects and shooting days, the shot list's scenes and setups, and the
-- takes logged against them (the take tables come with take logging; the shot list needs these).
CREATE TABLE projects (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  fps         TEXT    NOT NULL,                 -- the project's timecode rate: '23.976'
  cameras     TEXT    NOT NULL DEFAULT '["A","B"]' CHECK (json_valid(cameras)),
  created_at  TEXT    NOT NULL
);

CREATE TABLE shooting_days (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  number      INTEGER NOT NULL CHECK (number >= 1),
  date        TEXT    NOT NULL,                 -- YYYY-MM-DD
  unit        TEXT    NOT NULL DEFAULT 'main' CHECK (unit IN ('main', 'second', 'splinter')),
  UNIQUE (project_id, unit, number)
);

-- What the tablets and imports are about unless they say otherwise.
CREATE TABLE current_production (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  project_id  INTEGER NOT NULL REFERENCES projects (id),
  day_id      INTEGER REFERENCES shooting_days (id)
);

CREATE TABLE scenes (
  id            INTEGER PRIMARY KEY,
  project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  number        TEXT    NOT NULL,               -- normalised: '12', '12A', 'A12', '12PT2'
  sort_prefix   TEXT    NOT NULL DEFAULT '',    -- script order: prefix, number, suffix
  sort_number   INTEGER NOT NULL DEFAULT 0,
  sort_suffix   TEXT    NOT NULL DEFAULT '',
  omitted       INTEGER NOT NULL DEFAULT 0,
  int_ext       TEXT    NOT NULL DEFAULT '',
  location      TEXT    NOT NULL DEFAULT '',
  day_night     TEXT    NOT NULL DEFAULT '',
  pages_eighths INTEGER,
  description   TEXT    NOT NULL DEFAULT '',
  UNIQUE (project_id, number)
);

CREATE TABLE setups (
  id            INTEGER PRIMARY KEY,
  scene_id      INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
  letter        TEXT    NOT NULL,               -- 'A', 'B' … skipping I and O
  description   TEXT    NOT NULL DEFAULT '',
  cameras       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(cameras)),
  characters    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(characters)),
  notes         TEXT    NOT NULL DEFAULT '',
  pages_eighths INTEGER,
  UNIQUE (scene_id, letter)
);
