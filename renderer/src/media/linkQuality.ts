/**
 * Connection quality from the viewer leg's getStats: numbers for the details panel and a
 * good/fair/poor level for the indicator (and for the teacher's participant view).
 */
import type { LinkLevel } from '../../../shared/schemas/media';

export interface LinkStats {
  bitrateKbps: number;
  fps: number;
  lossPercent: number;
  rttMs: number | null;
  framesDecoded: number;
  freezes: number;
}

interface Prev {
  at: number;
  bytes: number;
  lost: number;
  received: number;
}

export class LinkMeter {
  private prev: Prev | null = null;

  async sample(pc: RTCPeerConnection): Promise<LinkStats> {
    const report = await pc.getStats();
    let bytes = 0;
    let lost = 0;
    let received = 0;
    let fps = 0;
    let framesDecoded = 0;
    let freezes = 0;
    let rttMs: number | null = null;
    report.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        bytes += s.bytesReceived ?? 0;
        lost += Math.max(0, s.packetsLost ?? 0);
        received += s.packetsReceived ?? 0;
        if (s.kind === 'video') {
          fps = Math.max(fps, s.framesPerSecond ?? 0);
          framesDecoded += s.framesDecoded ?? 0;
          freezes += s.freezeCount ?? 0;
        }
      }
      if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) {
        rttMs = Math.round(s.currentRoundTripTime * 1000);
      }
    });
    const now = performance.now();
    const p = this.prev;
    this.prev = { at: now, bytes, lost, received };
    const secs = p ? (now - p.at) / 1000 : 0;
    const dLost = p ? lost - p.lost : 0;
    const dRecv = p ? received - p.received : 0;
    return {
      bitrateKbps: p && secs > 0 ? Math.round(((bytes - p.bytes) * 8) / 1000 / secs) : 0,
      fps: Math.round(fps),
      lossPercent: dLost + dRecv > 0 ? Math.round((1000 * dLost) / (dLost + dRecv)) / 10 : 0,
      rttMs,
      framesDecoded,
      freezes,
    };
  }
}

/**
 * Loss and round-trip time only: a shared screen that does not change legitimately sends
 * almost no frames, so a low frame rate says nothing about the link.
 */
export function levelOf(s: LinkStats): LinkLevel {
  const rtt = s.rttMs ?? 0;
  if (s.lossPercent > 5 || rtt > 300) return 'poor';
  if (s.lossPercent > 1 || rtt > 150) return 'fair';
  return 'good';
}
