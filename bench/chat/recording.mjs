/**
 * Latency recording: the measured window (Run), the message text that carries its send time,
 * the paced sender, and the distributions we report.
 */
import { TEXT_BYTES } from './options.mjs';
import { fmt, nowMs, percentile, round, stamp } from './util.mjs';

const SAMPLE_CAP = 4_000_000;

/** One measured sending window: which message indexes count, and what arrived. */
export class Run {
  constructor(firstIndex, count, receivers) {
    this.lo = firstIndex;
    this.hi = firstIndex + count;
    this.count = count;
    this.expected = count * receivers;
    this.delivered = 0;
    this.stray = 0;
    this.firstSendAt = Infinity;
    this.lastDeliveryAt = 0;
    this.samples = new Float64Array(Math.min(this.expected, SAMPLE_CAP));
    this.n = 0;
    this.maxSendLag = 0;
    this.acks = 0;
    this.ackErrors = 0;
    this.ackLatency = [];
    // Per message: its slowest delivery (the fan-out is complete) and its fastest.
    this.perMsgMax = new Float64Array(count);
    this.perMsgMin = new Float64Array(count).fill(Infinity);
  }
  record(index, latencyMs, at) {
    if (index < this.lo || index >= this.hi) {
      this.stray++;
      return;
    }
    this.delivered++;
    this.lastDeliveryAt = at;
    const k = index - this.lo;
    if (latencyMs > this.perMsgMax[k]) this.perMsgMax[k] = latencyMs;
    if (latencyMs < this.perMsgMin[k]) this.perMsgMin[k] = latencyMs;
    if (this.n < this.samples.length) this.samples[this.n++] = latencyMs;
    else {
      // Reservoir sampling keeps percentiles honest past the cap.
      const j = Math.floor(Math.random() * this.delivered);
      if (j < this.samples.length) this.samples[j] = latencyMs;
    }
  }
}

export function concat(arrays) {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

export function dist(values, digits = 3) {
  const s = Float64Array.from(values).filter(Number.isFinite).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return {
    p50: round(percentile(s, 50), digits),
    p90: round(percentile(s, 90), digits),
    p99: round(percentile(s, 99), digits),
    max: round(s.length ? s[s.length - 1] : NaN, digits),
    mean: round(s.length ? sum / s.length : NaN, digits),
  };
}

/**
 * The window being measured (deliveries outside one are not recorded), and the next message
 * index: indexes are never reused, so a clientId is never a resend of an earlier one.
 */
export const recording = { currentRun: null, nextIndex: 0 };

const TEXT_PREFIX = 'bench ';
export function makeText(index) {
  // "bench <index> <send stamp ms> xxxx…" — the receiver parses the stamp back out.
  const head = `${TEXT_PREFIX}${index} ${stamp().toFixed(3)} `;
  return head + 'x'.repeat(Math.max(1, TEXT_BYTES - head.length));
}

/** Called by every receiver for every chat message. */
export function onChatText(text) {
  const at = stamp();
  const run = recording.currentRun;
  if (!run || typeof text !== 'string' || !text.startsWith(TEXT_PREFIX)) return;
  const a = text.indexOf(' ', TEXT_PREFIX.length);
  const b = text.indexOf(' ', a + 1);
  const index = Number(text.slice(TEXT_PREFIX.length, a));
  const sentAt = Number(text.slice(a + 1, b));
  run.record(index, at - sentAt, at);
}

/** Sends run.count messages at `rate`/s; resolves after the last send. */
export function sendRun(driver, run, rate) {
  const interval = 1000 / rate;
  const t0 = nowMs();
  let i = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = nowMs();
      // Catch up if a timer fired late (the clients share this event loop with the sender).
      while (i < run.count && t0 + i * interval <= now) {
        run.maxSendLag = Math.max(run.maxSendLag, now - (t0 + i * interval));
        if (i === 0) run.firstSendAt = stamp();
        driver.send(makeText(run.lo + i), run.lo + i, run);
        i++;
      }
      if (i >= run.count) return resolve(nowMs() - t0);
      setTimeout(tick, Math.max(0, t0 + i * interval - nowMs()));
    };
    tick();
  });
}

/** Per second of sending: median and worst of each message's slowest delivery, and its fastest. */
export function printTimeline(run, perSecond) {
  console.log('      second   slowest receiver p50 / max (ms)   fastest receiver p50 (ms)');
  for (let from = 0; from < run.count; from += perSecond) {
    const max = run.perMsgMax.slice(from, from + perSecond).sort();
    const min = run.perMsgMin.slice(from, from + perSecond).sort();
    console.log(
      `      ${String(from / perSecond).padStart(6)}   ${fmt(percentile(max, 50)).padStart(10)} / ${fmt(max[max.length - 1]).padStart(8)}` +
        `          ${fmt(percentile(min, 50)).padStart(8)}`,
    );
  }
}
