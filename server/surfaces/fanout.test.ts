/** SurfaceFanout on its own: what one tick stores, acks and sends, with a recording sink. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SurfaceFanout, type FanoutSink } from './fanout';

function recordingSink(failStore = false) {
  const log: string[] = [];
  const stored: Uint8Array[] = [];
  const sink: FanoutSink = {
    store(roomId, surface, update) {
      if (failStore) throw new Error('disk full');
      stored.push(update);
      log.push(`store ${roomId} ${surface}`);
    },
    sendUpdate(roomId, surface, _update, ids, except) {
      log.push(`update ${roomId} ${surface} awareness=${ids?.join(',') ?? '-'} except=${except ?? '-'}`);
    },
    sendAwareness(roomId, surface, ids, except) {
      log.push(`awareness ${roomId} ${surface} ${ids.join(',')} except=${except ?? '-'}`);
    },
    onError: () => log.push('error'),
  };
  return { sink, log, stored };
}

/** A Yjs update adding `text` to a fresh doc's array. */
function update(text: string): Uint8Array {
  const d = new Y.Doc();
  d.getArray('a').push([text]);
  return Y.encodeStateAsUpdate(d);
}
const settle = () => new Promise((r) => setTimeout(r, 60));

describe('SurfaceFanout', () => {
  it('merges a tick into one stored row and one message; acks come before the broadcast', async () => {
    const { sink, log, stored } = recordingSink();
    const fanout = new SurfaceFanout(sink, 20);
    const acks = [fanout.update('r', 'board', 's1', update('a')), fanout.update('r', 'board', 's2', update('b'))];
    fanout.awareness('r', 'board', 's3', [7, 8]);
    void Promise.all(acks).then(() => log.push('acked'));
    await settle();
    expect(log).toEqual(['store r board', 'acked', 'update r board awareness=7,8 except=-']);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored[0]!);
    expect(doc.getArray('a').toArray().sort()).toEqual(['a', 'b']);
  });

  it('spares a lone sender its echo; awareness alone goes by itself; rooms and surfaces are apart', async () => {
    const { sink, log } = recordingSink();
    const fanout = new SurfaceFanout(sink, 20);
    await fanout.update('r', 'code', 's1', update('x'));
    fanout.awareness('r', 'board', 's1', [1]);
    fanout.awareness('q', 'board', 's9', [2]);
    await settle();
    expect(log).toEqual(['store r code', 'update r code awareness=- except=s1', 'awareness r board 1 except=s1', 'awareness q board 2 except=s9']);
  });

  it('a failed store rejects the tick’s acks and sends nothing', async () => {
    const { sink, log } = recordingSink(true);
    const fanout = new SurfaceFanout(sink, 20);
    await expect(fanout.update('r', 'board', 's1', update('a'))).rejects.toThrow('disk full');
    await settle();
    expect(log).toEqual(['error']);
  });

  it('close() stores what is pending at once and sends nothing', async () => {
    const { sink, log } = recordingSink();
    const fanout = new SurfaceFanout(sink, 1000);
    await fanout.update('r', 'board', 's1', update('a')); // flushes, starting a 1 s tick
    const pending = fanout.update('r', 'board', 's1', update('b'));
    fanout.close();
    await pending;
    await settle();
    expect(log.filter((l) => l.startsWith('store'))).toHaveLength(2);
    expect(log.filter((l) => l.startsWith('update'))).toHaveLength(1);
  });
});
