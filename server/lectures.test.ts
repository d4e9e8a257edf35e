/**
 * Classrooms and lectures through the programmatic API and real clients: authorization
 * matrix, lifecycle with a live class, capacity, feature toggles.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../shared';
import { joinClass } from '../shared/client';
import type { TeachingPlayground } from './playground';
import { joinAsStudent, startTestHost, waitFor, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

const FUTURE = '2030-01-15T09:00:00Z';

async function cast(pg: TeachingPlayground) {
  const admin = pg;
  const owner = pg.as(await pg.createUser({ name: 'Owner Teacher', role: 'teacher' }));
  const other = pg.as(await pg.createUser({ name: 'Other Teacher', role: 'teacher' }));
  const student = pg.as(await pg.createUser({ name: 'Stu Dent', role: 'student' }));
  return { admin, owner, other, student };
}

async function refused(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toMatchObject({ code });
}

describe('authorization matrix', () => {
  it('each operation × owner teacher, other teacher, student, admin', async () => {
    const host = track(await startTestHost());
    const { admin, owner, other, student } = await cast(host.playground);
    const room = await owner.createClassroom({ name: 'Lab', capacity: 30 });
    const schedule = (as: TeachingPlayground) => as.scheduleLecture({ title: 'Cells', date: FUTURE, classroomId: room.id });

    // schedule: teachers and admins, not students
    await refused(schedule(student), 'FORBIDDEN');
    await refused(student.createClassroom({ name: 'x', capacity: 1 }), 'FORBIDDEN');
    const lecture = await schedule(owner);
    expect((await schedule(other)).teacherId).toBe(other.currentUser.id);
    expect((await schedule(admin)).teacherId).toBe(admin.currentUser.id);

    // update / cancel / start / end: owner or admin only
    for (const as of [other, student]) {
      await refused(as.updateLecture(lecture.id, { title: 'Hijacked' }), 'FORBIDDEN');
      await refused(as.cancelLecture(lecture.id), 'FORBIDDEN');
      await refused(as.startLecture(lecture.id), 'FORBIDDEN');
      await refused(as.endLecture(lecture.id), 'FORBIDDEN');
    }
    expect((await owner.updateLecture(lecture.id, { title: 'Cells 2' })).title).toBe('Cells 2');
    expect((await admin.updateLecture(lecture.id, { description: 'by admin' })).description).toBe('by admin');

    // the archive: staff only; users: admin only
    await refused(student.getLectureDetails(lecture.id), 'FORBIDDEN');
    await refused(owner.createUser({ name: 'X', role: 'admin' }), 'FORBIDDEN');
    await refused(student.getTeacherLectures(), 'FORBIDDEN');
    expect((await owner.getTeacherLectures()).map((l) => l.id)).toEqual([lecture.id]);

    // nothing a refused call attempted changed anything
    const after = (await admin.listLectures()).find((l) => l.id === lecture.id)!;
    expect(after).toMatchObject({ title: 'Cells 2', status: 'scheduled' });
  });
});

describe('lecture lifecycle with a live class', () => {
  it('start opens a fresh code; students join; end completes it and sends everyone home', async () => {
    const host = track(await startTestHost());
    const pg = host.playground;
    const room = await pg.createClassroom({ name: 'Room 12', capacity: 30 });
    const scheduled = await pg.scheduleLecture({ title: 'Photosynthesis', date: FUTURE, classroomId: room.id });
    expect((await pg.listClassrooms()).find((c) => c.id === room.id)?.status).toBe('scheduled');
    await refused(pg.endLecture(scheduled.id), 'INVALID_TRANSITION');

    const started = await pg.startLecture(scheduled.id);
    expect(started.status).toBe('in-progress');
    expect(started.code).toMatch(/^[0-9A-Z]{6}$/);
    expect((await pg.listClassrooms()).find((c) => c.id === room.id)?.status).toBe('occupied');
    await refused(pg.cancelLecture(scheduled.id), 'INVALID_TRANSITION');

    const ana = track(await joinAsStudent(host, 'Ana', started.code!));
    expect(ana.room?.name).toBe('Photosynthesis');
    await ana.sendMessage('present');
    const ended = await pg.endLecture(scheduled.id);
    expect(ended).toMatchObject({ status: 'completed', code: null });
    await waitFor(ana, 'status', () => ana.status === 'ended');
    expect((await pg.listClassrooms()).find((c) => c.id === room.id)?.status).toBe('available');

    const details = await pg.getLectureDetails(scheduled.id);
    expect(details.transcript.map((m) => m.text)).toEqual(['present']);
    expect(details.attendance.map((a) => a.name)).toEqual(['Ana']);
    expect(details.attendance[0]).toMatchObject({ present: false, messages: 1 });
    expect(await pg.attendanceCsv(scheduled.id)).toMatch(/^name,first join/);
    expect(await pg.transcriptText(scheduled.id)).toContain('Ana (student): present');
  });

  it('delayed and cancelled follow the state machine; filters find lectures', async () => {
    const host = track(await startTestHost());
    const pg = host.playground;
    const a = await pg.createClassroom({ name: 'A', capacity: 10 });
    const b = await pg.createClassroom({ name: 'B', capacity: 10 });
    const l1 = await pg.scheduleLecture({ title: 'One', date: '2030-01-01T09:00:00Z', classroomId: a.id });
    const l2 = await pg.scheduleLecture({ title: 'Two', date: '2030-02-01T09:00:00Z', classroomId: b.id });
    expect((await pg.updateLecture(l1.id, { status: 'delayed' })).status).toBe('delayed');
    expect((await pg.cancelLecture(l2.id)).status).toBe('cancelled');
    await refused(pg.startLecture(l2.id), 'INVALID_TRANSITION');
    await refused(pg.updateLecture(l2.id, { title: 'zombie' }), 'CONFLICT');

    const titles = async (f: Parameters<TeachingPlayground['listLectures']>[0]) => (await pg.listLectures(f)).map((l) => l.title);
    expect(await titles({ classroomId: a.id })).toEqual(['One']);
    expect(await titles({ status: 'cancelled' })).toEqual(['Two']);
    expect(await titles({ from: '2030-01-15T00:00:00Z', to: '2030-03-01T00:00:00Z' })).toEqual(['Two']);
    await refused(pg.listLectures({ from: 'yesterday' }), 'BAD_REQUEST');
    await refused(pg.scheduleLecture({ title: 'Too big', date: FUTURE, classroomId: a.id, maxParticipants: 11 }), 'BAD_REQUEST');
    await refused(pg.deleteClassroom(a.id), 'CONFLICT');
    await pg.deleteClassroom(b.id);
    expect((await pg.listClassrooms()).map((c) => c.name)).toEqual(expect.not.arrayContaining(['B']));
  });
});

describe('classroom rules at the door and in class', () => {
  it('the student after the last seat gets "class is full"', async () => {
    const host = track(await startTestHost());
    const pg = host.playground;
    const room = await pg.createClassroom({ name: 'Small', capacity: 2 });
    const l = await pg.startLecture((await pg.scheduleLecture({ title: 'Tiny', date: FUTURE, classroomId: room.id })).id);
    track(await joinAsStudent(host, 'One', l.code!));
    track(await joinAsStudent(host, 'Two', l.code!));
    const third = await joinClass(host.url, { code: l.code!, name: 'Three' });
    expect(third).toMatchObject({ ok: false, error: { code: 'CLASS_FULL' } });
    if (!third.ok) expect(third.error.message).toMatch(/full/);
  });

  it('chat turned off is refused by the host and reported in room_state', async () => {
    const host = track(await startTestHost());
    const pg = host.playground;
    const room = await pg.createClassroom({ name: 'Quiet', capacity: 5, features: { chat: false } });
    const l = await pg.startLecture((await pg.scheduleLecture({ title: 'Exam', date: FUTURE, classroomId: room.id })).id);
    const ana = track(await joinAsStudent(host, 'Ana', l.code!));
    const sent = await ana.sendMessage('psst');
    expect(sent).toMatchObject({ ok: false, error: { code: 'FEATURE_DISABLED' } });
    await pg.updateClassroom(room.id, { features: { chat: true } });
    expect((await ana.sendMessage('now ok')).ok).toBe(true);
    // And off again mid-class: the host's cached toggles follow at once.
    await pg.updateClassroom(room.id, { features: { chat: false } });
    expect(await ana.sendMessage('again')).toMatchObject({ ok: false, error: { code: 'FEATURE_DISABLED' } });
  });

  it('getSystemStatus reports rooms, connections and lectures', async () => {
    const host = track(await startTestHost());
    track(await joinAsStudent(host, 'Ana'));
    const status = host.playground.getSystemStatus();
    expect(status.communication.connections).toBe(1);
    expect(status.communication.activeRooms).toBe(1);
    expect(status.events.totalLectures).toBe(1); // the ad-hoc lecture "Host a class" made
    expect(status.data.isHealthy).toBe(true);
  });
});

export type { User };
