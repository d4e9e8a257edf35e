/**
 * The host's copy of every open surface document: one Y.Doc (and its awareness) per surface
 * per lecture, loaded from SQLite on first use. An accepted update is applied at once (so a
 * late joiner's sync includes it) and stored by `persist` when its tick is written (see
 * fanout.ts), before it is acked; once COMPACT_EVERY rows are stored they are replaced, at
 * a quiet moment, by one merged snapshot so reopening a document (after a restart) stays fast.
 */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { SurfaceKind } from '../../shared/schemas/surfaces';
import type { Clock } from '../services/clock';
import type { SurfacesStore } from '../store/surfacesStore';

export const COMPACT_EVERY = 500;
/**
 * Compaction encodes the whole document and rewrites it: tens of milliseconds for a
 * 10,000-stroke board, during which the host answers nobody. So once COMPACT_EVERY rows are
 * due it waits for a quiet moment (no update for IDLE_MS); only a board that never pauses is
 * compacted mid-stream, at COMPACT_FORCE_FACTOR × COMPACT_EVERY rows. A late joiner's load
 * does not wait for it: sync is served from the document in memory.
 */
export const COMPACT_IDLE_MS = 2000;
export const COMPACT_FORCE_FACTOR = 4;

export class BadUpdateError extends Error {}

interface OpenDoc {
  doc: Y.Doc;
  awareness: Awareness;
  /** Highest stored row id folded into `doc`. */
  lastRowId: number;
  pending: number;
  lastPersist: number;
  /** Waiting for a quiet moment to compact. */
  compactTimer: ReturnType<typeof setTimeout> | undefined;
  /** Awareness client ids each socket announced, removed when the socket goes. */
  clientsOf: Map<string, Set<number>>;
}

export class SurfaceDocs {
  private open = new Map<string, OpenDoc>();

  constructor(
    private readonly store: SurfacesStore,
    private readonly clock: Clock,
    private readonly compactEvery = COMPACT_EVERY,
    private readonly compactIdleMs = COMPACT_IDLE_MS,
  ) {}

  private key = (lectureId: string, surface: SurfaceKind) => `${lectureId}\u0000${surface}`;

  private get(lectureId: string, surface: SurfaceKind): OpenDoc {
    const key = this.key(lectureId, surface);
    let d = this.open.get(key);
    if (d) return d;
    const doc = new Y.Doc({ gc: true });
    const rows = this.store.updates(lectureId, surface);
    // One merge then one apply is much faster than applying thousands of rows one by one.
    if (rows.length) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.data)));
    const awareness = new Awareness(doc);
    awareness.setLocalState(null); // the host itself has no cursor
    d = { doc, awareness, lastRowId: rows.at(-1)?.id ?? 0, pending: this.store.pendingCount(lectureId, surface), lastPersist: 0, compactTimer: undefined, clientsOf: new Map() };
    this.open.set(key, d);
    return d;
  }

  /** What a client with `stateVector` lacks, and the host's state vector. */
  sync(lectureId: string, surface: SurfaceKind, stateVector: Uint8Array) {
    const { doc } = this.get(lectureId, surface);
    let update: Uint8Array;
    try {
      update = Y.encodeStateAsUpdate(doc, stateVector);
    } catch {
      throw new BadUpdateError('That state vector is not valid.');
    }
    return { update, stateVector: Y.encodeStateVector(doc) };
  }

  /** The whole document as one update (for the read-only archive view). */
  stateOf(lectureId: string, surface: SurfaceKind): Uint8Array {
    const open = this.open.get(this.key(lectureId, surface));
    if (open) return Y.encodeStateAsUpdate(open.doc);
    const rows = this.store.updates(lectureId, surface);
    return rows.length ? Y.mergeUpdates(rows.map((r) => r.data)) : Y.encodeStateAsUpdate(new Y.Doc());
  }

  /**
   * Applies an update to the host's document; the caller stores it with `persist` before
   * acking. Throws BadUpdateError if it is not a Yjs update.
   */
  apply(lectureId: string, surface: SurfaceKind, update: Uint8Array): void {
    const d = this.get(lectureId, surface);
    try {
      // Decode first: a malformed update must not touch the real document. (Decoding alone
      // is enough; applying to a scratch Y.Doc, as before, also paid for a random doc id.)
      Y.decodeUpdate(update);
    } catch {
      throw new BadUpdateError('That is not a valid document change.');
    }
    Y.applyUpdate(d.doc, update, 'client');
  }

  /** Stores applied updates (one tick's, merged) as one row; compaction follows (see COMPACT_IDLE_MS). */
  persist(lectureId: string, surface: SurfaceKind, update: Uint8Array): void {
    const d = this.get(lectureId, surface);
    d.lastRowId = this.store.appendUpdate(lectureId, surface, update, this.clock.now().toISOString());
    d.lastPersist = Date.now();
    if (++d.pending >= this.compactEvery * COMPACT_FORCE_FACTOR) this.compact(lectureId, surface);
    else if (d.pending >= this.compactEvery && !d.compactTimer) this.compactWhenQuiet(lectureId, surface, d);
  }

  private compactWhenQuiet(lectureId: string, surface: SurfaceKind, d: OpenDoc) {
    const wait = Math.max(0, d.lastPersist + this.compactIdleMs - Date.now());
    d.compactTimer = setTimeout(() => {
      d.compactTimer = undefined;
      if (this.open.get(this.key(lectureId, surface)) !== d) return; // closed meanwhile
      if (Date.now() - d.lastPersist >= this.compactIdleMs) this.compact(lectureId, surface);
      else this.compactWhenQuiet(lectureId, surface, d);
    }, wait);
    d.compactTimer.unref();
  }

  /** Folds the stored rows into one snapshot. */
  compact(lectureId: string, surface: SurfaceKind): void {
    const d = this.open.get(this.key(lectureId, surface));
    if (!d) return;
    clearTimeout(d.compactTimer);
    d.compactTimer = undefined;
    if (d.pending === 0) return;
    this.store.compact(lectureId, surface, d.lastRowId, Y.encodeStateAsUpdate(d.doc), this.clock.now().toISOString());
    d.pending = 0;
  }

  /**
   * Applies a client's awareness update; returns the client ids it changed (to pass on), or
   * undefined if it could not be decoded.
   */
  applyAwareness(lectureId: string, surface: SurfaceKind, socketId: string, update: Uint8Array): number[] | undefined {
    const d = this.get(lectureId, surface);
    const changed: number[] = [];
    const added = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== socketId) return;
      let mine = d.clientsOf.get(socketId);
      if (!mine) d.clientsOf.set(socketId, (mine = new Set()));
      for (const id of [...changes.added, ...changes.updated]) mine.add(id);
      changed.push(...changes.added, ...changes.updated, ...changes.removed);
    };
    d.awareness.on('update', added);
    try {
      applyAwarenessUpdate(d.awareness, update, socketId);
      return changed;
    } catch {
      return undefined;
    } finally {
      d.awareness.off('update', added);
    }
  }

  /** The current awareness states of `clientIds` as one update (a tick's broadcast). */
  awarenessOf(lectureId: string, surface: SurfaceKind, clientIds: number[]): Uint8Array | undefined {
    // A document closed meanwhile (class ended) is not reopened for a cursor.
    const d = this.open.get(this.key(lectureId, surface));
    const known = d ? clientIds.filter((id) => d.awareness.meta.has(id)) : [];
    return known.length ? encodeAwarenessUpdate(d!.awareness, known) : undefined;
  }

  /** Every known cursor of a document, for a client that just synced (undefined if none). */
  awarenessSnapshot(lectureId: string, surface: SurfaceKind): Uint8Array | undefined {
    const d = this.get(lectureId, surface);
    const ids = [...d.awareness.getStates().keys()];
    return ids.length ? encodeAwarenessUpdate(d.awareness, ids) : undefined;
  }

  /** Drops a socket's cursors; returns the awareness update announcing it, per document. */
  dropSocket(socketId: string): { lectureId: string; surface: SurfaceKind; update: Uint8Array }[] {
    const out: { lectureId: string; surface: SurfaceKind; update: Uint8Array }[] = [];
    for (const [key, d] of this.open) {
      const ids = d.clientsOf.get(socketId);
      if (!ids) continue;
      d.clientsOf.delete(socketId);
      removeAwarenessStates(d.awareness, [...ids], 'disconnect');
      const [lectureId, surface] = key.split('\u0000') as [string, SurfaceKind];
      out.push({ lectureId, surface, update: encodeAwarenessUpdate(d.awareness, [...ids]) });
    }
    return out;
  }

  /** Compacts and forgets a lecture's documents (class ended). */
  closeLecture(lectureId: string): void {
    for (const [key, d] of this.open) {
      if (!key.startsWith(`${lectureId}\u0000`)) continue;
      const surface = key.split('\u0000')[1] as SurfaceKind;
      this.compact(lectureId, surface);
      d.awareness.destroy();
      d.doc.destroy();
      this.open.delete(key);
    }
  }

  closeAll(): void {
    for (const key of [...this.open.keys()]) this.closeLecture(key.split('\u0000')[0]!);
  }
}
