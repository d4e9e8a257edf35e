/** Announcements (acknowledged across reconnects), moderation (delete, mute, remove) and typing, against a real host. */
import { describe, expect, it } from 'vitest';
import { joinClass } from '../../shared/client';
import { handshake } from '../test-support/raw';
import { connectWithToken, joinAsStudent, joinAsTeacher, startTestHost, waitFor, closeAfterEach } from '../test-support/testHost';
import { readDb, record } from './testSupport';

const track = closeAfterEach();

describe('announcements', () => {
  it('reach every student, again after a reconnect until acknowledged; the teacher sees who acknowledged', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const status = record(teacher, 'announcement_status');
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    const anaGot = record(ana, 'announcement');

    const sent = await teacher.request('announce:send', { text: 'Fire drill in 5 minutes', priority: 'urgent' });
    if (!sent.ok) throw new Error(sent.error.message);
    const id = sent.data.id;
    expect(await anaGot.until((a) => a.id === id)).toMatchObject({ text: 'Fire drill in 5 minutes', priority: 'urgent' });
    const first = await status.until((s) => s.announcements.length === 1);
    expect(first.announcements[0]).toMatchObject({ acknowledged: [], pending: ['Ana', 'Ben'] });

    expect(await ana.request('announce:ack', { announcementId: id })).toEqual({ ok: true, data: {} });
    await status.until((s) => s.announcements[0]!.acknowledged.join() === 'Ana');
    expect(status.last()!.announcements[0]!.pending).toEqual(['Ben']);

    // Ben drops and comes back: the announcement is delivered again; Ana's reconnect does not get it.
    ben.close();
    ana.close();
    const benBack = track(await connectWithToken(host.url, ben.token));
    const benGot = record(benBack, 'announcement');
    const anaBack = track(await connectWithToken(host.url, ana.token));
    const anaGotAgain = record(anaBack, 'announcement');
    await benBack.request('interaction:sync', {});
    await anaBack.request('interaction:sync', {});
    await benGot.until((a) => a.id === id);
    expect(anaGotAgain.all).toEqual([]);
    // A student joining late receives it too, and is listed as pending.
    const carl = track(await joinAsStudent(host, 'Carl'));
    const carlGot = record(carl, 'announcement');
    await carl.request('interaction:sync', {});
    await carlGot.until((a) => a.id === id);
    await status.until((s) => s.announcements[0]!.pending.join() === 'Ben,Carl');

    await benBack.request('announce:ack', { announcementId: id });
    await carl.request('announce:ack', { announcementId: id });
    await status.until((s) => s.announcements[0]!.pending.length === 0);
    expect(status.last()!.announcements[0]!.acknowledged).toEqual(['Ana', 'Ben', 'Carl']);
    expect(await anaBack.request('announce:ack', { announcementId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    readDb(host.dataDir, (db) => {
      expect(db.prepare('SELECT text, priority FROM announcements').all()).toEqual([{ text: 'Fire drill in 5 minutes', priority: 'urgent' }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM announcement_acks').get()).toEqual({ n: 3 });
    });
  });
});

describe('moderation', () => {
  it('deletes a message for everyone (archived as deleted), mutes with a reason, unmutes', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    const deleted = record(ben, 'chat_deleted');
    const anaMute = record(ana, 'mute_state');

    const rude = await ana.sendMessage('something rude');
    if (!rude.ok) throw new Error(rude.error.message);
    expect(rude.data).toMatchObject({ type: 'text', deleted: false, language: null });
    const code = await ben.request('chat:send', { text: 'print(1)', clientId: 'code-msg-0001', type: 'code', language: 'python' });
    expect(code).toMatchObject({ ok: true, data: { type: 'code', language: 'python' } });

    expect(await teacher.request('message:delete', { messageId: rude.data.id })).toEqual({ ok: true, data: {} });
    expect(await deleted.until((d) => d.messageId === rude.data.id)).toEqual({ messageId: rude.data.id, seq: rude.data.seq });
    expect(await teacher.request('message:delete', { messageId: rude.data.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // History shows it deleted, without its text; the archive keeps the text.
    const history = await ben.request('chat:history', { afterSeq: 0 });
    if (!history.ok) throw new Error(history.error.message);
    expect(history.data.messages.find((m) => m.id === rude.data.id)).toMatchObject({ deleted: true, text: '' });
    readDb(host.dataDir, (db) =>
      expect(db.prepare('SELECT text, deleted_at IS NOT NULL AS deleted FROM messages WHERE id = ?').get(rude.data.id)).toEqual({
        text: 'something rude',
        deleted: 1,
      }),
    );

    // A client that was away when the message was deleted hears about it on its next connect.
    ben.close();
    const benBack = track(await connectWithToken(host.url, ben.token));
    const benDeleted = record(benBack, 'chat_deleted');
    await benBack.request('interaction:sync', {});
    await benDeleted.until((d) => d.messageId === rude.data.id);

    expect(await teacher.request('chat:mute', { participantId: ana.you!.id, muted: true, reason: 'Please stay on topic' })).toMatchObject({ ok: true });
    expect(await anaMute.until((m) => m.muted)).toEqual({ muted: true, reason: 'Please stay on topic' });
    expect(await ana.sendMessage('hello?')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Please stay on topic') } });
    expect(await teacher.request('chat:mute', { participantId: teacher.you!.id, muted: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await teacher.request('chat:mute', { participantId: ana.you!.id, muted: false });
    await anaMute.until((m) => !m.muted);
    expect(await ana.sendMessage('sorry')).toMatchObject({ ok: true });

    readDb(host.dataDir, (db) =>
      expect(db.prepare('SELECT action, detail FROM moderation_actions ORDER BY id').all()).toEqual([
        { action: 'delete', detail: '' },
        { action: 'mute', detail: 'Please stay on topic' },
        { action: 'unmute', detail: '' },
      ]),
    );
  });

  it('removes a student: told why, disconnected, the session refused; a new join by code is a new participant', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const mallory = track(await joinAsStudent(host, 'Mallory'));
    const removed = record(mallory, 'removed');
    await mallory.request('hand:raise', {});
    const hands = record(teacher, 'hands');
    await teacher.request('interaction:sync', {});
    await hands.until((h) => h.hands.length === 1);

    expect(await teacher.request('class:remove', { participantId: mallory.you!.id })).toEqual({ ok: true, data: {} });
    await removed.until((r) => /removed you/.test(r.message));
    await waitFor(mallory, 'status', () => mallory.status === 'refused');
    await waitFor(teacher, 'participants', () => !teacher.participants.some((p) => p.name === 'Mallory'));
    await hands.until((h) => h.hands.length === 0);
    expect(await handshake(host.url, { token: mallory.token })).toMatchObject({ connected: false, data: { code: 'UNAUTHORIZED' } });
    await waitFor(teacher, 'messages', () => teacher.messages.some((m) => m.type === 'system' && m.text === 'Mallory was removed from the class.'));

    const again = await joinClass(host.url, { code: host.code!, name: 'Mallory' });
    expect(again.ok && again.data.participant.id).not.toBe(mallory.you!.id);
    expect(await teacher.request('class:remove', { participantId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('typing indicators', () => {
  it('shows who is typing, several at once, and clears on stop and on leave', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const typing = record(teacher, 'typing_state');
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    await ana.request('typing', { typing: true });
    await ben.request('typing', { typing: true });
    await typing.until((t) => t.typists.length === 2);
    expect(typing.last()!.typists.map((t) => t.name)).toEqual(['Ana', 'Ben']);
    await ana.request('typing', { typing: false });
    await typing.until((t) => t.typists.map((x) => x.name).join() === 'Ben');
    ben.close();
    await typing.until((t) => t.typists.length === 0);
  });
});

describe('read state', () => {
  it('stores the last-read seq per participant, only forward, shared with their other tabs and kept across reconnects', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const otherTab = track(await connectWithToken(host.url, ana.token));
    const otherTabRead = record(otherTab, 'read_state');
    for (const t of ['one', 'two', 'three']) await teacher.sendMessage(t);
    expect(await ana.request('chat:read', { seq: 2 })).toEqual({ ok: true, data: { lastReadSeq: 2 } });
    await otherTabRead.until((r) => r.lastReadSeq === 2);
    expect(await ana.request('chat:read', { seq: 1 })).toEqual({ ok: true, data: { lastReadSeq: 2 } });
    ana.close();
    const back = track(await connectWithToken(host.url, ana.token));
    const read = record(back, 'read_state');
    await back.request('interaction:sync', {});
    expect(await read.until(() => true)).toEqual({ lastReadSeq: 2 });
  });
});
