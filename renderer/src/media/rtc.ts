/**
 * Browser-side WebRTC chores shared by the publisher and viewer legs. We use the browser's
 * own RTCPeerConnection rather than simple-peer: one side of every leg is our host, so
 * simple-peer's symmetric offer/answer dance buys nothing, while it hides the transceivers we
 * need (setCodecPreferences, setParameters) and needs Node polyfills under Vite.
 */
import { QUALITY_PRESETS, type MediaSource, type Quality } from '../../../shared/schemas/media';

/** A LAN needs no STUN server, and a public one would send traffic off the LAN. */
export const RTC_CONFIG: RTCConfiguration = { iceServers: [], bundlePolicy: 'max-bundle' };

/** Waits until the local description carries all candidates: no trickle, one round trip. */
export function gathered(pc: RTCPeerConnection, timeoutMs = 3000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
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
