import type { Migration } from '../migrations';

/** Rooms (live classes), participants, their session tokens, chat, and host settings. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE rooms (
        id         TEXT PRIMARY KEY,
        code       TEXT NOT NULL,
        name       TEXT NOT NULL,
        status     TEXT NOT NULL CHECK (status IN ('live', 'ended')),
        started_at TEXT NOT NULL,
        ended_at   TEXT,
        last_seq   INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      -- A code identifies at most one live class; ended classes may reuse it later.
      CREATE UNIQUE INDEX rooms_live_code ON rooms (code) WHERE status = 'live';

      CREATE TABLE participants (
        id        TEXT PRIMARY KEY,
        room_id   TEXT NOT NULL REFERENCES rooms (id),
        name      TEXT NOT NULL,
        role      TEXT NOT NULL CHECK (role IN ('teacher', 'student', 'admin')),
        joined_at TEXT NOT NULL,
        left_at   TEXT
      ) STRICT;
      CREATE INDEX participants_room ON participants (room_id);

      -- Only a hash of each token is stored: a copied database file lets nobody in.
      CREATE TABLE sessions (
        token_hash     TEXT PRIMARY KEY,
        participant_id TEXT NOT NULL REFERENCES participants (id),
        created_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE messages (
        id        TEXT PRIMARY KEY,
        room_id   TEXT NOT NULL REFERENCES rooms (id),
        seq       INTEGER NOT NULL,
        sender_id TEXT NOT NULL REFERENCES participants (id),
        client_id TEXT NOT NULL,
        text      TEXT NOT NULL,
        sent_at   TEXT NOT NULL,
        UNIQUE (room_id, seq),
        UNIQUE (sender_id, client_id)
      ) STRICT;
    `);
  },
};
