/**
 * The publisher's one audio slot (the host's legs have a single audio m-line) carries the
 * microphone, the system audio captured with a screen share, or both MIXED. Mixing, rather
 * than letting system audio replace the microphone, lets a teacher talk over a video they
 * play. One source alone is sent as it is (no WebAudio, no resampling); two are summed in an
 * AudioContext whose output track is what the sender sends.
 *
 * Muting the microphone disables its track: its WebAudio source then yields silence, so the
 * mix keeps the system audio. The host is told `mic: 'live'` while system audio flows (see
 * slotMicState): viewers play the slot only when it is live.
 */
import type { MicState } from '../../../shared/schemas/media';

export type AudioPlan = 'none' | 'mic' | 'system' | 'mix';

export function audioPlan(mic: MediaStreamTrack | null, system: MediaStreamTrack | null): AudioPlan {
  if (mic && system) return 'mix';
  return mic ? 'mic' : system ? 'system' : 'none';
}

/** What the host hears about the audio slot: live while system audio is in it, whatever the mic. */
export function slotMicState(mic: MicState, systemAudio: boolean): MicState {
  return systemAudio ? 'live' : mic;
}

interface NodeLike {
  connect(destination: never): unknown;
  disconnect(): void;
}
export interface AudioContextLike {
  createMediaStreamSource(stream: MediaStream): NodeLike;
  createMediaStreamDestination(): { stream: MediaStream };
  resume(): Promise<void>;
  close(): Promise<void>;
}

export interface MixDeps {
  context(): AudioContextLike;
  stream(tracks: MediaStreamTrack[]): MediaStream;
}

const browserDeps: MixDeps = {
  context: () => new AudioContext(),
  stream: (tracks) => new MediaStream(tracks),
};

export class AudioSlot {
  private mix: { mic: MediaStreamTrack; system: MediaStreamTrack; ctx: AudioContextLike; nodes: NodeLike[]; out: MediaStreamTrack } | null = null;

  constructor(private readonly deps: MixDeps = browserDeps) {}

  /** The track to send for these inputs (the same mix while the inputs stay the same). */
  trackFor(mic: MediaStreamTrack | null, system: MediaStreamTrack | null): MediaStreamTrack | null {
    const plan = audioPlan(mic, system);
    if (plan !== 'mix') {
      this.close();
      return plan === 'mic' ? mic : plan === 'system' ? system : null;
    }
    if (this.mix?.mic === mic && this.mix.system === system) return this.mix.out;
    this.close();
    const ctx = this.deps.context();
    // A context made outside a user gesture may start suspended, and would send silence.
    void ctx.resume().catch(() => {});
    const dest = ctx.createMediaStreamDestination();
    const nodes = [mic!, system!].map((t) => {
      const node = ctx.createMediaStreamSource(this.deps.stream([t]));
      node.connect(dest as never);
      return node;
    });
    const out = dest.stream.getAudioTracks()[0]!;
    this.mix = { mic: mic!, system: system!, ctx, nodes, out };
    return out;
  }

  close(): void {
    if (!this.mix) return;
    this.mix.nodes.forEach((n) => n.disconnect());
    this.mix.out.stop();
    void this.mix.ctx.close().catch(() => {});
    this.mix = null;
  }
}
