import { describe, expect, it } from 'vitest';
import { toHostUrl } from './screens/JoinScreen';
import { clearSession, loadSession, saveSession } from './session/storage';

describe('toHostUrl: what a student types as the host address', () => {
  it.each([
    ['192.168.1.20', 'http://192.168.1.20:4321'],
    ['192.168.1.20:5000', 'http://192.168.1.20:5000'],
    [' http://10.0.0.5:4321/ ', 'http://10.0.0.5:4321'],
    ['http://teacher.local', 'http://teacher.local'],
  ])('%s → %s', (typed, url) => expect(toHostUrl(typed)).toBe(url));

  it('rejects empty and nonsense input', () => {
    expect(toHostUrl('   ')).toBeNull();
    expect(toHostUrl('http://')).toBeNull();
  });
});

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('session storage (what a reload resumes)', () => {
  it('round-trips a session and clears it', () => {
    const store = new MemoryStorage();
    expect(loadSession(store)).toBeNull();
    saveSession({ baseUrl: 'http://h:1', token: 't'.repeat(20), role: 'student' }, store);
    expect(loadSession(store)).toEqual({ baseUrl: 'http://h:1', token: 't'.repeat(20), role: 'student' });
    clearSession(store);
    expect(loadSession(store)).toBeNull();
  });

  it('ignores corrupt or foreign values instead of crashing', () => {
    const store = new MemoryStorage();
    store.setItem('tp.session', '{not json');
    expect(loadSession(store)).toBeNull();
    store.setItem('tp.session', JSON.stringify({ baseUrl: 'x', token: 'y', role: 'admin' }));
    expect(loadSession(store)).toBeNull();
  });
});
