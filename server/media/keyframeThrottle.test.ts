import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeyframeThrottle } from './keyframeThrottle';

describe('keyframe throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first request at once, then one trailing request per interval', () => {
    let plis = 0;
    const t = createKeyframeThrottle(() => plis++, 300, () => Date.now());
    expect(t.request()).toBe(true);
    for (let i = 0; i < 20; i++) t.request();
    expect(plis).toBe(1);
    vi.advanceTimersByTime(299);
    expect(plis).toBe(1);
    vi.advanceTimersByTime(1);
    expect(plis).toBe(2); // the joiner who asked during the quiet interval is not forgotten
    vi.advanceTimersByTime(5000);
    expect(plis).toBe(2);
    expect(t.request()).toBe(true);
    expect({ sent: t.sent, asked: t.asked }).toEqual({ sent: 3, asked: 22 });
    t.dispose();
  });

  it('dispose cancels a pending trailing request', () => {
    let plis = 0;
    const t = createKeyframeThrottle(() => plis++, 300, () => Date.now());
    t.request();
    t.request();
    t.dispose();
    vi.advanceTimersByTime(1000);
    expect(plis).toBe(1);
  });
});
