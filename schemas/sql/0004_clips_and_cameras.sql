-- Clips: a card's files grouped into shots (RED segments, sidecars and proxies with their clip), as
-- the camera's names tell; and the files tethered cameras have handed over, so that none is taken
-- twice across restarts.
CREATE TABLE clips (
  id           INTEGER PRIMARY KEY,
  offload_id   INTEGER NOT NULL REFERENCES offloads (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,               -- order on the card
  name         TEXT    NOT NULL,               -- 'A002C006_141024_R2EC'
  maker        TEXT    NOT NULL CHECK (maker IN ('arri', 'red', 'sony', 'canon', 'blackmagic',
                 'generic', 'unknown')),
  camera       TEXT    NOT NULL DEFAULT '',    -- camera letter: 'A'
  reel         TEXT    NOT NULL DEFAULT '',
  clip_number  TEXT    NOT NULL DEFAULT '',
  shot_date    TEXT    NOT NULL DEFAULT '',    -- from the name, ISO 8601, when it has a full date
  camera_id    TEXT    NOT NULL DEFAULT '',
  UNIQUE (offload_id, position)
);

CREATE TABLE clip_files (
  file_id  INTEGER PRIMARY KEY REFERENCES offload_files (id) ON DELETE CASCADE,
  clip_id  INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
  role     TEXT    NOT NULL CHECK (role IN ('media', 'sidecar', 'proxy')),
  segment  INTEGER NOT NULL DEFAULT 0          -- spanned clips: 1, 2, …
);
CREATE INDEX clip_files_by_clip ON clip_files (clip_id);

CREATE TABLE camera_files (
  camera      TEXT    NOT NULL,                -- the tethered camera's id
  path        TEXT    NOT NULL,                -- on the camera: '/DCIM/100CANON/IMG_0001.CR3'
  size        INTEGER NOT NULL,
  mtime       INTEGER NOT NULL,                -- seconds, as the camera gives it
  taken_at    TEXT    NOT NULL,
  offload_id  INTEGER REFERENCES offloads (id) ON DELETE SET NULL,
  PRIMARY KEY (camera, path, size, mtime)
) WITHOUT ROWID;
