/** SurfaceDocs against a real, migrated SQLite file: when stored rows are compacted. */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../services/clock';
import { openDatabase } from '../store/database';
import { createSurfacesStore } from '../store/surfacesStore';
import { waitUntil } from '../test-support/raw';
import { tempDir } from '../test-support/testHost';
import { COMPACT_FORCE_FACTOR, SurfaceDocs } from './docs';

const dbs: { close(): void }[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

function setup(compactEvery: number, idleMs: number) {
  const db = openDatabase(tempDir());
  dbs.push(db);
  const store = createSurfacesStore(db);
  const docs = new SurfaceDocs(store, systemClock, compactEvery, idleMs);
  const source = new Y.Doc();
  let n = 0;
  /** Applies and stores one more stroke, as a tick would. */
  const tick = () => {
    let update!: Uint8Array;
    source.once('update', (u: Uint8Array) => (update = u));
    source.getArray('page:1').push([{ id: `s${n++}` }]);
    docs.apply('L', 'board', update);
    docs.persist('L', 'board', update);
  };
  const rows = () => store.updates('L', 'board');
  return { docs, tick, rows, store };
}

describe('SurfaceDocs compaction', () => {
  it('waits for a quiet moment once rows are due, then folds them into one snapshot', async () => {
    const { docs, tick, rows } = setup(5, 1000);
    for (let i = 0; i < 5; i++) tick();
    expect(rows()).toHaveLength(5); // due, but the board is busy: not yet
    // Still drawing: every new row pushes the compaction back.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 10));
      tick();
    }
    expect(rows()).toHaveLength(8);
    await waitUntil(() => rows().length === 1, 5000, 'compaction after a pause');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, rows()[0]!.data);
    expect(doc.getArray('page:1').length).toBe(8);
    docs.closeAll();
  });

  it('a board that never pauses is compacted anyway, at the force limit', () => {
    const { docs, tick, rows, store } = setup(5, 60_000);
    for (let i = 0; i < 5 * COMPACT_FORCE_FACTOR; i++) tick();
    expect(rows()).toHaveLength(1);
    expect(store.pendingCount('L', 'board')).toBe(0);
    docs.closeAll();
  });
});
