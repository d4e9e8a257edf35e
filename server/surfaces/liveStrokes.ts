/**
 * Live strokes: while someone draws, their whiteboard awareness state carries the stroke so
 * far (`stroke`, see LiveStrokeSchema); the stroke enters the document only when the pen lifts.
 * Awareness is volatile and never stored, so in-progress points cost the stored board nothing
 * and one stroke stays one undo step. Since awareness is relayed to everyone, the host checks
 * it like a document change: only someone with the pen may show a stroke.
 */
import { modifyAwarenessUpdate } from 'y-protocols/awareness';
import { LiveStrokeSchema } from '../../shared/schemas/surfaces';

/**
 * Checks the live strokes in a whiteboard awareness update: 'forbidden' if one is there
 * and `mayDraw` is false, 'invalid' if one is malformed (or the update does not decode),
 * undefined if it may be relayed.
 */
export function checkLiveStrokes(update: Uint8Array, mayDraw: boolean): 'forbidden' | 'invalid' | undefined {
  let problem: 'forbidden' | 'invalid' | undefined;
  try {
    // Used as a decoder: it hands each state to us (the re-encoded copy is dropped).
    modifyAwarenessUpdate(update, (state: unknown) => {
      const stroke = state && typeof state === 'object' ? (state as { stroke?: unknown }).stroke : undefined;
      if (stroke === undefined || stroke === null || problem) return state;
      if (!mayDraw) problem = 'forbidden';
      else if (!LiveStrokeSchema.safeParse(stroke).success) problem = 'invalid';
      return state;
    });
  } catch {
    return 'invalid';
  }
  return problem;
}
