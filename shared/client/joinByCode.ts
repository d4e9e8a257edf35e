/**
 * Joining by code when the student did not type an address: try the join (POST /api/join) on
 * each nearby host in turn until one knows the code. Hosts never reveal their codes, so this is
 * the only way to find the right one; each wrong try counts against that host's guessing budget
 * like any other join.
 */
import { fail, ok, type Result } from '../result';
import type { JoinRequest, Session } from '../schemas/http';
import { joinClass } from './http';

export interface JoinCandidate {
  /** Base URLs of one host, tried in order while they are unreachable. */
  urls: string[];
}

export interface JoinedHost {
  hostUrl: string;
  session: Session;
}

/** An unreachable address must not stall the search: browsers wait minutes on a dead TCP SYN. */
const ATTEMPT_TIMEOUT_MS = 4_000;

/** Codes that mean "this host is not the one" (keep looking), as opposed to a real answer. */
const KEEP_LOOKING = new Set(['ROOM_NOT_FOUND', 'DISCONNECTED', 'RATE_LIMITED', 'INTERNAL']);

export async function joinByCode(
  hosts: JoinCandidate[],
  req: JoinRequest,
  join: typeof joinClass = joinClass,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
): Promise<Result<JoinedHost>> {
  if (hosts.length === 0) {
    return fail('ROOM_NOT_FOUND', 'No class was found nearby. Type the address shown on the teacher’s screen.');
  }
  let limited: Result<JoinedHost> | null = null;
  for (const host of hosts) {
    for (const url of host.urls) {
      const res = await withTimeout(join(url, req), timeoutMs);
      if (res.ok) return ok({ hostUrl: url, session: res.data });
      if (res.error.code === 'DISCONNECTED') continue; // next address of the same host
      // Rate limited: the code was not checked here, so the class may still be this one.
      if (res.error.code === 'RATE_LIMITED') limited = res;
      // A real answer from the host that has the code (class full, bad name…): stop here.
      if (!KEEP_LOOKING.has(res.error.code)) return res;
      break;
    }
  }
  return (
    limited ?? fail('ROOM_NOT_FOUND', 'No class nearby has that code. Check the code on the teacher’s screen, or type the address.')
  );
}

function withTimeout<T>(p: Promise<Result<T>>, ms: number): Promise<Result<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fail('DISCONNECTED', 'The host did not answer in time.')), ms);
    void p.then((r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}
