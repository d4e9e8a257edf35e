/**
 * Storage for shared surfaces (issue 6): Yjs updates per (lecture, surface), who may edit
 * each surface, and file metadata. Prepared statements only; the Yjs merging itself happens
 * in server/surfaces.
 */
import type { Database } from 'better-sqlite3';
import { SurfacePermissionSchema, type SharedFile, type SurfaceKind, type SurfacePermission } from '../../shared/schemas/surfaces';

interface FileRow {
  id: string;
  lecture_id: string;
  room_id: string;
  kind: 'shared' | 'handin';
  name: string;
  size: number;
  uploader_id: string;
  uploader_name: string;
  created_at: string;
}

export interface StoredFile extends SharedFile {
  lectureId: string;
  roomId: string;
}

const toFile = (r: FileRow): StoredFile => ({
  id: r.id,
  lectureId: r.lecture_id,
  roomId: r.room_id,
  kind: r.kind,
  name: r.name,
  size: r.size,
  uploaderId: r.uploader_id,
  uploaderName: r.uploader_name,
  createdAt: r.created_at,
});

export type SurfacesStore = ReturnType<typeof createSurfacesStore>;

export function createSurfacesStore(db: Database) {
  const s = {
    append: db.prepare<[string, string, Buffer, number, string]>(
      'INSERT INTO surface_updates (lecture_id, surface, data, is_snapshot, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    updates: db.prepare<[string, string], { id: number; data: Buffer }>(
      'SELECT id, data FROM surface_updates WHERE lecture_id = ? AND surface = ? ORDER BY id',
    ),
    countSince: db.prepare<[string, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM surface_updates WHERE lecture_id = ? AND surface = ? AND is_snapshot = 0',
    ),
    deleteUpTo: db.prepare<[string, string, number]>(
      'DELETE FROM surface_updates WHERE lecture_id = ? AND surface = ? AND id <= ?',
    ),
    insertFile: db.prepare<[string, string, string, string, string, number, string, string, string]>(
      `INSERT INTO shared_files (id, lecture_id, room_id, kind, name, size, uploader_id, uploader_name, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    fileById: db.prepare<[string], FileRow>('SELECT * FROM shared_files WHERE id = ?'),
    lectureFiles: db.prepare<[string], FileRow>('SELECT * FROM shared_files WHERE lecture_id = ? ORDER BY created_at, rowid'),
    permissions: db.prepare<[string], { surface: SurfaceKind; mode: string; participant_ids: string }>(
      'SELECT surface, mode, participant_ids FROM surface_permissions WHERE lecture_id = ?',
    ),
    setPermission: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO surface_permissions (lecture_id, surface, mode, participant_ids, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (lecture_id, surface) DO UPDATE SET mode = excluded.mode, participant_ids = excluded.participant_ids, updated_at = excluded.updated_at`,
    ),
  };

  const compactTx = db.transaction((lectureId: string, surface: SurfaceKind, upToId: number, snapshot: Buffer, at: string) => {
    s.deleteUpTo.run(lectureId, surface, upToId);
    s.append.run(lectureId, surface, snapshot, 1, at);
  });

  return {
    /** Stores one update; returns its row id (compaction covers rows up to an id). */
    appendUpdate(lectureId: string, surface: SurfaceKind, update: Uint8Array, at: string): number {
      return Number(s.append.run(lectureId, surface, Buffer.from(update.buffer, update.byteOffset, update.byteLength), 0, at).lastInsertRowid);
    },
    /** Every stored update of a document in order (a snapshot first once compacted). */
    updates(lectureId: string, surface: SurfaceKind): { id: number; data: Uint8Array }[] {
      return s.updates.all(lectureId, surface);
    },
    /** Updates stored since the last compaction. */
    pendingCount(lectureId: string, surface: SurfaceKind): number {
      return s.countSince.get(lectureId, surface)!.n;
    },
    /** Replaces rows up to `upToId` with one snapshot, atomically. */
    compact(lectureId: string, surface: SurfaceKind, upToId: number, snapshot: Uint8Array, at: string): void {
      compactTx(lectureId, surface, upToId, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), at);
    },
    insertFile(f: StoredFile): void {
      s.insertFile.run(f.id, f.lectureId, f.roomId, f.kind, f.name, f.size, f.uploaderId, f.uploaderName, f.createdAt);
    },
    fileById(id: string): StoredFile | undefined {
      const row = s.fileById.get(id);
      return row && toFile(row);
    },
    lectureFiles(lectureId: string): StoredFile[] {
      return s.lectureFiles.all(lectureId).map(toFile);
    },
    /** The permissions the teacher set for a lecture's surfaces (absent: never changed). */
    permissions(lectureId: string): Partial<Record<SurfaceKind, SurfacePermission>> {
      const out: Partial<Record<SurfaceKind, SurfacePermission>> = {};
      for (const row of s.permissions.all(lectureId)) {
        // Parsed like anything read back: a row that does not fit is ignored (defaults apply).
        const parsed = SurfacePermissionSchema.safeParse({ mode: row.mode, participantIds: JSON.parse(row.participant_ids) });
        if (parsed.success) out[row.surface] = parsed.data;
      }
      return out;
    },
    setPermission(lectureId: string, surface: SurfaceKind, p: SurfacePermission, at: string): void {
      s.setPermission.run(lectureId, surface, p.mode, JSON.stringify(p.participantIds), at);
    },
  };
}
