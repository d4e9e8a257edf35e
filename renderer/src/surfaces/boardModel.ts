/**
 * The whiteboard's shape inside its Y.Doc, and how it is painted.
 *
 * - `pages`: Y.Array of page ids (empty means the single page "1").
 * - `page:<id>`: Y.Array of strokes. A stroke is a plain, immutable object: it is added when
 *   the pen lifts and removed by the eraser, so 10,000 strokes cost 10,000 Yjs items, not
 *   tens of thousands, and a late joiner's board loads fast.
 *
 * Freehand strokes are outlined with perfect-freehand (pressure-like thinning, smoothing) and
 * filled; shapes and text are drawn with the plain canvas API.
 */
import getStroke from 'perfect-freehand';
import * as Y from 'yjs';

export const BOARD_WIDTH = 1600;
export const BOARD_HEIGHT = 900;
export const TOOLS = ['pen', 'highlighter', 'line', 'rect', 'ellipse', 'text', 'eraser'] as const;
export type Tool = (typeof TOOLS)[number];
export type StrokeTool = Exclude<Tool, 'eraser'>;

export interface Stroke {
  id: string;
  tool: StrokeTool;
  color: string;
  size: number;
  /** Flat [x0, y0, x1, y1, …] in board coordinates. Shapes use the first and last point. */
  points: number[];
  text?: string;
}

export const pageList = (doc: Y.Doc) => doc.getArray<string>('pages');
export const pageIds = (doc: Y.Doc): string[] => {
  const ids = pageList(doc).toArray();
  return ids.length ? ids : ['1'];
};
export const pageStrokes = (doc: Y.Doc, pageId: string) => doc.getArray<Stroke>(`page:${pageId}`);

/** Adds a page after the last one and returns its id. */
export function addPage(doc: Y.Doc): string {
  const ids = pageIds(doc);
  const next = String(Math.max(...ids.map(Number)) + 1);
  doc.transact(() => {
    if (pageList(doc).length === 0) pageList(doc).push(ids);
    pageList(doc).push([next]);
  });
  return next;
}

export function newStrokeId(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

/** Strokes under (x, y): the eraser removes these. */
export function strokesAt(strokes: readonly Stroke[], x: number, y: number, radius: number): number[] {
  const hits: number[] = [];
  strokes.forEach((s, i) => {
    const r2 = (radius + s.size / 2) ** 2;
    for (let k = 0; k < s.points.length; k += 2) {
      if ((s.points[k]! - x) ** 2 + (s.points[k + 1]! - y) ** 2 <= r2) return void hits.push(i);
    }
    if (s.tool === 'rect' || s.tool === 'ellipse' || s.tool === 'line' || s.tool === 'text') {
      const [x0, y0] = s.points;
      const x1 = s.points.at(-2)!;
      const y1 = s.points.at(-1)!;
      if (x >= Math.min(x0!, x1) - radius && x <= Math.max(x0!, x1) + radius && y >= Math.min(y0!, y1) - radius && y <= Math.max(y0!, y1) + radius) {
        hits.push(i);
      }
    }
  });
  return hits;
}

function freehandPath(s: Stroke): Path2D {
  const pts: [number, number][] = [];
  for (let k = 0; k < s.points.length; k += 2) pts.push([s.points[k]!, s.points[k + 1]!]);
  const outline = getStroke(pts, { size: s.size, thinning: s.tool === 'highlighter' ? 0 : 0.5, smoothing: 0.5, streamline: 0.4 });
  const path = new Path2D();
  outline.forEach(([x, y], i) => (i === 0 ? path.moveTo(x, y) : path.lineTo(x, y)));
  path.closePath();
  return path;
}

export function drawStroke(ctx: CanvasRenderingContext2D, s: Stroke): void {
  ctx.save();
  ctx.fillStyle = s.color;
  ctx.strokeStyle = s.color;
  ctx.lineWidth = s.size;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const [x0 = 0, y0 = 0] = s.points;
  const x1 = s.points.at(-2) ?? x0;
  const y1 = s.points.at(-1) ?? y0;
  switch (s.tool) {
    case 'pen':
    case 'highlighter':
      if (s.tool === 'highlighter') ctx.globalAlpha = 0.35;
      ctx.fill(freehandPath(s));
      break;
    case 'line':
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      break;
    case 'rect':
      ctx.strokeRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
      break;
    case 'ellipse':
      ctx.beginPath();
      ctx.ellipse((x0 + x1) / 2, (y0 + y1) / 2, Math.abs(x1 - x0) / 2, Math.abs(y1 - y0) / 2, 0, 0, Math.PI * 2);
      ctx.stroke();
      break;
    case 'text':
      ctx.font = `${Math.max(12, s.size * 4)}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      ctx.fillText(s.text ?? '', x0, y0);
      break;
  }
  ctx.restore();
}

/** Paints a page on a white background (so an exported PNG is not transparent). */
export function paint(ctx: CanvasRenderingContext2D, strokes: readonly Stroke[], preview?: Stroke): void {
  ctx.save();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, BOARD_WIDTH, BOARD_HEIGHT);
  ctx.restore();
  for (const s of strokes) drawStroke(ctx, s);
  if (preview) drawStroke(ctx, preview);
}
