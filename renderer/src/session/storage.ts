/**
 * What survives a page reload: the session we are in (sessionStorage, so it is per tab and
 * gone when the tab closes). A reload reconnects with the same token: same participant.
 */
export interface StoredSession {
  baseUrl: string;
  token: string;
  role: 'teacher' | 'student';
  /** The teacher token, kept so a teacher reload can re-enter. Teacher only. */
  teacherToken?: string;
}

const KEY = 'tp.session';

export function loadSession(store: Storage = sessionStorage): StoredSession | null {
  try {
    const raw = store.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof v.baseUrl !== 'string' || typeof v.token !== 'string') return null;
    if (v.role !== 'teacher' && v.role !== 'student') return null;
    return v as StoredSession;
  } catch {
    return null;
  }
}

export function saveSession(s: StoredSession, store: Storage = sessionStorage): void {
  store.setItem(KEY, JSON.stringify(s));
}

export function clearSession(store: Storage = sessionStorage): void {
  store.removeItem(KEY);
}
