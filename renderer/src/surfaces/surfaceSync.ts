/**
 * A Yjs provider over our RoomConnection: keeps one surface's Y.Doc and awareness in sync
 * with the host. Local changes are merged while one is in flight and sent at most every
 * `minIntervalMs` (the host rate-limits events per socket); remote changes are applied with
 * the REMOTE origin so they are never echoed back or put on the local undo stack.
 * On every (re)connect it exchanges state vectors with the host, so a late joiner or a
 * reconnecting client gets exactly what it lacks and sends what the host lacks.
 *
 * Pure TypeScript over yjs and y-protocols: runs in the browser and in Node tests.
 */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { AppError } from '../../../shared/result';
import type { RoomConnection } from '../../../shared/client';
import { SURFACE_UPDATE_MAX, type SurfaceKind } from '../../../shared/schemas/surfaces';

export const REMOTE = Symbol('remote');

export interface SurfaceSyncOptions {
  minIntervalMs?: number;
  awarenessIntervalMs?: number;
  onError?(error: AppError): void;
  /**
   * The host refused a local change (e.g. the pen was taken away mid-stroke). The local doc
   * now holds something nobody else has: the owner should replace this provider with a fresh
   * one, which loads the host's state.
   */
  onRefused?(error: AppError): void;
  /** Called after every completed sync with the host (first load and reconnects). */
  onSynced?(): void;
}

export class SurfaceSync {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  synced = false;
  private queue: Uint8Array[] = [];
  private inFlight = false;
  private lastSent = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private awarenessTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAwarenessSent = 0;
  private changedClients = new Set<number>();
  private offs: (() => void)[] = [];
  private destroyed = false;

  constructor(
    private readonly conn: RoomConnection,
    readonly surface: SurfaceKind,
    private readonly opts: SurfaceSyncOptions = {},
  ) {
    this.doc.on('update', this.onLocalUpdate);
    this.awareness.on('update', this.onLocalAwareness);
    this.offs.push(
      conn.subscribe('surface_update', ({ surface, update, awareness }) => {
        if (surface !== this.surface) return;
        Y.applyUpdate(this.doc, update, REMOTE);
        // Cursors and live strokes of the same moment, after the change they may refer to.
        if (awareness) applyAwarenessUpdate(this.awareness, awareness, REMOTE);
      }),
      conn.subscribe('surface_awareness', ({ surface, update }) => {
        if (surface === this.surface) applyAwarenessUpdate(this.awareness, update, REMOTE);
      }),
      conn.on('status', (s) => {
        if (s === 'connected') void this.resync();
      }),
    );
    if (conn.status === 'connected') void this.resync();
  }

  /** Exchanges state vectors with the host: take what we lack, send what it lacks. */
  async resync(): Promise<void> {
    const res = await this.conn.request('surface:sync', { surface: this.surface, stateVector: Y.encodeStateVector(this.doc) });
    if (this.destroyed) return;
    if (!res.ok) return this.opts.onError?.(res.error);
    Y.applyUpdate(this.doc, res.data.update, REMOTE);
    if (res.data.canEdit) {
      const missing = Y.encodeStateAsUpdate(this.doc, res.data.stateVector);
      // An empty update is two zero bytes; anything more is an offline change to hand over.
      if (missing.byteLength > 2) this.enqueue(missing);
    }
    // Re-announce our cursor: the host forgot it when our old socket went.
    if (this.awareness.getLocalState()) this.changedClients.add(this.doc.clientID), this.scheduleAwareness();
    this.synced = true;
    this.opts.onSynced?.();
  }

  private onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === REMOTE) return;
    this.enqueue(update);
  };

  private enqueue(update: Uint8Array) {
    this.queue.push(update);
    this.schedule();
  }

  private schedule() {
    if (this.inFlight || this.timer || this.destroyed) return;
    const wait = Math.max(0, this.lastSent + (this.opts.minIntervalMs ?? 40) - Date.now());
    if (wait === 0) void this.flush();
    else this.timer = setTimeout(() => ((this.timer = undefined), void this.flush()), wait);
  }

  private async flush() {
    if (this.inFlight || this.queue.length === 0 || this.destroyed) return;
    const update = this.queue.length === 1 ? this.queue[0]! : Y.mergeUpdates(this.queue);
    this.queue = [];
    if (update.byteLength > SURFACE_UPDATE_MAX) {
      this.opts.onError?.({ code: 'BAD_REQUEST', message: 'That change is too large to share at once. Try a smaller one.' });
      return;
    }
    this.inFlight = true;
    this.lastSent = Date.now();
    const res = await this.conn.request('surface:update', { surface: this.surface, update });
    this.inFlight = false;
    if (!res.ok) {
      // Kept for the next sync if the connection dropped; a refusal is reported.
      if (res.error.code === 'TIMEOUT' || res.error.code === 'DISCONNECTED') this.queue.unshift(update);
      else {
        this.opts.onError?.(res.error);
        this.opts.onRefused?.(res.error);
      }
    }
    if (this.queue.length) this.schedule();
  }

  private onLocalAwareness = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === REMOTE) return;
    for (const id of [...changes.added, ...changes.updated, ...changes.removed]) this.changedClients.add(id);
    this.scheduleAwareness();
  };

  /**
   * Cursors and live strokes are throttled: only the latest state matters. The first change
   * after a quiet spell goes at once (a stroke shows up as soon as the pen touches), later
   * ones at most every `awarenessIntervalMs`.
   */
  private scheduleAwareness() {
    if (this.awarenessTimer || this.destroyed) return;
    const wait = Math.max(0, this.lastAwarenessSent + (this.opts.awarenessIntervalMs ?? 200) - Date.now());
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = undefined;
      const ids = [...this.changedClients];
      this.changedClients.clear();
      if (ids.length && this.conn.status === 'connected') {
        this.lastAwarenessSent = Date.now();
        void this.conn.request('surface:awareness', { surface: this.surface, update: encodeAwarenessUpdate(this.awareness, ids) });
      }
    }, wait);
  }

  destroy() {
    // Withdraw our cursor or live stroke at once: the host would otherwise keep showing it
    // until this socket goes (a provider is also replaced while connected, after a refusal).
    if (!this.destroyed && this.awareness.getLocalState() !== null && this.conn.status === 'connected') {
      this.awareness.off('update', this.onLocalAwareness);
      this.awareness.setLocalState(null);
      void this.conn.request('surface:awareness', { surface: this.surface, update: encodeAwarenessUpdate(this.awareness, [this.doc.clientID]) });
    }
    this.destroyed = true;
    for (const off of this.offs) off();
    clearTimeout(this.timer);
    clearTimeout(this.awarenessTimer);
    this.doc.off('update', this.onLocalUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
