/**
 * Token buckets: a budget that refills at `ratePerSec` up to `burst`. Used per socket (event
 * flooding) and for failed joins (code guessing). Time comes from `now()` so tests can drive it.
 */
export interface BucketConfig {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Bucket size: how many may go at once after a quiet spell. */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly config: BucketConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = config.burst;
    this.last = now();
  }

  private refill() {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.last = t;
    this.tokens = Math.min(this.config.burst, this.tokens + elapsed * this.config.ratePerSec);
  }

  /** Takes `n` tokens if there are enough; false (and nothing taken) otherwise. */
  take(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Whether `n` tokens are available now, without taking them. */
  has(n = 1): boolean {
    this.refill();
    return this.tokens >= n;
  }

  /** True when the bucket is full again (nothing to remember about this key). */
  isFull(): boolean {
    this.refill();
    return this.tokens >= this.config.burst;
  }
}

/**
 * Per-socket event budgets. Chat gets its own bucket (people type; 5/s with a burst of 10 is
 * far above any human and far below a script); every other event shares a roomier default,
 * because media signalling sends short bursts (offers, ICE candidates) on joining.
 */
export interface RateLimits {
  chat: BucketConfig;
  default: BucketConfig;
  /** Payloads that fail validation, all events together: bounds the 'bad payload' log lines. */
  invalid?: BucketConfig;
  /** Events that get their own bucket instead of the default one (e.g. chat:send). */
  perEvent?: Record<string, BucketConfig>;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  chat: { ratePerSec: 5, burst: 10 },
  default: { ratePerSec: 30, burst: 60 },
  invalid: { ratePerSec: 50, burst: 100 },
  // Drawing and cursors stream small updates while the pointer moves: their own, roomier
  // buckets, so a student drawing does not starve their other events (and vice versa).
  perEvent: {
    'surface:update': { ratePerSec: 60, burst: 120 },
    'surface:awareness': { ratePerSec: 30, burst: 60 },
  },
};

/** Events that spend the chat bucket. */
const CHAT_EVENTS = new Set(['chat:send']);

export class SocketLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one token for `event`; false means the socket is over its budget. */
  allow(event: string): boolean {
    const own = this.limits.perEvent?.[event];
    if (own) return this.take(`event:${event}`, own);
    return CHAT_EVENTS.has(event) ? this.take('chat', this.limits.chat) : this.take('default', this.limits.default);
  }

  /** Spends one token for a payload that failed validation. */
  allowInvalid(): boolean {
    return this.take('invalid', this.limits.invalid ?? DEFAULT_RATE_LIMITS.invalid!);
  }

  /** True when every bucket refilled: nothing worth remembering about this participant. */
  isIdle(): boolean {
    for (const b of this.buckets.values()) if (!b.isFull()) return false;
    return true;
  }

  private take(key: string, config: BucketConfig): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(config, this.now)));
    return bucket.take();
  }
}
