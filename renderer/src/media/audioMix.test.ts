/** The publisher's audio slot: mic, system audio, or both mixed (WebAudio stood in for). */
import { describe, expect, it } from 'vitest';
import { AudioSlot, audioPlan, slotMicState, type MixDeps } from './audioMix';

function track(id: string) {
  const t = { id, kind: 'audio', stopped: false, stop: () => void (t.stopped = true) };
  return t as unknown as MediaStreamTrack & { stopped: boolean };
}

function fakeWebAudio() {
  const contexts: { sources: string[][]; connected: number; disconnected: number; closed: boolean; resumed: boolean; out: ReturnType<typeof track> }[] = [];
  const deps: MixDeps = {
    stream: (tracks) => ({ ids: tracks.map((t) => t.id) }) as unknown as MediaStream,
    context() {
      const c = { sources: [] as string[][], connected: 0, disconnected: 0, closed: false, resumed: false, out: track(`mix${contexts.length}`) };
      contexts.push(c);
      return {
        createMediaStreamSource: (s: MediaStream) => {
          c.sources.push((s as unknown as { ids: string[] }).ids);
          return { connect: () => c.connected++, disconnect: () => void c.disconnected++ };
        },
        createMediaStreamDestination: () => ({ stream: { getAudioTracks: () => [c.out] } as unknown as MediaStream }),
        resume: async () => void (c.resumed = true),
        close: async () => void (c.closed = true),
      };
    },
  };
  return { deps, contexts };
}

describe('the audio slot', () => {
  it('plans: nothing, one source as it is, or a mix of both', () => {
    const mic = track('mic');
    const sys = track('sys');
    expect(audioPlan(null, null)).toBe('none');
    expect(audioPlan(mic, null)).toBe('mic');
    expect(audioPlan(null, sys)).toBe('system');
    expect(audioPlan(mic, sys)).toBe('mix');
  });

  it('tells the host the slot is live while system audio flows, whatever the mic', () => {
    expect(slotMicState('off', false)).toBe('off');
    expect(slotMicState('muted', false)).toBe('muted');
    expect(slotMicState('live', false)).toBe('live');
    expect(slotMicState('off', true)).toBe('live');
    expect(slotMicState('muted', true)).toBe('live');
  });

  it('sends one source untouched, without an AudioContext', () => {
    const { deps, contexts } = fakeWebAudio();
    const slot = new AudioSlot(deps);
    const mic = track('mic');
    const sys = track('sys');
    expect(slot.trackFor(mic, null)).toBe(mic);
    expect(slot.trackFor(null, sys)).toBe(sys);
    expect(slot.trackFor(null, null)).toBeNull();
    expect(contexts).toHaveLength(0);
  });

  it('mixes mic and system audio into one track, reuses the mix, and frees it when no longer needed', () => {
    const { deps, contexts } = fakeWebAudio();
    const slot = new AudioSlot(deps);
    const mic = track('mic');
    const sys = track('sys');
    const mixed = slot.trackFor(mic, sys);
    expect(contexts).toHaveLength(1);
    expect(mixed).toBe(contexts[0]!.out);
    expect(contexts[0]!.sources).toEqual([['mic'], ['sys']]);
    expect(contexts[0]!.connected).toBe(2);
    expect(contexts[0]!.resumed).toBe(true);
    // Same inputs (a quality change, a camera toggle): the same mix, no new context.
    expect(slot.trackFor(mic, sys)).toBe(mixed);
    expect(contexts).toHaveLength(1);
    // The screen share stops: the mic goes out alone and the mix is torn down.
    expect(slot.trackFor(mic, null)).toBe(mic);
    expect(contexts[0]).toMatchObject({ disconnected: 2, closed: true });
    expect(contexts[0]!.out.stopped).toBe(true);
    expect(mic.stopped).toBe(false); // our inputs are the controller's to stop
  });

  it('builds a new mix when an input changes (a new screen share)', () => {
    const { deps, contexts } = fakeWebAudio();
    const slot = new AudioSlot(deps);
    const mic = track('mic');
    slot.trackFor(mic, track('sys1'));
    const second = slot.trackFor(mic, track('sys2'));
    expect(contexts).toHaveLength(2);
    expect(contexts[0]!.closed).toBe(true);
    expect(second).toBe(contexts[1]!.out);
    slot.close();
    expect(contexts[1]!.closed).toBe(true);
  });
});
