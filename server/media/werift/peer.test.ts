/** The SDP chores around the host's werift legs: pure string work, checked line by line. */
import { describe, expect, it } from 'vitest';
import { hostLeadsDtls, withStartBitrate, withoutMdnsCandidates } from './peer';

const sdp = (...lines: string[]) => lines.join('\r\n');

describe('withStartBitrate', () => {
  it('appends the start bitrate to an existing VP8 fmtp line, in kbps', () => {
    const out = withStartBitrate(sdp('m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:96 VP8/90000', 'a=fmtp:96 max-fr=30'), 1_564_000);
    expect(out.split('\r\n')).toEqual(['m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:96 VP8/90000', 'a=fmtp:96 max-fr=30;x-google-start-bitrate=1564']);
  });

  it('adds an fmtp line after the rtpmap when VP8 has none, in every video section', () => {
    const out = withStartBitrate(sdp('m=video 9 X 96', 'a=rtpmap:96 VP8/90000', 'm=video 9 X 97', 'a=rtpmap:97 VP8/90000'), 500_000);
    expect(out.split('\r\n')).toEqual([
      'm=video 9 X 96',
      'a=rtpmap:96 VP8/90000',
      'a=fmtp:96 x-google-start-bitrate=500',
      'm=video 9 X 97',
      'a=rtpmap:97 VP8/90000',
      'a=fmtp:97 x-google-start-bitrate=500',
    ]);
  });

  it('leaves other formats alone', () => {
    const input = sdp('m=audio 9 X 111', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1');
    expect(withStartBitrate(input, 1_000_000)).toBe(input);
  });
});

describe('hostLeadsDtls', () => {
  it('turns actpass into active and nothing else', () => {
    expect(hostLeadsDtls(sdp('a=setup:actpass', 'a=setup:actpass', 'a=x-setup:actpass'))).toBe(sdp('a=setup:active', 'a=setup:active', 'a=x-setup:actpass'));
  });
});

describe('withoutMdnsCandidates', () => {
  it('drops .local candidates and keeps address ones', () => {
    const input = sdp(
      'a=candidate:1 1 udp 2122260223 0b1c2d3e-aaaa-bbbb-cccc-0123456789ab.local 54321 typ host',
      'a=candidate:2 1 udp 2122260223 192.168.1.20 54322 typ host',
    );
    expect(withoutMdnsCandidates(input)).toBe('a=candidate:2 1 udp 2122260223 192.168.1.20 54322 typ host');
  });
});
