/**
 * Secrets (issue #7, item 9): the teacher token and session tokens never appear in log lines
 * (pino redact, REDACT_PATHS in server/log.ts), and the teacher token never reaches a student:
 * not in the join reply, not in any socket event. Sockets without a session token are refused.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS, type Logger } from '../log';
import { handshake, http, joinRaw } from '../test-support/raw';
import { joinAsTeacher, startTestHost, closeAfterEach } from '../test-support/testHost';

const track = closeAfterEach();

/** The host's logger configuration, writing into a string instead of stderr. */
function capturingLogger(): { logger: Logger; text(): string } {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      cb();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
  return { logger, text: () => out };
}

describe('secrets in logs', () => {
  it('redacts tokens wherever the code logs them', () => {
    const cap = capturingLogger();
    const secret = 'T0pSecretTeacherToken_abcdefghijklmnopqrstuv';
    cap.logger.info({ token: secret }, 'a');
    cap.logger.info({ teacherToken: secret }, 'b');
    cap.logger.info({ session: { token: secret } }, 'c');
    cap.logger.info({ auth: { token: secret } }, 'd');
    cap.logger.info({ headers: { authorization: `Bearer ${secret}` } }, 'e');
    cap.logger.info({ req: { headers: { authorization: `Bearer ${secret}` } } }, 'f');
    expect(cap.text().split('\n').filter(Boolean)).toHaveLength(6);
    expect(cap.text()).not.toContain(secret);
    expect(cap.text()).toContain('[redacted]');
  });

  it('a whole class — teacher link, wrong tokens, joins, chat, end — logs no token', async () => {
    const cap = capturingLogger();
    const host = track(await startTestHost({ logger: cap.logger }));
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinRaw(host, 'Ana'));
    await ana.socket.timeout(2000).emitWithAck('chat:send', { text: 'hello', clientId: 'secret-test-1' });
    // Wrong teacher tokens (one is the real one with a character more), and the teacher token
    // used where a session token belongs.
    for (const token of [`${host.teacherToken}x`, ana.token, 'nope']) {
      await http(`${host.url}/api/teacher/session`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    }
    await handshake(host.url, { token: host.teacherToken });
    await handshake(host.url, { token: `${ana.token}zz` });
    await http(`${host.url}/api/status`, { headers: { authorization: `Bearer ${ana.token}` } });
    await teacher.endClass();
    await new Promise((r) => setTimeout(r, 100));
    const logs = cap.text();
    expect(logs.length).toBeGreaterThan(200); // it did log
    for (const secret of [host.teacherToken, teacher.token, ana.token]) {
      expect(logs).not.toContain(secret);
      expect(logs).not.toContain(secret.slice(0, 20)); // nor a prefix of it
    }
  });
});

describe('the teacher token stays with the teacher', () => {
  it('never appears in what a student receives over HTTP or the socket', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const joinReply = await http(`${host.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: host.code, name: 'Ana' }),
    });
    const ana = track(await joinRaw(host, 'Ben'));
    await teacher.sendMessage('hi class');
    await ana.socket.timeout(2000).emitWithAck('chat:send', { text: 'hi', clientId: 'token-leak-1' });
    await ana.socket.timeout(2000).emitWithAck('chat:history', { afterSeq: 0 });
    const health = await http(`${host.url}/health`);
    const page = await http(`${host.url}/`);
    await new Promise((r) => setTimeout(r, 100));
    const seen = JSON.stringify([joinReply.text, ana.events, health.text, page.text]);
    expect(seen).not.toContain(host.teacherToken);
    expect(seen).not.toContain(teacher.token);
    expect(ana.events.length).toBeGreaterThan(3);
  });
});
