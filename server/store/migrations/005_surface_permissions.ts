import type { Migration } from '../migrations';

/**
 * Who may draw on the whiteboard and type in the code editor ("Give pen", "Who can type"),
 * kept with the lecture so a host restart mid-class restores them (issue 6). One row per
 * lecture and surface, written when the teacher changes it; no row means the defaults
 * (board: teacher only, code: everyone). Keyed by lecture id as plain text, like 004.
 */
export const migration005: Migration = {
  version: 5,
  name: 'surface_permissions',
  up(db) {
    db.exec(`
      CREATE TABLE surface_permissions (
        lecture_id      TEXT NOT NULL,
        surface         TEXT NOT NULL CHECK (surface IN ('board', 'code')),
        mode            TEXT NOT NULL CHECK (mode IN ('teacher', 'everyone', 'selected')),
        -- JSON array of participant ids (mode 'selected'); checked as JSON by SQLite too.
        participant_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(participant_ids) AND json_type(participant_ids) = 'array'),
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (lecture_id, surface)
      ) STRICT;
    `);
  },
};
