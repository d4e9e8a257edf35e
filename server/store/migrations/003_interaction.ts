import type { Migration } from '../migrations';

/**
 * Class interaction (issue 5): polls and votes, timed quizzes and answers, announcements and
 * their acknowledgements, moderation actions, chat message types and soft deletion, mutes and
 * removals. Everything is keyed by room and, where the room has one, its lecture, so a teacher
 * reads it back with the lecture after class.
 */
export const migration003: Migration = {
  version: 3,
  name: 'interaction',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN type TEXT NOT NULL DEFAULT 'text' CHECK (type IN ('text', 'code', 'system'));
      ALTER TABLE messages ADD COLUMN language TEXT;
      -- Deleted messages keep their text in the archive; the wire shows them as deleted.
      ALTER TABLE messages ADD COLUMN deleted_at TEXT;
      ALTER TABLE messages ADD COLUMN deleted_by TEXT REFERENCES participants (id);

      ALTER TABLE participants ADD COLUMN muted_reason TEXT;   -- NULL: may chat
      ALTER TABLE participants ADD COLUMN removed_at TEXT;     -- set when the teacher removed them
      ALTER TABLE participants ADD COLUMN last_read_seq INTEGER NOT NULL DEFAULT 0; -- chat read up to here

      CREATE TABLE polls (
        id         TEXT PRIMARY KEY,
        room_id    TEXT NOT NULL REFERENCES rooms (id),
        lecture_id TEXT REFERENCES lectures (id),
        question   TEXT NOT NULL,
        options    TEXT NOT NULL,                  -- JSON string[]
        multiple   INTEGER NOT NULL CHECK (multiple IN (0, 1)),
        anonymous  INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
        status     TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        results_shown INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        closed_at  TEXT
      ) STRICT;
      CREATE INDEX polls_room ON polls (room_id, created_at);
      CREATE INDEX polls_lecture ON polls (lecture_id);

      CREATE TABLE poll_votes (
        poll_id        TEXT NOT NULL REFERENCES polls (id),
        participant_id TEXT NOT NULL REFERENCES participants (id),
        choices        TEXT NOT NULL,              -- JSON number[]
        voted_at       TEXT NOT NULL,
        PRIMARY KEY (poll_id, participant_id)
      ) STRICT;

      CREATE TABLE quizzes (
        id         TEXT PRIMARY KEY,
        room_id    TEXT NOT NULL REFERENCES rooms (id),
        lecture_id TEXT REFERENCES lectures (id),
        title      TEXT NOT NULL,
        questions  TEXT NOT NULL,                  -- JSON [{prompt, options, correct}]
        started_at TEXT NOT NULL,
        deadline   TEXT NOT NULL,
        closed_at  TEXT
      ) STRICT;
      CREATE INDEX quizzes_room ON quizzes (room_id, started_at);
      CREATE INDEX quizzes_lecture ON quizzes (lecture_id);

      CREATE TABLE quiz_answers (
        quiz_id        TEXT NOT NULL REFERENCES quizzes (id),
        participant_id TEXT NOT NULL REFERENCES participants (id),
        answers        TEXT NOT NULL,              -- JSON (number | null)[]
        score          INTEGER NOT NULL,
        submitted_at   TEXT NOT NULL,
        PRIMARY KEY (quiz_id, participant_id)
      ) STRICT;

      CREATE TABLE announcements (
        id         TEXT PRIMARY KEY,
        room_id    TEXT NOT NULL REFERENCES rooms (id),
        lecture_id TEXT REFERENCES lectures (id),
        text       TEXT NOT NULL,
        priority   TEXT NOT NULL CHECK (priority IN ('normal', 'urgent')),
        sent_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX announcements_room ON announcements (room_id, sent_at);

      CREATE TABLE announcement_acks (
        announcement_id TEXT NOT NULL REFERENCES announcements (id),
        participant_id  TEXT NOT NULL REFERENCES participants (id),
        acked_at        TEXT NOT NULL,
        PRIMARY KEY (announcement_id, participant_id)
      ) STRICT;

      CREATE TABLE moderation_actions (
        id         INTEGER PRIMARY KEY,
        room_id    TEXT NOT NULL REFERENCES rooms (id),
        lecture_id TEXT REFERENCES lectures (id),
        actor_id   TEXT NOT NULL REFERENCES participants (id),
        action     TEXT NOT NULL CHECK (action IN ('delete', 'mute', 'unmute', 'remove')),
        target_id  TEXT NOT NULL,                  -- a message id or a participant id
        detail     TEXT NOT NULL DEFAULT '',
        at         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX moderation_room ON moderation_actions (room_id);
    `);
  },
};
