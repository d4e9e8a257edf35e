import type { Migration } from '../migrations';

/**
 * Shared surfaces (issue 6): whiteboard and code editor documents as Yjs updates, and shared
 * or handed-in files. Keyed by lecture id as plain text (no foreign key) so this migration
 * stands on its own, whatever other migrations add.
 */
export const migration004: Migration = {
  version: 4,
  name: 'surfaces',
  up(db) {
    db.exec(`
      -- Every accepted Yjs update, in order. Compaction replaces a document's rows with one
      -- merged snapshot row (is_snapshot = 1), inside one transaction.
      CREATE TABLE surface_updates (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        lecture_id  TEXT NOT NULL,
        surface     TEXT NOT NULL CHECK (surface IN ('board', 'code')),
        data        BLOB NOT NULL,
        is_snapshot INTEGER NOT NULL DEFAULT 0 CHECK (is_snapshot IN (0, 1)),
        created_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX surface_updates_doc ON surface_updates (lecture_id, surface, id);

      -- File contents live on disk under <dataDir>/files/<id>; never under the sent name.
      CREATE TABLE shared_files (
        id            TEXT PRIMARY KEY,
        lecture_id    TEXT NOT NULL,
        room_id       TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('shared', 'handin')),
        name          TEXT NOT NULL,
        size          INTEGER NOT NULL CHECK (size >= 0),
        uploader_id   TEXT NOT NULL,
        uploader_name TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX shared_files_lecture ON shared_files (lecture_id, created_at);
    `);
  },
};
