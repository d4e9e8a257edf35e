/**
 * HTTP calls to a host: join by code, enter as the teacher. Every reply is parsed with its
 * shared schema; network failures become typed errors a person can act on.
 */
import type { z } from 'zod';
import { fail, resultSchema, type Result } from '../result';
import {
  API,
  SessionSchema,
  TeacherSessionSchema,
  type JoinRequest,
  type Session,
  type TeacherSession,
} from '../schemas/http';

async function post<T extends z.ZodType>(
  url: string,
  body: unknown,
  schema: T,
  headers: Record<string, string> = {},
): Promise<Result<z.infer<T>>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  } catch {
    return fail('DISCONNECTED', 'Could not reach the classroom host. Check that you are on the same network.');
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return fail('INTERNAL', `The host answered with something unexpected (HTTP ${res.status}).`);
  }
  const parsed = resultSchema(schema).safeParse(json);
  if (!parsed.success) return fail('INTERNAL', 'The host answered with something unexpected.');
  return parsed.data as Result<z.infer<T>>;
}

const join = (base: string, path: string) => new URL(path, base).toString();

/** Join a class as a student. */
export function joinClass(baseUrl: string, req: JoinRequest): Promise<Result<Session>> {
  return post(join(baseUrl, API.join), req, SessionSchema);
}

/** Enter the host's live class as its teacher (or open a new one). */
export function enterAsTeacher(
  baseUrl: string,
  teacherToken: string,
  opts: { newClass?: boolean; name?: string } = {},
): Promise<Result<TeacherSession>> {
  return post(join(baseUrl, API.teacherSession), opts, TeacherSessionSchema, {
    Authorization: `Bearer ${teacherToken}`,
  });
}
