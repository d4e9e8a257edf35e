/**
 * Room-code guessing budget for POST /api/join.
 *
 * The arithmetic (issue #7): a code is 6 symbols of a 32-letter alphabet, 32^6 = 1,073,741,824
 * codes. One wrong guess tested against L live rooms hits one of them with probability at most
 * L / 32^6. So the chance of guessing a live code with G failed joins is at most G·L / 32^6.
 * We charge each failed join L tokens (one per live code it could have hit) against a global
 * bucket holding at most HOURLY_CODE_TESTS = 1,000 tokens per hour (burst 500 + refill 500/h):
 *
 *     P(hit within one hour) ≤ 1,000 / 1,073,741,824 ≈ 9.3e-7 < 1e-6
 *
 * whatever L is (1 live room: 1,000 failed joins an hour; 10 rooms: 100). A class of 30 typing
 * a code wrong a few times each spends well under that.
 *
 * Once the global budget is spent every join is refused with RATE_LIMITED *before* the code is
 * looked up, so refusals say nothing about which codes exist; the teacher is warned and can
 * rotate the code, which resets the budget (old guesses say nothing about the new code).
 * Per-address buckets stop one machine from spending the global budget alone.
 */
import { TokenBucket, type BucketConfig } from './tokenBucket';

export const CODE_SPACE = 32 ** 6;
/** Code tests allowed per hour, globally: keeps P(guess in an hour) below 1e-6. */
export const HOURLY_CODE_TESTS = 1_000;

export interface GuessBudgetConfig {
  /** Global bucket, in code tests (failed joins × live rooms). */
  global: BucketConfig;
  /** Failed joins per address. */
  perAddress: BucketConfig;
}

export const DEFAULT_GUESS_BUDGET: GuessBudgetConfig = {
  global: { burst: HOURLY_CODE_TESTS / 2, ratePerSec: HOURLY_CODE_TESTS / 2 / 3600 },
  // 10 wrong codes in a row, then one every 10 s: generous for a person, slow for a script.
  perAddress: { burst: 10, ratePerSec: 0.1 },
};

/** Upper bound on failed code tests in one hour for a bucket config (burst + an hour of refill). */
export const maxTestsPerHour = (c: BucketConfig) => c.burst + c.ratePerSec * 3600;

export type JoinVerdict = { allowed: true } | { allowed: false; reason: 'address' | 'global' };

export class GuessBudget {
  private global: TokenBucket;
  private readonly addresses = new Map<string, TokenBucket>();
  private tripped = false;

  constructor(
    private readonly config: GuessBudgetConfig = DEFAULT_GUESS_BUDGET,
    private readonly hooks: { onTrip?(): void } = {},
    private readonly now: () => number = Date.now,
  ) {
    this.global = new TokenBucket(config.global, now);
  }

  /** Before looking up a code: may `address` try one, with `liveRooms` rooms live? */
  check(address: string, liveRooms: number): JoinVerdict {
    if (this.addresses.get(address)?.has() === false) return { allowed: false, reason: 'address' };
    if (!this.global.has(Math.max(1, liveRooms))) {
      this.trip();
      return { allowed: false, reason: 'global' };
    }
    return { allowed: true };
  }

  /** A join with a wrong code: spend from the address's and the global budget. */
  failed(address: string, liveRooms: number): void {
    let bucket = this.addresses.get(address);
    if (!bucket) this.addresses.set(address, (bucket = new TokenBucket(this.config.perAddress, this.now)));
    bucket.take();
    if (!this.global.take(Math.max(1, liveRooms))) this.trip();
    this.prune();
  }

  /** True once the global budget ran out, until `reset()` (the code was rotated). */
  get isTripped(): boolean {
    return this.tripped;
  }

  /** The codes changed: earlier guesses are worthless, so the global budget starts again. */
  reset(): void {
    this.global = new TokenBucket(this.config.global, this.now);
    this.tripped = false;
  }

  private trip() {
    if (this.tripped) return;
    this.tripped = true;
    this.hooks.onTrip?.();
  }

  /** Forget addresses whose bucket refilled, so a scan of many addresses cannot grow memory. */
  private prune() {
    if (this.addresses.size < 1024) return;
    for (const [addr, b] of this.addresses) if (b.isFull()) this.addresses.delete(addr);
  }
}
