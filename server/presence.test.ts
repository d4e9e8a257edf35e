/**
 * Integration: the participant list goes out once (room_state) and then as deltas
 * (participant_joined / participant_left). Real host on 127.0.0.1:0, real sockets.
 */
import { describe, expect, it } from 'vitest';
import type { Participant, RoomState } from '../shared';
import type { RoomConnection } from '../shared/client';
import { joinRaw, waitUntil } from './test-support/raw';
import { closeAfterEach, joinAsStudent, joinAsTeacher, names, startTestHost, waitFor } from './test-support/testHost';

const track = closeAfterEach();

const dropTransport = (c: RoomConnection) =>
  (c as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine.close();

/** The participant of a delta event, as a raw client recorded it. */
const deltaNames = (payloads: unknown[]) => payloads.map((p) => (p as { participant: Participant }).participant.name);

describe('participant deltas', () => {
  it('sends each arrival and departure once, with the whole participant, and never a full list again', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const watcher = track(await joinRaw(host, 'Wanda'));
    const ana = await joinAsStudent(host, 'Ana');
    const ben = track(await joinAsStudent(host, 'Ben'));
    await ana.leave();
    await waitUntil(() => watcher.payloads('participant_left').length === 1, 5000, 'left');

    const deltas = watcher.events.filter((e) => e.event.startsWith('participant'));
    expect(deltas.map((e) => `${e.event}:${(e.args[0] as { participant: Participant }).participant.name}`)).toEqual([
      'participant_joined:Ana',
      'participant_joined:Ben',
      'participant_left:Ana',
    ]);
    const joined = (deltas[0]!.args[0] as { participant: Participant }).participant;
    expect(joined).toMatchObject({ id: ana.you!.id, name: 'Ana', role: 'student' });
    expect(Object.keys(joined).sort()).toEqual(['id', 'joinedAt', 'name', 'role']);
    // The watcher's own arrival is in its room_state, not a delta to itself.
    expect(deltaNames(watcher.payloads('participant_joined'))).not.toContain('Wanda');
    const state = watcher.payloads('room_state')[0] as RoomState;
    expect(names(state.participants)).toEqual(['Teacher:teacher', 'Wanda:student']);
    await waitFor(teacher, 'participants', () => teacher.participants.length === 3);
    expect(names(teacher.participants)).toEqual(['Teacher:teacher', 'Wanda:student', 'Ben:student']);
    expect(names(ben.participants)).toEqual(['Teacher:teacher', 'Wanda:student', 'Ben:student']);
  });

  it('keeps every client in the host order: teacher first, then students by arrival', async () => {
    const host = track(await startTestHost());
    // A student arrives before the teacher opens the console.
    const first = track(await joinAsStudent(host, 'First'));
    const teacher = track(await joinAsTeacher(host));
    const students = [];
    for (const name of ['B', 'C', 'D']) students.push(track(await joinAsStudent(host, name)));
    const expected = ['Teacher:teacher', 'First:student', 'B:student', 'C:student', 'D:student'];
    for (const c of [first, teacher, ...students]) {
      await waitFor(c, 'participants', () => c.participants.length === 5);
      expect(names(c.participants)).toEqual(expected);
    }
    // A latecomer's room_state matches what the others built from deltas.
    const late = track(await joinAsStudent(host, 'Late'));
    await waitFor(first, 'participants', () => first.participants.length === 6);
    expect(first.participants).toEqual(late.participants);
  });

  it('a reload within the grace period sends no delta and does not duplicate the student', async () => {
    const host = track(await startTestHost({ leaveGraceMs: 2_000 }));
    const watcher = track(await joinRaw(host, 'Wanda'));
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    await waitFor(teacher, 'participants', () => teacher.participants.length === 3);
    dropTransport(ana);
    await waitFor(ana, 'status', () => ana.status === 'reconnecting', 2000);
    await waitFor(ana, 'status', () => ana.status === 'connected', 5000);
    await teacher.sendMessage('after the reload');
    await waitUntil(() => watcher.payloads('chat_message').length === 1, 5000, 'chat');
    expect(deltaNames(watcher.payloads('participant_joined'))).toEqual(['Teacher', 'Ana']);
    expect(watcher.payloads('participant_left')).toEqual([]);
    expect(names(teacher.participants)).toEqual(['Teacher:teacher', 'Wanda:student', 'Ana:student']);
    expect(names(ana.participants)).toEqual(['Teacher:teacher', 'Wanda:student', 'Ana:student']);
  });

  it('announces a dropped student as left after the grace period', async () => {
    const host = track(await startTestHost({ leaveGraceMs: 100 }));
    const teacher = track(await joinAsTeacher(host));
    const watcher = track(await joinRaw(host, 'Wanda'));
    const ana = track(await joinRaw(host, 'Ana'));
    await waitFor(teacher, 'participants', () => teacher.participants.length === 3);
    ana.close();
    await waitFor(teacher, 'participants', () => teacher.participants.length === 2, 5000);
    expect(names(teacher.participants)).toEqual(['Teacher:teacher', 'Wanda:student']);
    await waitUntil(() => watcher.payloads('participant_left').length === 1, 5000, 'left');
    expect(deltaNames(watcher.payloads('participant_left'))).toEqual(['Ana']);
  });

  it('a client that was away while others came and went ends up with the right list', async () => {
    const host = track(await startTestHost({ leaveGraceMs: 50 }));
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = await joinAsStudent(host, 'Ben');
    await waitFor(ana, 'participants', () => ana.participants.length === 3);
    // Ana's connection drops and cannot come back until we say so.
    const stuck = ana as unknown as { socket: { io: { reconnectionDelay(ms: number): void } } };
    stuck.socket.io.reconnectionDelay(1_000);
    dropTransport(ana);
    await waitFor(ana, 'status', () => ana.status === 'reconnecting', 2000);
    await ben.leave();
    const cem = track(await joinAsStudent(host, 'Cem'));
    // Away longer than the grace period: the others see Ana leave, and come back later.
    await waitFor(teacher, 'participants', () => names(teacher.participants).join() === 'Teacher:teacher,Cem:student', 5000);
    // While away Ana still shows the old list; after reconnecting, the host's current one.
    expect(names(ana.participants)).toContain('Ben:student');
    await waitFor(ana, 'status', () => ana.status === 'connected', 5000);
    // Ana keeps her place: the list is ordered by first arrival in the class.
    const now = 'Teacher:teacher,Ana:student,Cem:student';
    await waitFor(teacher, 'participants', () => names(teacher.participants).join() === now, 5000);
    await waitFor(cem, 'participants', () => names(cem.participants).join() === now, 5000);
    expect(names(ana.participants).join()).toBe(now);
    expect(ana.participants).toEqual(teacher.participants);
    expect(cem.participants).toEqual(teacher.participants);
  });
});
