import { describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '../result';
import type { Session } from '../schemas/http';
import { joinByCode } from './joinByCode';

const session = { token: 't' } as unknown as Session;
/** A fake network: url → what POST /api/join answers there (undefined: never answers). */
function net(answers: Record<string, Result<Session> | undefined>) {
  return vi.fn(async (url: string) => {
    if (!(url in answers)) return fail('DISCONNECTED', 'unreachable');
    const a = answers[url];
    return a ?? new Promise<Result<Session>>(() => undefined);
  });
}
const req = { code: 'ABC123', name: 'Ana' };

describe('joinByCode: trying the code on each nearby host in turn', () => {
  it('joins the host that knows the code, skipping hosts that do not', async () => {
    const join = net({ 'http://a': fail('ROOM_NOT_FOUND', 'no'), 'http://b': ok(session), 'http://c': ok(session) });
    const res = await joinByCode([{ urls: ['http://a'] }, { urls: ['http://b'] }, { urls: ['http://c'] }], req, join);
    expect(res).toEqual({ ok: true, data: { hostUrl: 'http://b', session } });
    expect(join.mock.calls.map((c) => c[0])).toEqual(['http://a', 'http://b']); // stops at the first match
  });

  it("tries a host's next address when one is unreachable, and moves on from one that hangs", async () => {
    const join = net({ 'http://slow': undefined, 'http://b2': ok(session) });
    const res = await joinByCode([{ urls: ['http://slow'] }, { urls: ['http://b1', 'http://b2'] }], req, join, 50);
    expect(res).toMatchObject({ ok: true, data: { hostUrl: 'http://b2' } });
  });

  it("stops at a host's real answer (class full) instead of trying others", async () => {
    const join = net({ 'http://a': fail('CLASS_FULL', 'full'), 'http://b': ok(session) });
    const res = await joinByCode([{ urls: ['http://a'] }, { urls: ['http://b'] }], req, join);
    expect(res).toEqual(fail('CLASS_FULL', 'full'));
  });

  it('says no class has the code, or that a host is rate limiting, or that nothing is nearby', async () => {
    const none = await joinByCode([{ urls: ['http://a'] }], req, net({ 'http://a': fail('ROOM_NOT_FOUND', 'no') }));
    expect(none).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND', message: expect.stringMatching(/nearby/) } });
    const limited = await joinByCode(
      [{ urls: ['http://a'] }, { urls: ['http://b'] }],
      req,
      net({ 'http://a': fail('RATE_LIMITED', 'wait'), 'http://b': fail('ROOM_NOT_FOUND', 'no') }),
    );
    expect(limited).toEqual(fail('RATE_LIMITED', 'wait'));
    expect(await joinByCode([], req, net({}))).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
  });
});
