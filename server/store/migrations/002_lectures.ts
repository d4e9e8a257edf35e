import type { Migration } from '../migrations';

/**
 * Classrooms, lectures, users and attendance (issue 3). Every room (live class) now belongs
 * to a lecture. Existing data is carried over: one owner user, one "Quick classes" classroom,
 * and an ad-hoc lecture for every room that already exists, completed if the room ended.
 */
export const OWNER_USER_ID = 'owner';
export const QUICK_CLASSROOM_ID = 'quick';

export const migration002: Migration = {
  version: 2,
  name: 'lectures',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('teacher', 'student', 'admin')),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE classrooms (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        capacity    INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
        features    TEXT NOT NULL,             -- JSON ClassroomFeatures
        maintenance INTEGER NOT NULL DEFAULT 0,
        deleted_at  TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE lectures (
        id               TEXT PRIMARY KEY,
        title            TEXT NOT NULL,
        description      TEXT NOT NULL DEFAULT '',
        date             TEXT NOT NULL,
        classroom_id     TEXT NOT NULL REFERENCES classrooms (id),
        teacher_id       TEXT NOT NULL REFERENCES users (id),
        created_by       TEXT NOT NULL REFERENCES users (id),
        status           TEXT NOT NULL
                         CHECK (status IN ('scheduled', 'delayed', 'in-progress', 'completed', 'cancelled')),
        max_participants INTEGER NOT NULL,
        ad_hoc           INTEGER NOT NULL DEFAULT 0,
        started_at       TEXT,
        ended_at         TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX lectures_date ON lectures (date);
      CREATE INDEX lectures_classroom ON lectures (classroom_id, status);

      ALTER TABLE rooms ADD COLUMN lecture_id TEXT REFERENCES lectures (id);
      CREATE INDEX rooms_lecture ON rooms (lecture_id);

      ALTER TABLE participants ADD COLUMN hands_raised INTEGER NOT NULL DEFAULT 0;

      -- One row per stretch of presence: a reconnect within the session extends the same
      -- participant, a real absence (after the grace period) closes the stretch.
      CREATE TABLE attendance (
        id             INTEGER PRIMARY KEY,
        participant_id TEXT NOT NULL REFERENCES participants (id),
        joined_at      TEXT NOT NULL,
        left_at        TEXT
      ) STRICT;
      CREATE INDEX attendance_participant ON attendance (participant_id);
    `);

    const now = new Date().toISOString();
    db.prepare("INSERT INTO users (id, name, role, created_at) VALUES (?, 'Teacher', 'admin', ?)").run(
      OWNER_USER_ID,
      now,
    );
    db.prepare(
      `INSERT INTO classrooms (id, name, capacity, features, created_at, updated_at)
       VALUES (?, 'Quick classes', 500, ?, ?, ?)`,
    ).run(
      QUICK_CLASSROOM_ID,
      JSON.stringify({ video: true, audio: true, chat: true, whiteboard: true, screenShare: true }),
      now,
      now,
    );
    // Carry existing rooms over as ad-hoc lectures.
    const rooms = db.prepare('SELECT id, name, status, started_at, ended_at FROM rooms').all() as {
      id: string;
      name: string;
      status: string;
      started_at: string;
      ended_at: string | null;
    }[];
    const insertLecture = db.prepare(
      `INSERT INTO lectures (id, title, date, classroom_id, teacher_id, created_by, status, max_participants,
                             ad_hoc, started_at, ended_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 500, 1, ?, ?, ?, ?)`,
    );
    const link = db.prepare('UPDATE rooms SET lecture_id = ? WHERE id = ?');
    for (const r of rooms) {
      const lectureId = `lecture-${r.id}`;
      const status = r.status === 'live' ? 'in-progress' : 'completed';
      insertLecture.run(
        lectureId,
        r.name,
        r.started_at,
        QUICK_CLASSROOM_ID,
        OWNER_USER_ID,
        OWNER_USER_ID,
        status,
        r.started_at,
        r.ended_at,
        now,
        now,
      );
      link.run(lectureId, r.id);
    }
  },
};
