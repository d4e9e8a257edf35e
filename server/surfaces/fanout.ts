/**
 * Coalesces each document's traffic into one store and one broadcast per tick.
 *
 * Why: with 40 students drawing, relaying every update on its own meant, per incoming update,
 * one SQLite INSERT and one Socket.IO broadcast (an encode and 40 socket writes). At a few
 * hundred updates a second the host's event loop queued work faster than it drained it and
 * p99 latency grew to seconds (see docs/PERFORMANCE.md, Whiteboard). Here everything a
 * document receives within a tick is merged with Y.mergeUpdates, stored as one row in one
 * write, acked, and broadcast once, with the tick's cursor and live-stroke (awareness)
 * changes in the same message; a tick with awareness changes only sends them volatile.
 * The host's cost then grows with ticks × sockets, not with updates × sockets.
 *
 * The first change after a quiet spell goes out on the next turn of the event loop (no added
 * latency when the board is calm); later ones wait at most `tickMs` for the tick.
 */
import * as Y from 'yjs';
import type { SurfaceKind } from '../../shared/schemas/surfaces';

export interface FanoutSink {
  /** Stores a tick's merged document update (one row, one write). */
  store(roomId: string, surface: SurfaceKind, update: Uint8Array): void;
  /**
   * Sends a tick's merged update to the room, to everyone but `except` if given, with the
   * current awareness states of `clientIds` riding along if the tick changed any.
   */
  sendUpdate(roomId: string, surface: SurfaceKind, update: Uint8Array, clientIds: number[] | undefined, except?: string): void;
  /** Sends the current awareness states of `clientIds` to the room (volatile). */
  sendAwareness(roomId: string, surface: SurfaceKind, clientIds: number[], except?: string): void;
  /** A tick could not be stored. */
  onError(err: unknown): void;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface Tick {
  roomId: string;
  surface: SurfaceKind;
  updates: Uint8Array[];
  waiters: Waiter[];
  updateFrom: Set<string>;
  awareness: Set<number>;
  awarenessFrom: Set<string>;
  /** Cancels the scheduled flush, if one is scheduled. */
  cancel: (() => void) | undefined;
  lastFlush: number;
}

export const DEFAULT_TICK_MS = 20;

export class SurfaceFanout {
  private ticks = new Map<string, Tick>();

  constructor(
    private readonly sink: FanoutSink,
    private readonly tickMs = DEFAULT_TICK_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private tick(roomId: string, surface: SurfaceKind): Tick {
    const key = `${roomId}\u0000${surface}`;
    let t = this.ticks.get(key);
    if (!t) {
      t = { roomId, surface, updates: [], waiters: [], updateFrom: new Set(), awareness: new Set(), awarenessFrom: new Set(), cancel: undefined, lastFlush: -Infinity };
      this.ticks.set(key, t);
    }
    return t;
  }

  /**
   * Queues an update the host has already applied to its document. Resolves once it is
   * stored (the handler acks then), rejects if storing failed.
   */
  update(roomId: string, surface: SurfaceKind, fromSocket: string, update: Uint8Array): Promise<void> {
    const t = this.tick(roomId, surface);
    t.updates.push(update);
    t.updateFrom.add(fromSocket);
    const done = new Promise<void>((resolve, reject) => t.waiters.push({ resolve, reject }));
    this.schedule(t);
    return done;
  }

  /** Queues awareness changes (already applied to the host's awareness) for the tick. */
  awareness(roomId: string, surface: SurfaceKind, fromSocket: string, clientIds: readonly number[]): void {
    if (clientIds.length === 0) return;
    const t = this.tick(roomId, surface);
    for (const id of clientIds) t.awareness.add(id);
    t.awarenessFrom.add(fromSocket);
    this.schedule(t);
  }

  private schedule(t: Tick) {
    if (t.cancel) return;
    const wait = t.lastFlush + this.tickMs - this.now();
    if (wait <= 0) {
      const h = setImmediate(() => this.flush(t));
      t.cancel = () => clearImmediate(h);
    } else {
      const h = setTimeout(() => this.flush(t), wait);
      t.cancel = () => clearTimeout(h);
    }
  }

  /** Stores, acks and broadcasts everything queued for one document. */
  private flush(t: Tick, broadcast = true) {
    t.cancel = undefined;
    t.lastFlush = this.now();
    const { updates, waiters, updateFrom, awareness, awarenessFrom } = t;
    t.updates = [];
    t.waiters = [];
    t.updateFrom = new Set();
    t.awareness = new Set();
    t.awarenessFrom = new Set();
    // Nobody else sent anything this tick: spare the only sender its own echo.
    const except = (from: Set<string>) => (from.size === 1 ? [...from][0] : undefined);

    const ids = awareness.size ? [...awareness] : undefined;
    if (updates.length) {
      const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      try {
        this.sink.store(t.roomId, t.surface, merged);
      } catch (err) {
        this.sink.onError(err);
        for (const w of waiters) w.reject(err);
        return;
      }
      // The acks go out as the waiters' continuations run (microtasks); broadcasting after
      // them keeps the house order: store → ack → broadcast. The tick's awareness rides in the
      // same message: one packet per socket instead of two, and a finished stroke and the
      // withdrawal of its live copy arrive together.
      for (const w of waiters) w.resolve();
      const from = new Set([...updateFrom, ...awarenessFrom]);
      if (broadcast) setImmediate(() => this.sink.sendUpdate(t.roomId, t.surface, merged, ids, except(from)));
    } else if (ids && broadcast) {
      // Awareness alone goes volatile: a socket still busy writing misses a cursor position.
      setImmediate(() => this.sink.sendAwareness(t.roomId, t.surface, ids, except(awarenessFrom)));
    }
  }

  /** Stores whatever a room's documents still hold (class ending) without waiting for the tick. */
  flushRoom(roomId: string): void {
    for (const [key, t] of this.ticks) {
      if (t.roomId !== roomId) continue;
      t.cancel?.();
      this.flush(t);
      this.ticks.delete(key);
    }
  }

  /** Host closing: store everything pending; nobody is left to broadcast to. */
  close(): void {
    for (const t of this.ticks.values()) {
      t.cancel?.();
      this.flush(t, false);
    }
    this.ticks.clear();
  }
}
