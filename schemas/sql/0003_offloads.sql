-- Offloads: one card copied to one or more destinations, every file's state on every destination,
-- so that a killed daemon, a pulled card or a full drive resumes where it stopped.
CREATE TABLE offloads (
  id               INTEGER PRIMARY KEY,
  source           TEXT    NOT NULL,            -- absolute path of the card folder
  card_name        TEXT    NOT NULL,            -- the card folder's name
  roll             TEXT    NOT NULL,
  label            TEXT    NOT NULL DEFAULT '',
  hashes           TEXT    NOT NULL,            -- 'xxh64,md5': the first one verifies copies
  verify_mode      TEXT    NOT NULL CHECK (verify_mode IN ('full', 'source', 'none')),
  min_destinations INTEGER NOT NULL,
  path_template    TEXT    NOT NULL,
  again            INTEGER NOT NULL DEFAULT 0,  -- copy even if already offloaded
  state            TEXT    NOT NULL CHECK (state IN ('queued', 'preflight', 'copying', 'sealing',
                     'finished', 'refused', 'duplicate', 'interrupted', 'cancelled')),
  verdict          TEXT    CHECK (verdict IN ('safe', 'not_safe')),
  reason           TEXT    NOT NULL DEFAULT '',
  fingerprint      TEXT,
  total_files      INTEGER NOT NULL DEFAULT 0,
  total_bytes      INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT    NOT NULL,
  started_at       TEXT,                         -- UTC; names the ASC MHL generation
  finished_at      TEXT
);
CREATE INDEX offloads_by_fingerprint ON offloads (fingerprint);

CREATE TABLE offload_destinations (
  id            INTEGER PRIMARY KEY,
  offload_id    INTEGER NOT NULL REFERENCES offloads (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,               -- order given
  name          TEXT    NOT NULL DEFAULT '',    -- configured name, if any
  root          TEXT    NOT NULL,               -- the drive folder
  card_folder   TEXT    NOT NULL DEFAULT '',    -- root + template, once known
  state         TEXT    NOT NULL CHECK (state IN ('pending', 'copying', 'done', 'failed')),
  reason        TEXT    NOT NULL DEFAULT '',
  sync_refused  INTEGER NOT NULL DEFAULT 0,     -- the file system refused fsync
  manifest      TEXT    NOT NULL DEFAULT '',    -- ASC MHL generation written
  UNIQUE (offload_id, position)
);

CREATE TABLE offload_files (
  id            INTEGER PRIMARY KEY,
  offload_id    INTEGER NOT NULL REFERENCES offloads (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  relative_path TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  mtime_ns      INTEGER NOT NULL,
  digests       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(digests)),  -- of the source
  UNIQUE (offload_id, position),
  UNIQUE (offload_id, relative_path)
);

CREATE TABLE offload_copies (
  file_id        INTEGER NOT NULL REFERENCES offload_files (id) ON DELETE CASCADE,
  destination_id INTEGER NOT NULL REFERENCES offload_destinations (id) ON DELETE CASCADE,
  state          TEXT    NOT NULL CHECK (state IN ('pending', 'copying', 'copied', 'verified',
                   'failed')),
  reason         TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (file_id, destination_id)
) WITHOUT ROWID;
