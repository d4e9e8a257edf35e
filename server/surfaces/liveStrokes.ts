/**
 * Live strokes: while someone draws, their whiteboard awareness state carries the stroke so
 * far (`stroke`, see LiveStrokeSchema); the stroke enters the document only when the pen lifts.
 * Awareness is volatile and never stored, so in-progress points cost the stored board nothing
 * and one stroke stays one undo step. Since awareness is relayed to everyone, the host checks
 * it like a document change: only someone with the pen may show a stroke.
 */
import { LiveStrokeSchema } from '../../shared/schemas/surfaces';

/**
 * The states in a y-protocols awareness update: varUint count, then per client varUint id,
 * varUint clock and the state as a varString of JSON. Read here rather than with
 * modifyAwarenessUpdate, which re-encodes every state it is shown (wasted work on every
 * live-stroke update). Throws on anything malformed.
 */
export function awarenessStates(update: Uint8Array): unknown[] {
  let pos = 0;
  const varUint = () => {
    let n = 0;
    for (let shift = 0; shift < 53; shift += 7) {
      if (pos >= update.length) throw new RangeError('truncated');
      const b = update[pos++]!;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
    throw new RangeError('varint too long');
  };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const states: unknown[] = [];
  for (let i = varUint(); i > 0; i--) {
    varUint(); // client id
    varUint(); // clock
    const len = varUint();
    if (pos + len > update.length) throw new RangeError('truncated');
    states.push(JSON.parse(utf8.decode(update.subarray(pos, pos + len))));
    pos += len;
  }
  return states;
}

/**
 * Checks the live strokes in a whiteboard awareness update: 'forbidden' if one is there
 * and `mayDraw` is false, 'invalid' if one is malformed (or the update does not decode),
 * undefined if it may be relayed.
 */
export function checkLiveStrokes(update: Uint8Array, mayDraw: boolean): 'forbidden' | 'invalid' | undefined {
  let states: unknown[];
  try {
    states = awarenessStates(update);
  } catch {
    return 'invalid';
  }
  for (const state of states) {
    const stroke = state && typeof state === 'object' ? (state as { stroke?: unknown }).stroke : undefined;
    if (stroke === undefined || stroke === null) continue;
    if (!mayDraw) return 'forbidden';
    if (!LiveStrokeSchema.safeParse(stroke).success) return 'invalid';
  }
  return undefined;
}
