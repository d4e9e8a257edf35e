/**
 * Live strokes, per-tick coalescing and stored permissions through a real host: real SQLite
 * file, real socket.io clients, the same Yjs provider the UI uses.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import type { RoomConnection } from '../../shared/client';
import type { LiveStroke } from '../../shared/schemas/surfaces';
import { RemoteLiveStrokes } from '../../renderer/src/surfaces/liveStrokes';
import { SurfaceSync } from '../../renderer/src/surfaces/surfaceSync';
import { awarenessStates, checkLiveStrokes } from './liveStrokes';
import { connectRaw, waitUntil } from '../test-support/raw';
import { closeAfterEach, connectWithToken, joinAsStudent, joinAsTeacher, startTestHost } from '../test-support/testHost';

const track = closeAfterEach();

async function synced(conn: RoomConnection, surface: 'board' | 'code') {
  const s = new SurfaceSync(conn, surface, { minIntervalMs: 5, awarenessIntervalMs: 10 });
  track({ close: () => s.destroy() });
  await waitUntil(() => s.synced, 5000, `${surface} sync`);
  return s;
}
const stroke = (id: string, points: number[]): LiveStroke => ({ id, page: '1', tool: 'pen', color: '#111827', size: 4, points });
/** An awareness update carrying `state` for a fresh client id. */
function awarenessWith(state: Record<string, unknown>): Uint8Array {
  const a = new Awareness(new Y.Doc());
  a.setLocalState(state);
  const update = encodeAwarenessUpdate(a, [a.clientID]);
  a.destroy();
  return update;
}

describe('live strokes', () => {
  it('others see a stroke grow before it is committed; the committed stroke is one item and one undo step', async () => {
    const h = track(await startTestHost());
    const teacher = track(await joinAsTeacher(h));
    const ana = track(await joinAsStudent(h, 'Ana'));
    const t = await synced(teacher, 'board');
    const a = await synced(ana, 'board');
    let repaints = 0;
    const seen = new RemoteLiveStrokes(a.awareness, () => repaints++);
    track({ close: () => seen.destroy() });
    const none = new Set<string>();

    // Pen down and moving: only the awareness carries the stroke.
    t.awareness.setLocalStateField('stroke', stroke('s1', [10, 10]));
    await waitUntil(() => seen.visible('1', none).length === 1, 5000, 'first point');
    t.awareness.setLocalStateField('stroke', stroke('s1', [10, 10, 20, 20, 30, 30]));
    await waitUntil(() => seen.visible('1', none)[0]?.points.length === 6, 5000, 'the stroke grows');
    expect(seen.visible('2', none)).toEqual([]); // another page shows nothing
    expect(a.doc.getArray('page:1').length).toBe(0);
    expect(repaints).toBeGreaterThanOrEqual(2);

    // Pen up: committed once, withdrawn from awareness.
    const undo = new Y.UndoManager(t.doc.getArray('page:1'), { captureTimeout: 0 });
    t.doc.getArray('page:1').push([{ ...stroke('s1', [10, 10, 20, 20, 30, 30]) }]);
    t.awareness.setLocalStateField('stroke', null);
    await waitUntil(() => a.doc.getArray('page:1').length === 1, 5000, 'commit');
    const committed = new Set(a.doc.getArray<LiveStroke>('page:1').map((s) => s.id));
    expect(seen.visible('1', committed)).toEqual([]); // drawn once: the committed copy wins
    expect(undo.undoStack.length).toBe(1);
    undo.undo();
    await waitUntil(() => a.doc.getArray('page:1').length === 0, 5000, 'undo reaches Ana');
    undo.destroy();
  });

  it('a provider that goes away withdraws its live stroke for everyone at once', async () => {
    const h = track(await startTestHost());
    const teacher = track(await joinAsTeacher(h));
    const ana = track(await joinAsStudent(h, 'Ana'));
    const t = await synced(teacher, 'board');
    const a = await synced(ana, 'board');
    const seen = new RemoteLiveStrokes(a.awareness, () => {});
    track({ close: () => seen.destroy() });
    t.awareness.setLocalStateField('stroke', stroke('gone', [5, 5, 6, 6]));
    await waitUntil(() => seen.visible('1', new Set()).length === 1, 5000, 'live stroke');
    t.destroy(); // e.g. the whiteboard unmounts, or its provider is replaced after a refusal
    // Gone from the live strokes (after the grace a vanished stroke gets to be committed).
    await waitUntil(() => seen.visible('1', new Set()).length === 0, 5000, 'withdrawn');
    expect(teacher.status).toBe('connected');
  });

  it('in-progress points are never stored: the stored board holds the committed stroke only', async () => {
    const h = track(await startTestHost());
    const teacher = track(await joinAsTeacher(h));
    const t = await synced(teacher, 'board');
    const points: number[] = [];
    for (let i = 0; i < 50; i++) {
      points.push(i, i);
      t.awareness.setLocalStateField('stroke', stroke('long', [...points]));
      await new Promise((r) => setTimeout(r, 2));
    }
    t.doc.getArray('page:1').push([stroke('long', points)]);
    t.awareness.setLocalStateField('stroke', null);
    await waitUntil(() => !(t as unknown as { queue: unknown[] }).queue.length, 5000);
    await new Promise((r) => setTimeout(r, 100));
    const db = new Database(path.join(h.dataDir, 'classroom.sqlite'), { readonly: true });
    const rows = db.prepare<[], { data: Buffer }>("SELECT data FROM surface_updates WHERE surface = 'board'").all();
    db.close();
    const stored = new Y.Doc();
    for (const r of rows) Y.applyUpdate(stored, r.data);
    expect(stored.getArray('page:1').toJSON()).toEqual([stroke('long', points)]);
    // One row for the one commit; the 50 live states are nowhere.
    expect(rows.length).toBe(1);
  });

  it('the host refuses a live stroke from a student without the pen, and a malformed one', async () => {
    const h = track(await startTestHost());
    const teacher = track(await joinAsTeacher(h));
    const ana = track(await joinAsStudent(h, 'Ana'));
    const live = awarenessWith({ stroke: stroke('x', [1, 2, 3, 4]) });
    expect(await ana.request('surface:awareness', { surface: 'board', update: live })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A cursor without a stroke is fine; the code editor has no pen.
    expect(await ana.request('surface:awareness', { surface: 'board', update: awarenessWith({ user: { name: 'Ana' } }) })).toEqual({ ok: true, data: {} });
    expect(await ana.request('surface:awareness', { surface: 'code', update: awarenessWith({ user: { name: 'Ana' } }) })).toEqual({ ok: true, data: {} });

    await teacher.request('surface:permission', { surface: 'board', permission: { mode: 'everyone', participantIds: [] } });
    expect(await ana.request('surface:awareness', { surface: 'board', update: live })).toEqual({ ok: true, data: {} });
    const bad = awarenessWith({ stroke: { ...stroke('y', [1, 2]), tool: 'flamethrower' } });
    expect(await ana.request('surface:awareness', { surface: 'board', update: bad })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const huge = awarenessWith({ stroke: stroke('z', Array.from({ length: 1700 }, (_, i) => i % 10)) });
    expect(await ana.request('surface:awareness', { surface: 'board', update: huge })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('coalescing per tick', () => {
  it('many clients drawing at once: every stroke reaches everyone, stored in fewer rows than updates', async () => {
    const h = track(await startTestHost());
    const teacher = track(await joinAsTeacher(h));
    await teacher.request('surface:permission', { surface: 'board', permission: { mode: 'everyone', participantIds: [] } });
    const students = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F'].map((n) => joinAsStudent(h, n).then(track)));
    const syncs = await Promise.all([teacher, ...students].map((c) => synced(c, 'board')));
    // Everyone adds 5 strokes as fast as their provider sends them.
    for (let k = 0; k < 5; k++) {
      syncs.forEach((s, i) => s.doc.getArray('page:1').push([stroke(`${i}-${k}`, [i, k])]));
      await new Promise((r) => setTimeout(r, 8));
    }
    const total = syncs.length * 5;
    await waitUntil(() => syncs.every((s) => s.doc.getArray('page:1').length === total), 10000, 'everyone has every stroke');
    const order = syncs[0]!.doc.getArray<LiveStroke>('page:1').map((s) => s.id);
    for (const s of syncs) expect(s.doc.getArray<LiveStroke>('page:1').map((x) => x.id)).toEqual(order);

    await new Promise((r) => setTimeout(r, 100));
    const db = new Database(path.join(h.dataDir, 'classroom.sqlite'), { readonly: true });
    const rows = db.prepare<[], { data: Buffer }>("SELECT data FROM surface_updates WHERE surface = 'board'").all();
    db.close();
    const stored = new Y.Doc();
    for (const r of rows) Y.applyUpdate(stored, r.data);
    expect(stored.getArray('page:1').length).toBe(total);
    expect(rows.length).toBeLessThan(total);
  });
});

describe('stored permissions', () => {
  it('"Give pen" and "Who can type" survive a host restart', async () => {
    const h = await startTestHost();
    const teacher = await joinAsTeacher(h);
    const ana = await joinAsStudent(h, 'Ana');
    const ben = await joinAsStudent(h, 'Ben');
    const anaId = ana.you!.id;
    const given = await teacher.request('surface:permission', { surface: 'board', permission: { mode: 'selected', participantIds: [anaId] } });
    expect(given.ok).toBe(true);
    expect((await teacher.request('surface:permission', { surface: 'code', permission: { mode: 'teacher', participantIds: [] } })).ok).toBe(true);
    for (const c of [teacher, ana, ben]) c.close();
    await h.close();

    const h2 = track(await startTestHost({ dataDir: h.dataDir }));
    // A reconnecting client is told the stored permissions as it connects.
    const raw = track(await connectRaw(h2.url, ana.token));
    await waitUntil(() => raw.payloads('surface_permissions').length, 5000, 'permissions on connect');
    expect(raw.payloads('surface_permissions')[0]).toEqual({
      board: { mode: 'selected', participantIds: [anaId] },
      code: { mode: 'teacher', participantIds: [] },
    });
    // And the host enforces them: Ana may draw, Ben may not, nobody but the teacher types.
    const ana2 = track(await connectWithToken(h2.url, ana.token));
    const ben2 = track(await connectWithToken(h2.url, ben.token));
    const board = new Y.Doc();
    board.getArray('page:1').push(['x']);
    const update = Y.encodeStateAsUpdate(board);
    expect(await ana2.request('surface:update', { surface: 'board', update })).toEqual({ ok: true, data: {} });
    expect(await ben2.request('surface:update', { surface: 'board', update })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const code = new Y.Doc();
    code.getText('code').insert(0, 'hi');
    expect(await ana2.request('surface:update', { surface: 'code', update: Y.encodeStateAsUpdate(code) })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const sync = await ana2.request('surface:sync', { surface: 'board', stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(sync).toMatchObject({ ok: true, data: { canEdit: true } });
  });

  it('a new lecture starts from the defaults, whatever the last one allowed', async () => {
    const h = track(await startTestHost());
    const teacher = track(await joinAsTeacher(h));
    await teacher.request('surface:permission', { surface: 'board', permission: { mode: 'everyone', participantIds: [] } });
    await teacher.request('class:end', {});
    const t2 = track(await joinAsTeacher(h, { newClass: true }));
    const raw = track(await connectRaw(h.url, t2.token));
    await waitUntil(() => raw.payloads('surface_permissions').length, 5000, 'permissions on connect');
    expect(raw.payloads('surface_permissions')[0]).toMatchObject({ board: { mode: 'teacher' }, code: { mode: 'everyone' } });
  });
});

describe('awarenessStates (the host reads live strokes without re-encoding)', () => {
  it('reads what y-protocols encodes, and refuses truncated or garbled updates', () => {
    const states = [{ user: { name: 'Ána ✏️' } }, null, { stroke: stroke('s', [1, 2, 3, 4]) }];
    const a = new Awareness(new Y.Doc());
    const b = new Awareness(new Y.Doc());
    a.setLocalState(states[0]!);
    b.setLocalState(states[2]!);
    // Three clients in one update, one of them gone (null state), large clocks included.
    for (let i = 0; i < 200; i++) a.setLocalState({ ...states[0]! });
    const merged = new Awareness(new Y.Doc());
    merged.setLocalState(null);
    applyAwarenessUpdate(merged, encodeAwarenessUpdate(a, [a.clientID]), 'x');
    applyAwarenessUpdate(merged, encodeAwarenessUpdate(b, [b.clientID]), 'x');
    removeAwarenessStates(merged, [merged.clientID], 'x');
    const update = encodeAwarenessUpdate(merged, [a.clientID, merged.clientID, b.clientID]);
    expect(awarenessStates(update)).toEqual(states);
    expect(() => awarenessStates(update.subarray(0, update.length - 3))).toThrow();
    expect(() => awarenessStates(new Uint8Array([1, 0x80]))).toThrow();
    expect(checkLiveStrokes(new Uint8Array([1, 1, 1, 2, 0x7b, 0x7b]), true)).toBe('invalid'); // "{{" is not JSON
    expect(checkLiveStrokes(update, false)).toBe('forbidden');
    expect(checkLiveStrokes(update, true)).toBeUndefined();
    for (const x of [a, b, merged]) x.destroy();
  });
});
