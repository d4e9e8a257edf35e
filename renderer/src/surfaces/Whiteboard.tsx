/**
 * The shared whiteboard: the teacher (and whoever has the pen) draws, everyone sees it live.
 * While the pen moves the stroke so far is published as a live stroke (awareness, see
 * liveStrokes.ts); it is committed to the Y.Doc when the pen lifts. The host refuses both
 * from anyone without the pen, so the tools here are a convenience, not the lock.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import * as Y from 'yjs';
import type { RoomConnection } from '../../../shared/client';
import {
  BOARD_HEIGHT,
  BOARD_WIDTH,
  addPage,
  newStrokeId,
  pageIds,
  pageList,
  pageStrokes,
  paint,
  drawStroke,
  strokesAt,
  type Stroke,
  type Tool,
} from './boardModel';
import { canEdit, useChanges, useParticipants, usePermissions, useSurfaceSync } from './hooks';
import { LIVE_INTERVAL_MS, RemoteLiveStrokes, livePreview } from './liveStrokes';
import { PermissionPicker } from './PermissionPicker';

const TOOL_LABELS: [Tool, string][] = [
  ['pen', 'Pen'],
  ['highlighter', 'Highlighter'],
  ['line', 'Line'],
  ['rect', 'Rectangle'],
  ['ellipse', 'Ellipse'],
  ['text', 'Text'],
  ['eraser', 'Eraser'],
];
const COLOURS = ['#111827', '#dc2626', '#2563eb', '#16a34a', '#f59e0b', '#9333ea'];
const WIDTHS = [2, 4, 8, 16];

export function Whiteboard({ conn, role }: { conn: RoomConnection; role: 'teacher' | 'student' }) {
  const { sync, synced, error, setError } = useSurfaceSync(conn, 'board', LIVE_INTERVAL_MS);
  const [permissions, setPermissions] = usePermissions(conn);
  const { you, students } = useParticipants(conn);
  const mayDraw = canEdit(permissions, 'board', you, role);
  const [tool, setTool] = useState<Tool>('pen');
  const [color, setColor] = useState(COLOURS[0]!);
  const [size, setSize] = useState(4);
  const [text, setText] = useState('');
  const [page, setPage] = useState('1');
  // A new permission makes any old refusal moot.
  useEffect(() => setError(null), [mayDraw, setError]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const baseRef = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef<Stroke | null>(null);

  const doc = sync?.doc;
  const strokes = useMemo(() => (doc ? pageStrokes(doc, page) : undefined), [doc, page]);
  const undo = useMemo(() => (strokes ? new Y.UndoManager(strokes, { captureTimeout: 0 }) : undefined), [strokes]);
  useEffect(() => () => undo?.destroy(), [undo]);
  const onStrokes = useCallback((fn: () => void) => (strokes ? (strokes.observe(fn), () => strokes.unobserve(fn)) : () => {}), [strokes]);
  const onPages = useCallback((fn: () => void) => (doc ? (pageList(doc).observe(fn), () => pageList(doc).unobserve(fn)) : () => {}), [doc]);
  const onUndo = useCallback(
    (fn: () => void) => {
      if (!undo) return () => {};
      undo.on('stack-item-added', fn);
      undo.on('stack-item-popped', fn);
      return () => (undo.off('stack-item-added', fn), undo.off('stack-item-popped', fn));
    },
    [undo],
  );
  const version = useChanges(onStrokes);
  useChanges(onPages);
  useChanges(onUndo);
  const pages = doc ? pageIds(doc) : ['1'];
  const all = strokes?.toArray() ?? [];
  // Ids of committed strokes: a live stroke whose committed copy is here is not drawn twice.
  const committed = useMemo(() => new Set(all.map((s) => s.id)), [version, strokes, synced]); // eslint-disable-line react-hooks/exhaustive-deps
  const committedRef = useRef(committed);
  committedRef.current = committed;
  const pageRef = useRef(page);
  pageRef.current = page;

  // Others' live strokes repaint the canvas directly: up to 25 updates a second per drawer
  // should not re-render React.
  const remoteLive = useRef<RemoteLiveStrokes | null>(null);
  useEffect(() => {
    if (!sync) return;
    const live = new RemoteLiveStrokes(sync.awareness, () => repaint());
    remoteLive.current = live;
    return () => {
      live.destroy();
      if (remoteLive.current === live) remoteLive.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sync]);

  /** Shows (or, with null, withdraws) the stroke being drawn to everyone else. */
  function publish(s: Stroke | null) {
    sync?.awareness.setLocalStateField('stroke', s ? livePreview(s, pageRef.current) : null);
  }

  // Committed strokes are painted once per change onto an offscreen canvas; the live stroke
  // is drawn over a copy of it, so drawing stays smooth on a crowded board.
  useEffect(() => {
    const base = (baseRef.current ??= Object.assign(document.createElement('canvas'), { width: BOARD_WIDTH, height: BOARD_HEIGHT }));
    paint(base.getContext('2d')!, all);
    repaint();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, strokes, synced]);

  function repaint() {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !baseRef.current) return;
    ctx.drawImage(baseRef.current, 0, 0);
    const others = remoteLive.current?.visible(pageRef.current, committedRef.current) ?? [];
    for (const s of others) drawStroke(ctx, s);
    if (drawing.current && drawing.current.id) drawStroke(ctx, drawing.current);
    // For tests and assistive tech: how many strokes are being drawn by others right now.
    canvas.dataset.liveStrokes = String(others.length);
  }

  function boardPoint(e: PointerEvent<HTMLCanvasElement>): [number, number] {
    const r = e.currentTarget.getBoundingClientRect();
    return [Math.round(((e.clientX - r.left) / r.width) * BOARD_WIDTH), Math.round(((e.clientY - r.top) / r.height) * BOARD_HEIGHT)];
  }

  function erase(x: number, y: number) {
    if (!strokes) return;
    const hits = strokesAt(strokes.toArray(), x, y, 8);
    if (hits.length) strokes.doc!.transact(() => hits.reverse().forEach((i) => strokes.delete(i, 1)));
  }

  function onDown(e: PointerEvent<HTMLCanvasElement>) {
    if (!mayDraw || !strokes) return;
    const [x, y] = boardPoint(e);
    if (tool === 'eraser') {
      e.currentTarget.setPointerCapture(e.pointerId);
      drawing.current = { id: '', tool: 'pen', color: '', size: 0, points: [] };
      return erase(x, y);
    }
    if (tool === 'text') {
      if (!text.trim()) return setError('Type the text to place first.');
      strokes.push([{ id: newStrokeId(), tool: 'text', color, size, points: [x, y], text: text.trim() }]);
      return;
    }
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = { id: newStrokeId(), tool, color, size: tool === 'highlighter' ? size * 4 : size, points: [x, y] };
    publish(drawing.current);
  }

  function onMove(e: PointerEvent<HTMLCanvasElement>) {
    const s = drawing.current;
    if (!s) return;
    const [x, y] = boardPoint(e);
    if (tool === 'eraser') return erase(x, y);
    if (s.tool === 'pen' || s.tool === 'highlighter') s.points.push(x, y);
    else s.points = [s.points[0]!, s.points[1]!, x, y];
    publish(s);
    repaint();
  }

  function onUp() {
    const s = drawing.current;
    drawing.current = null;
    if (!s || !strokes || tool === 'eraser') return;
    if (s.points.length === 2) s.points.push(s.points[0]! + 0.5, s.points[1]! + 0.5); // a dot
    // One push: the whole stroke is one item and one undo step. The commit goes out before
    // the live stroke is withdrawn (the provider sends it at once; awareness follows).
    strokes.push([s]);
    publish(null);
  }

  function clear() {
    if (strokes && strokes.length) strokes.doc!.transact(() => strokes.delete(0, strokes.length));
  }

  function exportPng() {
    canvasRef.current?.toBlob((blob) => {
      if (!blob) return setError('Could not export the board.');
      const url = URL.createObjectURL(blob);
      const a = Object.assign(document.createElement('a'), { href: url, download: `whiteboard-page-${page}.png` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }, 'image/png');
  }

  async function changePermission(next: (typeof permissions)['board']) {
    const before = permissions;
    setPermissions({ ...permissions, board: next }); // shown at once; the host's answer settles it
    const res = await conn.request('surface:permission', { surface: 'board', permission: next });
    if (!res.ok) return setPermissions(before), res.error.message;
    setPermissions(res.data);
    return null;
  }

  return (
    <section className="panel surface whiteboard" aria-label="Whiteboard">
      <h2>Whiteboard</h2>
      <div className="surface-toolbar" role="toolbar" aria-label="Whiteboard tools">
        {mayDraw ? (
          <>
            {TOOL_LABELS.map(([t, label]) => (
              <button key={t} type="button" aria-pressed={tool === t} onClick={() => setTool(t)}>
                {label}
              </button>
            ))}
            <label>
              Colour
              <select value={color} onChange={(e) => setColor(e.target.value)}>
                {COLOURS.map((c) => (
                  <option key={c} value={c} style={{ color: c }}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Width
              <select value={size} onChange={(e) => setSize(Number(e.target.value))}>
                {WIDTHS.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            </label>
            {tool === 'text' && (
              <label>
                Text
                <input value={text} maxLength={200} onChange={(e) => setText(e.target.value)} placeholder="then click the board" />
              </label>
            )}
            <button type="button" disabled={!undo?.canUndo()} onClick={() => undo?.undo()}>
              Undo
            </button>
            <button type="button" disabled={!undo?.canRedo()} onClick={() => undo?.redo()}>
              Redo
            </button>
            <button type="button" disabled={all.length === 0} onClick={clear}>
              Clear board
            </button>
            <button type="button" disabled={!doc} onClick={() => doc && setPage(addPage(doc))}>
              New page
            </button>
          </>
        ) : (
          <span className="muted">The teacher has the pen.</span>
        )}
        <label>
          Page
          <select value={page} onChange={(e) => setPage(e.target.value)}>
            {pages.map((p) => (
              <option key={p} value={p}>
                {p} of {pages.length}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={exportPng}>
          Export PNG
        </button>
        {role === 'teacher' && (
          <PermissionPicker label="Give pen" legend="Who may draw" permission={permissions.board} students={students} onChange={changePermission} />
        )}
      </div>
      {error && (
        <p role="alert" className="surface-error">
          {error}
        </p>
      )}
      <canvas
        ref={canvasRef}
        className={`board-canvas${mayDraw ? ' can-draw' : ''}`}
        width={BOARD_WIDTH}
        height={BOARD_HEIGHT}
        role="img"
        aria-label={`Whiteboard page ${page}, ${all.length} ${all.length === 1 ? 'stroke' : 'strokes'}`}
        data-strokes={all.length}
        data-synced={synced}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      />
    </section>
  );
}
