/**
 * Keyframe requests from many viewers collapse into at most one PLI per interval to the
 * publisher: 40 students recovering from one Wi-Fi hiccup must not make the teacher's encoder
 * emit 40 keyframes (each one a bitrate spike that causes more loss).
 *
 * A request inside the quiet interval is not dropped: one trailing PLI goes out when the
 * interval ends, so a student who joins right after another still gets a keyframe promptly.
 */
export interface KeyframeThrottle {
  /** Ask for a keyframe; returns true if a PLI was sent right now. */
  request(): boolean;
  /** Counts for stats and tests. */
  readonly sent: number;
  readonly asked: number;
  dispose(): void;
}

export function createKeyframeThrottle(
  sendPli: () => void,
  intervalMs: number,
  now: () => number = () => performance.now(),
): KeyframeThrottle {
  let last = -Infinity;
  let trailing: ReturnType<typeof setTimeout> | undefined;
  let sent = 0;
  let asked = 0;

  const fire = () => {
    last = now();
    sent++;
    sendPli();
  };

  return {
    request() {
      asked++;
      const wait = last + intervalMs - now();
      if (wait <= 0) {
        fire();
        return true;
      }
      trailing ??= setTimeout(() => {
        trailing = undefined;
        fire();
      }, wait);
      return false;
    },
    get sent() {
      return sent;
    },
    get asked() {
      return asked;
    },
    dispose() {
      clearTimeout(trailing);
      trailing = undefined;
    },
  };
}
