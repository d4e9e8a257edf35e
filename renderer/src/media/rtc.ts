/**
 * Browser-side WebRTC chores shared by the publisher and viewer legs.
 *
 * Each leg's browser side is a simple-peer instance (the project's WebRTC stack; the host's
 * side is werift). simple-peer does the offer/answer dance and the connection's lifecycle:
 * it hands us ONE description per leg (one round trip through the host, no candidate
 * messages; see createPeer for what it carries), and it destroys itself (emitting 'close')
 * when ICE or the connection fails, which is our cue to reconnect.
 *
 * What simple-peer does not expose, we reach on its underlying RTCPeerConnection (`_pc`, see
 * rawPc): the transceivers, for setCodecPreferences (VP8/Opus only: the host forwards, it
 * does not transcode), sender.setParameters (quality presets) and sender.replaceTrack
 * (sources on and off without renegotiating); and getStats for the link indicator.
 *
 * As initiator (the publisher leg) simple-peer always opens a data channel, so that offer has
 * an m=application section; the host answers it and leaves the channel unused
 * (server/media/werift/publisherLeg.ts). simple-peer 9 needs Buffer, process and global:
 * vite-plugin-node-polyfills provides them (renderer/vite.config.mts).
 */
import SimplePeer from 'simple-peer';
import { QUALITY_PRESETS, type MediaSource, type Quality } from '../../../shared/schemas/media';

/** A LAN needs no STUN server, and a public one would send traffic off the LAN. */
export const RTC_CONFIG: RTCConfiguration = { iceServers: [], bundlePolicy: 'max-bundle' };

export type Peer = SimplePeer.Instance;

/**
 * A leg's browser side: no STUN, our own config. simple-peer in trickle mode signals the
 * description the moment it exists, and the candidates it signals later go nowhere: the host
 * would drop them anyway (a browser hides its address behind an mDNS name, which the host does
 * not resolve) and learns the browser's address from its connectivity checks, which the
 * browser sends to the host's candidates. Waiting for gathering (trickle off, as before) only
 * held the description back: 10–130 ms in late-join probes, ~120 ms at every share start.
 */
export function createPeer(initiator: boolean): Peer {
  const peer = new SimplePeer({ initiator, trickle: true, config: RTC_CONFIG });
  // Errors are always followed by 'close', which the legs handle; without a listener a
  // stream 'error' would be thrown as an uncaught exception.
  peer.on('error', () => {});
  return peer;
}

/** The RTCPeerConnection under a simple-peer (untyped there; null once the peer is destroyed). */
export function rawPc(peer: Peer): RTCPeerConnection {
  const pc = (peer as unknown as { _pc: RTCPeerConnection | null })._pc;
  if (!pc) throw new Error('The connection is closed.');
  return pc;
}

/**
 * The next offer or answer the peer signals (with every candidate in it). Rejects if the peer
 * dies first, with simple-peer's error when it has one.
 */
export function nextDescription(peer: Peer): Promise<string> {
  return new Promise((resolve, reject) => {
    let error: Error | undefined;
    const onSignal = (data: SimplePeer.SignalData) => {
      if ((data.type !== 'offer' && data.type !== 'answer') || !data.sdp) return;
      off();
      resolve(data.sdp);
    };
    const onError = (err: Error) => (error = err);
    const onClose = () => {
      off();
      reject(error ?? new Error('The connection closed before it was set up.'));
    };
    const off = () => {
      peer.off('signal', onSignal);
      peer.off('error', onError);
      peer.off('close', onClose);
    };
    peer.on('signal', onSignal);
    peer.on('error', onError);
    peer.on('close', onClose);
  });
}

/** Resolves once the remote description is applied (signalling back to stable). */
export function negotiated(peer: Peer): Promise<void> {
  return new Promise((resolve, reject) => {
    let error: Error | undefined;
    const onDone = () => {
      off();
      resolve();
    };
    const onError = (err: Error) => (error = err);
    const onClose = () => {
      off();
      reject(error ?? new Error('The connection closed while being set up.'));
    };
    const off = () => {
      peer.off('negotiated', onDone);
      peer.off('error', onError);
      peer.off('close', onClose);
    };
    peer.on('negotiated', onDone);
    peer.on('error', onError);
    peer.on('close', onClose);
  });
}

/**
 * The host forwards packets without transcoding, so every leg must use the same single codec:
 * VP8 for video, Opus for audio. (The host only offers/accepts those; this makes the
 * browser's offer say so too.)
 */
export function pinCodec(t: RTCRtpTransceiver, kind: 'audio' | 'video') {
  const wanted = kind === 'video' ? 'video/vp8' : 'audio/opus';
  const codecs = RTCRtpReceiver.getCapabilities(kind)?.codecs.filter((c) => c.mimeType.toLowerCase() === wanted);
  try {
    if (codecs?.length) t.setCodecPreferences(codecs);
  } catch {
    // Older engines without setCodecPreferences: the host's answer still pins the codec.
  }
}

export function encodingFor(source: MediaSource, quality: Quality): RTCRtpEncodingParameters {
  const p = QUALITY_PRESETS[quality];
  if (source === 'camera') return { maxBitrate: p.cameraBitrate, maxFramerate: 15, scaleResolutionDownBy: 1 };
  if (source === 'mic') return { maxBitrate: 64_000 };
  return { maxBitrate: p.maxBitrate, maxFramerate: p.maxFramerate, scaleResolutionDownBy: p.scaleResolutionDownBy };
}

/** Applies a quality preset to a live sender (no renegotiation needed). */
export async function applyEncoding(sender: RTCRtpSender, enc: RTCRtpEncodingParameters): Promise<void> {
  const params = sender.getParameters();
  if (!params.encodings?.length) return;
  params.encodings = params.encodings.map((e) => ({ ...e, ...enc }));
  // Screens: keep resolution (text stays readable) and drop frames first under pressure.
  params.degradationPreference = 'maintain-resolution';
  try {
    await sender.setParameters(params);
  } catch {
    // A sender mid-renegotiation refuses; the next preset change or publish applies it.
  }
}
