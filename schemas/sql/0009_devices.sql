-- Tablets paired with the appliance: each has a role and a token (only its hash is kept), and the
-- short-lived PINs they pair with.
CREATE TABLE devices (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  role        TEXT    NOT NULL CHECK (role IN ('dit', 'script', 'director', 'camera', 'viewer')),
  token_hash  TEXT    NOT NULL UNIQUE,            -- SHA-256 of the token, hex
  created_at  TEXT    NOT NULL,
  last_seen   TEXT,
  revoked_at  TEXT
);

CREATE TABLE pairing_pins (
  id          INTEGER PRIMARY KEY,
  pin_hash    TEXT    NOT NULL,                   -- SHA-256 of the 6 digits, hex
  role        TEXT    NOT NULL CHECK (role IN ('dit', 'script', 'director', 'camera', 'viewer')),
  expires_at  INTEGER NOT NULL,                   -- seconds since the epoch
  used_at     TEXT
);
