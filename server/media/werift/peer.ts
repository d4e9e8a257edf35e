/**
 * How the host's werift peer connections are configured, and the small SDP chores around
 * them. Both legs carry exactly one codec per kind because werift forwards, it does not
 * transcode: VP8 for video (every browser and Electron decode it in software cheaply) and Opus.
 */
import {
  RTCPeerConnection,
  RTCRtpHeaderExtensionParameters,
  RtcpPayloadSpecificFeedback,
  ReceiverEstimatedMaxBitrate,
  useNACK,
  useOPUS,
  usePLI,
  useREMB,
  useSdesMid,
  useVP8,
  type RTCPeerConnectionConfig,
  type RTCRtpReceiver,
} from 'werift';
import { PUBLISH_SLOTS } from '../../../shared/schemas/media';

/** The m-line kinds of both legs, slot by slot. */
export const SLOT_KINDS: readonly ('audio' | 'video')[] = PUBLISH_SLOTS.map((s) => (s === 'mic' ? 'audio' : 'video'));

export interface IceOptions {
  /** Extra host candidates; 127.0.0.1 lets same-machine browsers and loopback-only tests in. */
  additionalHostAddresses?: string[];
  /**
   * Only pair loopback candidates: a host bound to 127.0.0.1 (tests, a one-machine demo) is
   * reachable only from this machine, so its media must not wander onto the LAN either.
   */
  loopbackOnly?: boolean;
}

const isLoopback = (address: string) => address.startsWith('127.') || address === '::1';

function base(ice: IceOptions): RTCPeerConnectionConfig {
  return {
    // A LAN needs no STUN/TURN, and asking a public STUN server would leak traffic off the LAN.
    iceServers: [],
    iceAdditionalHostAddresses: ice.additionalHostAddresses ?? ['127.0.0.1'],
    iceUseIpv6: false,
    iceUseTcp: false,
    iceFilterCandidatePair: ice.loopbackOnly
      ? (pair) => isLoopback(pair.remoteCandidate.host) && isLoopback(pair.protocol.localCandidate?.host ?? '')
      : undefined,
  };
}

/**
 * Publisher leg (browser → host). No transport-wide-cc: werift's TWCC feedback made Chrome's
 * encoder collapse to ~80 kbps. With goog-remb negotiated instead, Chrome follows the REMB
 * the host sends at the chosen quality's bitrate.
 */
export function publisherConfig(ice: IceOptions): RTCPeerConnectionConfig {
  return {
    ...base(ice),
    codecs: {
      video: [useVP8({ rtcpFeedback: [useNACK(), usePLI(), useREMB()] })],
      audio: [useOPUS()],
    },
    headerExtensions: { video: [useSdesMid()], audio: [useSdesMid()] },
  };
}

/**
 * RTP header extension (webrtc.org "playout-delay", supported by Chrome and Electron): bounds
 * the receiver's jitter-buffer delay. The host sets it to zero on the screen slot.
 */
export const PLAYOUT_DELAY_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';
/** min = max = 0 (12 bits each, in 10 ms units): show each frame as soon as it is decoded. */
export const ZERO_PLAYOUT_DELAY = Buffer.alloc(3);

/**
 * Viewer leg (host → browser): NACK and PLI so each viewer recovers on its own; playout-delay
 * offered for video (the viewer leg uses it on the screen slot only, see ViewerLeg.forward).
 */
export function viewerConfig(ice: IceOptions): RTCPeerConnectionConfig {
  return {
    ...base(ice),
    codecs: {
      video: [useVP8({ rtcpFeedback: [useNACK(), usePLI()] })],
      audio: [useOPUS()],
    },
    headerExtensions: {
      video: [useSdesMid(), new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_URI })],
      audio: [useSdesMid()],
    },
  };
}

/**
 * Drops mDNS (`*.local`) candidates from a browser's SDP. Resolving them would make the host
 * multicast on the LAN and wait for timeouts; the browser's connectivity checks reach our own
 * host candidates anyway and reveal its address (a peer-reflexive candidate).
 */
export function withoutMdnsCandidates(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => !/^a=candidate:\S+ \d+ \S+ \d+ \S+\.local /i.test(line))
    .join('\r\n');
}

/**
 * Adds `x-google-start-bitrate` (kbps; Chrome and Electron read it from the remote
 * description) to every VP8 format. Chrome otherwise starts its estimate at 300 kbps and
 * paces the teacher's first keyframe (a 720p slide: tens of KB) over ~0.4 s before any
 * student sees the share; the host's REMB caps the estimate but does not raise its start.
 */
export function withStartBitrate(sdp: string, bps: number): string {
  const param = `x-google-start-bitrate=${Math.round(bps / 1000)}`;
  const vp8 = new Set([...sdp.matchAll(/^a=rtpmap:(\d+) VP8\/90000/gim)].map((m) => m[1]!));
  const hasFmtp = new Set([...sdp.matchAll(/^a=fmtp:(\d+) /gm)].map((m) => m[1]!));
  return sdp
    .split(/\r?\n/)
    .flatMap((line) => {
      const pt = /^a=(rtpmap|fmtp):(\d+) /.exec(line);
      if (!pt || !vp8.has(pt[2]!)) return [line];
      if (pt[1] === 'fmtp') return [`${line};${param}`];
      return hasFmtp.has(pt[2]!) ? [line] : [line, `a=fmtp:${pt[2]} ${param}`];
    })
    .join('\r\n');
}

/**
 * Offers `a=setup:active` instead of werift's actpass: the browser answers passive and waits,
 * and werift, reading that answer, starts the DTLS handshake itself once its ICE is up. RFC 5763
 * asks an offerer for actpass AND to be ready for a ClientHello before the answer; werift is not
 * (it dropped the browser's first flight when that came first, and the browser's backed-off
 * retransmission then decided the wait). Late-join probes (one Chromium, four pages decoding):
 * answer → connected up to 0.8–2.3 s with actpass, at most 0.5 s with the host leading
 * (werift's DTLS client spends ~100 ms of its own). Browsers take an active offer: Chromium
 * (e2e; Electron has the same WebRTC, untested here), Firefox (its JSEP source answers a remote
 * `active` with `passive`; not run here).
 */
export function hostLeadsDtls(sdp: string): string {
  return sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active');
}

/** The kinds of an SDP's m-sections, in order (`video`, `audio`, `application`, …). */
export function sectionKinds(sdp: string): string[] {
  return [...sdp.matchAll(/^m=(\w+) /gm)].map((m) => m[1]!);
}

/**
 * Checks that a browser's SDP carries our fixed media m-lines: the PUBLISH_SLOTS kinds in order
 * and nothing else that carries media. At most one `m=application` section is allowed anywhere:
 * simple-peer, which browsers use for their side of each leg, always opens a data channel when
 * it makes the offer (the publisher leg). The caller answers it and leaves it unused.
 */
export function checkSections(sdp: string, expected: readonly string[]): void {
  const kinds = sectionKinds(sdp);
  const media = kinds.filter((k) => k !== 'application');
  if (kinds.length - media.length > 1) throw new Error('more than one m=application section');
  if (media.length !== expected.length || media.some((k, i) => k !== expected[i])) {
    throw new Error(`expected m-lines ${expected.join(',')}, got ${kinds.join(',') || 'none'}`);
  }
}

/** Resolves once ICE gathering is complete, so the SDP carries every candidate (no trickle). */
export function gathered(pc: RTCPeerConnection, timeoutMs = 3000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const sub = pc.iceGatheringStateChange.subscribe((s) => s === 'complete' && done());
    function done() {
      clearTimeout(timer);
      sub.unSubscribe();
      resolve();
    }
  });
}

/** REMB: "send me at most `bitrate` bps in total", for the listed SSRCs. */
export async function sendRemb(receiver: RTCRtpReceiver, ssrcs: number[], bitrate: number) {
  if (ssrcs.length === 0) return;
  let mantissa = Math.max(0, Math.floor(bitrate));
  let exp = 0;
  while (mantissa >= 1 << 18) {
    mantissa = Math.floor(mantissa / 2);
    exp++;
  }
  const feedback = new ReceiverEstimatedMaxBitrate({
    senderSsrc: receiver.rtcpSsrc,
    mediaSsrc: 0,
    ssrcNum: ssrcs.length,
    brExp: exp,
    brMantissa: mantissa,
    bitrate: BigInt(mantissa) << BigInt(exp),
    ssrcFeedbacks: ssrcs,
  });
  await receiver.dtlsTransport.sendRtcp([new RtcpPayloadSpecificFeedback({ feedback })]);
}

export async function closeQuietly(pc: RTCPeerConnection): Promise<void> {
  try {
    await pc.close();
  } catch {
    // Closing a half-open connection can throw inside werift; it is gone either way.
  }
}
