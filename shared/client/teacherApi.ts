/**
 * The teacher's HTTP API client (classrooms, lectures, archive, backup). Authorised with the
 * teacher token; every reply parsed with its shared schema.
 */
import { z } from 'zod';
import { fail, resultSchema, type Result } from '../result';
import {
  ClassroomSchema,
  LectureDetailsSchema,
  LectureSchema,
  type Classroom,
  type ClassroomCreate,
  type ClassroomUpdate,
  type Lecture,
  type LectureCreate,
  type LectureDetails,
  type LectureFilters,
} from '../schemas/lectures';
import { RotateCodeReplySchema, SECURITY_API } from '../schemas/security';

export interface Download {
  blob: Blob;
  filename: string;
}

export class TeacherApi {
  constructor(
    readonly baseUrl: string,
    private readonly teacherToken: string,
  ) {}

  /** New codes for live classes after a code-guessing warning (server/http/securityApi.ts). */
  rotateCode = (roomId?: string) => this.json('POST', SECURITY_API.rotateCode, RotateCodeReplySchema, roomId ? { roomId } : {});
  listClassrooms = () => this.json('GET', '/api/classrooms', z.array(ClassroomSchema));
  createClassroom = (input: ClassroomCreate) => this.json('POST', '/api/classrooms', ClassroomSchema, input);
  updateClassroom = (id: string, patch: ClassroomUpdate) =>
    this.json('PATCH', `/api/classrooms/${encodeURIComponent(id)}`, ClassroomSchema, patch);
  deleteClassroom = (id: string) => this.json('DELETE', `/api/classrooms/${encodeURIComponent(id)}`, z.object({}));
  listLectures = (filters: LectureFilters = {}) =>
    this.json('GET', `/api/lectures?${new URLSearchParams(filters as Record<string, string>)}`, z.array(LectureSchema));
  scheduleLecture = (input: LectureCreate) => this.json('POST', '/api/lectures', LectureSchema, input);
  startLecture = (id: string) => this.json('POST', `/api/lectures/${encodeURIComponent(id)}/start`, LectureSchema);
  endLecture = (id: string) => this.json('POST', `/api/lectures/${encodeURIComponent(id)}/end`, LectureSchema);
  cancelLecture = (id: string) => this.json('POST', `/api/lectures/${encodeURIComponent(id)}/cancel`, LectureSchema);
  lectureDetails = (id: string): Promise<Result<LectureDetails>> =>
    this.json('GET', `/api/lectures/${encodeURIComponent(id)}`, LectureDetailsSchema);
  attendanceCsv = (id: string) => this.download(`/api/lectures/${encodeURIComponent(id)}/attendance.csv`);
  transcript = (id: string) => this.download(`/api/lectures/${encodeURIComponent(id)}/transcript.txt`);
  backup = () => this.download('/api/backup');

  /** Uploads a backup; the host checks it and switches to it on its next start. */
  async restore(file: Blob): Promise<Result<{ message: string }>> {
    let res: Response;
    try {
      res = await fetch(new URL('/api/restore', this.baseUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.teacherToken}`, 'Content-Type': 'application/octet-stream' },
        body: file,
      });
    } catch {
      return fail('DISCONNECTED', 'Could not reach the classroom host.');
    }
    const parsed = resultSchema(z.object({ message: z.string() })).safeParse(await res.json().catch(() => null));
    return parsed.success ? parsed.data : fail('INTERNAL', `The host answered with something unexpected (HTTP ${res.status}).`);
  }

  /** A lecture's whiteboard or code document as one Yjs update, for the read-only archive view. */
  async surfaceState(lectureId: string, surface: 'board' | 'code'): Promise<Result<Uint8Array>> {
    const res = await this.fetch('GET', `/api/files/archive/${encodeURIComponent(lectureId)}/${surface}`);
    if (!res) return fail('DISCONNECTED', 'Could not reach the classroom host.');
    if (!res.ok) return fail('INTERNAL', `Could not load the ${surface === 'board' ? 'whiteboard' : 'code'} (HTTP ${res.status}).`);
    return { ok: true, data: new Uint8Array(await res.arrayBuffer()) };
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response | null> {
    try {
      return await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          Authorization: `Bearer ${this.teacherToken}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      return null;
    }
  }

  private async json<T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown): Promise<Result<z.infer<T>>> {
    const res = await this.fetch(method, path, body);
    if (!res) return fail('DISCONNECTED', 'Could not reach the classroom host.');
    const parsed = resultSchema(schema).safeParse(await res.json().catch(() => null));
    if (!parsed.success) return fail('INTERNAL', `The host answered with something unexpected (HTTP ${res.status}).`);
    return parsed.data as Result<z.infer<T>>;
  }

  private async download(path: string): Promise<Result<Download>> {
    const res = await this.fetch('GET', path);
    if (!res) return fail('DISCONNECTED', 'Could not reach the classroom host.');
    if (!res.ok) {
      const parsed = resultSchema(z.unknown()).safeParse(await res.json().catch(() => null));
      return parsed.success && !parsed.data.ok ? parsed.data : fail('INTERNAL', `Download failed (HTTP ${res.status}).`);
    }
    const disposition = res.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download';
    return { ok: true, data: { blob: await res.blob(), filename } };
  }
}

export type { Classroom, Lecture, LectureDetails };
