/**
 * Live strokes: others see a stroke grow while it is drawn.
 *
 * Why awareness and not the document: the stroke being drawn travels in the drawer's
 * whiteboard awareness state (`stroke`, LiveStrokeSchema), sent at most every 40 ms while the
 * pen moves; the finished stroke enters the Y.Doc once, when the pen lifts. Awareness is
 * volatile and never stored, so in-progress points neither bloat the stored board nor reach
 * the late joiner's load, a stroke stays one immutable object (one Yjs item, one undo step),
 * and a lost update is healed by the next one (each carries the whole stroke so far). Appending
 * points to the document instead would store every intermediate state and make each stroke a
 * nested Y type, costing the 10,000-stroke board its fast load.
 *
 * The commit and the clearing of the live stroke travel separately, so a receiver keeps a
 * vanished live stroke on screen for a moment until its committed copy arrives (no flicker).
 */
import type { Awareness } from 'y-protocols/awareness';
import { LIVE_STROKE_MAX_COORDS, LiveStrokeSchema, type LiveStroke } from '../../../shared/schemas/surfaces';
import type { Stroke } from './boardModel';

/** How long a live stroke that vanished waits for its committed copy. */
export const COMMIT_GRACE_MS = 1000;
/** Live strokes go out at most this often (25 a second; the host allows 30 awareness events a second). */
export const LIVE_INTERVAL_MS = 40;

/** The live-stroke form of the stroke being drawn: a long one is thinned to fit. */
export function livePreview(s: Stroke, page: string): LiveStroke {
  let points = s.points;
  if (points.length > LIVE_STROKE_MAX_COORDS) {
    const pairs = points.length / 2;
    const step = Math.ceil(pairs / (LIVE_STROKE_MAX_COORDS / 2 - 1));
    const thin: number[] = [];
    for (let k = 0; k < pairs; k += step) thin.push(points[2 * k]!, points[2 * k + 1]!);
    thin.push(points.at(-2)!, points.at(-1)!); // always end where the pen is
    points = thin;
  } else {
    points = [...points];
  }
  return { id: s.id, page, tool: s.tool, color: s.color, size: s.size, points };
}

/** The strokes others are drawing right now, from the whiteboard's awareness. */
export class RemoteLiveStrokes {
  private current = new Map<number, LiveStroke>();
  private vanished = new Map<string, { stroke: LiveStroke; until: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly awareness: Awareness,
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {
    awareness.on('change', this.onAwareness);
    this.onAwareness({ added: [...awareness.getStates().keys()], updated: [], removed: [] });
  }

  private onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    let changed = false;
    for (const id of [...added, ...updated, ...removed]) {
      if (id === this.awareness.clientID) continue;
      // Receivers parse what crosses the network, like everything else.
      const parsed = LiveStrokeSchema.safeParse((this.awareness.getStates().get(id) as { stroke?: unknown } | undefined)?.stroke);
      const next = parsed.success ? parsed.data : undefined;
      const prev = this.current.get(id);
      if (prev && prev.id !== next?.id) this.vanished.set(prev.id, { stroke: prev, until: this.now() + COMMIT_GRACE_MS });
      if (next) this.current.set(id, next);
      else this.current.delete(id);
      changed ||= !!prev || !!next;
    }
    this.arm();
    if (changed) this.onChange();
  };

  /** Repaints once a grace period is over, so a stroke that never got committed goes. */
  private arm() {
    if (!this.vanished.size || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange(); // the painter calls visible(), which drops what expired
      this.arm();
    }, COMMIT_GRACE_MS + 50);
  }

  /** Live strokes to draw on `page`: not those whose committed copy has arrived. */
  visible(page: string, committed: ReadonlySet<string>): LiveStroke[] {
    const now = this.now();
    for (const [id, v] of this.vanished) if (v.until <= now || committed.has(id)) this.vanished.delete(id);
    const out: LiveStroke[] = [];
    for (const s of this.current.values()) if (s.page === page && !committed.has(s.id)) out.push(s);
    for (const { stroke } of this.vanished.values()) if (stroke.page === page) out.push(stroke);
    return out;
  }

  destroy(): void {
    this.awareness.off('change', this.onAwareness);
    clearTimeout(this.timer);
  }
}
