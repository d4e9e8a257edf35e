/**
 * File sharing: the teacher shares files with the class, students hand files in. Contents are
 * streamed to <dataDir>/files/<id> (never under the sent name), metadata goes to SQLite with
 * the lecture, and the socket only announces a file; it travels over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Participant } from '../../shared';
import type { SharedFile } from '../../shared/schemas/surfaces';
import { ServiceError } from '../services/errors';
import { isTeacherRole, type ResolvedSession } from '../services/sessions';
import type { StoredFile, SurfacesStore } from '../store/surfacesStore';
import { isAllowedType, looksExecutable, sanitizeFileName } from './fileNames';

export class FileTooLargeError extends ServiceError {
  constructor(max: number) {
    super('BAD_REQUEST', `Files can be at most ${Math.round(max / (1024 * 1024))} MB.`);
  }
}

export interface FilesDeps {
  store: SurfacesStore;
  dataDir: string;
  maxBytes: number;
  now(): string;
  lectureOf(roomId: string): string;
  /** The room is live (sessions of ended classes keep no access). */
  isLive(roomId: string): boolean;
  /** Tell the room (shared) or the teacher (handin) about a new file. */
  announce(roomId: string, file: SharedFile): void;
}

export const publicFile = (f: StoredFile): SharedFile => ({
  id: f.id,
  kind: f.kind,
  name: f.name,
  size: f.size,
  uploaderId: f.uploaderId,
  uploaderName: f.uploaderName,
  createdAt: f.createdAt,
});

export function createFileService(deps: FilesDeps) {
  const dir = path.join(deps.dataDir, 'files');
  const pathOf = (id: string) => path.join(dir, id);

  /** Streams `body` to disk, checking size and type as it goes. */
  async function receive(body: Readable, rawName: string, declaredLength: number | undefined): Promise<{ id: string; name: string; size: number }> {
    const name = sanitizeFileName(rawName);
    if (!isAllowedType(name)) throw new ServiceError('BAD_REQUEST', `Files of this type cannot be shared: ${name}`);
    if (declaredLength !== undefined && declaredLength > deps.maxBytes) throw new FileTooLargeError(deps.maxBytes);
    fs.mkdirSync(dir, { recursive: true });
    const id = randomUUID();
    const partial = pathOf(`${id}.part`);
    const out = fs.createWriteStream(partial, { flags: 'wx' });
    let size = 0;
    try {
      size = await pipeChecked(body, out, deps.maxBytes);
    } catch (err) {
      out.destroy();
      fs.rmSync(partial, { force: true });
      throw err;
    }
    if (declaredLength !== undefined && size !== declaredLength) {
      fs.rmSync(partial, { force: true });
      throw new ServiceError('BAD_REQUEST', 'The upload was cut short.');
    }
    fs.renameSync(partial, pathOf(id));
    return { id, name, size };
  }

  function requireLive(session: ResolvedSession) {
    if (!deps.isLive(session.roomId)) throw new ServiceError('ROOM_ENDED');
  }

  async function add(kind: SharedFile['kind'], session: ResolvedSession, body: Readable, rawName: string, length?: number) {
    requireLive(session);
    const got = await receive(body, rawName, length);
    const who: Participant = session.participant;
    const file: StoredFile = {
      ...got,
      kind,
      lectureId: deps.lectureOf(session.roomId),
      roomId: session.roomId,
      uploaderId: who.id,
      uploaderName: who.name,
      createdAt: deps.now(),
    };
    deps.store.insertFile(file);
    deps.announce(session.roomId, publicFile(file));
    return publicFile(file);
  }

  /** May this participant see the file? Students: shared files and their own hand-ins. */
  function visibleTo(file: StoredFile, session: ResolvedSession): boolean {
    if (file.lectureId !== deps.lectureOf(session.roomId)) return false;
    return isTeacherRole(session.participant.role) || file.kind === 'shared' || file.uploaderId === session.participant.id;
  }

  return {
    maxBytes: deps.maxBytes,
    share(session: ResolvedSession, body: Readable, rawName: string, length?: number) {
      if (!isTeacherRole(session.participant.role)) throw new ServiceError('FORBIDDEN', 'Only the teacher can share files with the class.');
      return add('shared', session, body, rawName, length);
    },
    handIn(session: ResolvedSession, body: Readable, rawName: string, length?: number) {
      return add('handin', session, body, rawName, length);
    },
    /** The file and where its contents are, if this session may download it. */
    open(session: ResolvedSession, id: string): { file: SharedFile; path: string } {
      requireLive(session);
      const file = deps.store.fileById(id);
      if (!file || !visibleTo(file, session)) throw new ServiceError('NOT_FOUND', 'No such file in this class.');
      return { file: publicFile(file), path: pathOf(file.id) };
    },
    /** Every file of a lecture, shared and handed in (the teacher's archive; no session needed). */
    archived(lectureId: string): SharedFile[] {
      return deps.store.lectureFiles(lectureId).map(publicFile);
    },
    /** A file of the lecture's archive and where its contents are. */
    openArchived(lectureId: string, id: string): { file: SharedFile; path: string } {
      const file = deps.store.fileById(id);
      if (!file || file.lectureId !== lectureId) throw new ServiceError('NOT_FOUND', 'No such file in this lecture.');
      return { file: publicFile(file), path: pathOf(file.id) };
    },
    list(session: ResolvedSession): SharedFile[] {
      return deps.store
        .lectureFiles(deps.lectureOf(session.roomId))
        .filter((f) => visibleTo(f, session))
        .map(publicFile);
    },
  };
}
export type FileService = ReturnType<typeof createFileService>;

/**
 * Copies `body` into `out`, refusing programs and anything over `max` bytes. On refusal the
 * rest of the body is drained, not destroyed, so the client still reads our JSON reply (see
 * readJson in ../http/body.ts for why).
 */
function pipeChecked(body: Readable, out: fs.WriteStream, max: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      body.off('data', onData);
      body.off('end', onEnd);
      if (err) {
        body.resume();
        return reject(err);
      }
      out.end((e?: Error | null) => (e ? reject(e) : resolve(size)));
    };
    const onData = (chunk: Buffer) => {
      if (size === 0 && looksExecutable(chunk)) return finish(new ServiceError('BAD_REQUEST', 'Programs cannot be shared.'));
      size += chunk.length;
      if (size > max) return finish(new FileTooLargeError(max));
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    };
    const onEnd = () => finish();
    body.on('data', onData);
    body.on('end', onEnd);
    body.once('error', (err) => finish(err));
    out.once('error', (err) => finish(err));
  });
}
