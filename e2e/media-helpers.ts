/** Helpers for the live-media e2e: pages that join, and what a page's stage is decoding. */
import { expect, type Browser, type Page } from '@playwright/test';
export { joinAs, openPage } from './helpers';

export interface StageVideo {
  width: number;
  height: number;
  frames: number;
}

const STAGE_VIDEO = '[role="region"][aria-label="Stage"] video';

/** The stage's <video>: its decoded size and how many frames it has presented so far. */
export function stageVideo(page: Page): Promise<StageVideo | null> {
  return page.evaluate((selector) => {
    const v = document.querySelector<HTMLVideoElement>(selector);
    if (!v) return null;
    return { width: v.videoWidth, height: v.videoHeight, frames: v.getVideoPlaybackQuality().totalVideoFrames };
  }, STAGE_VIDEO);
}

/** Waits until the stage shows real, moving video (frames keep arriving). */
export async function expectDecoding(page: Page, timeout = 10_000): Promise<StageVideo> {
  let first: StageVideo | null = null;
  await expect
    .poll(async () => {
      first = await stageVideo(page);
      return first && first.width > 0 && first.frames > 0;
    }, { timeout, intervals: [50] })
    .toBe(true);
  const start = first!.frames;
  await expect.poll(async () => (await stageVideo(page))?.frames ?? 0, { timeout, intervals: [100] }).toBeGreaterThan(start + 2);
  return first!;
}

export const stage = (page: Page) => page.getByRole('region', { name: 'Stage' });

/**
 * Test-side instrumentation (no app change): keeps every RTCPeerConnection the page creates
 * in window.__pcs, so a test can read the browser's own getStats and sender parameters.
 */
export async function openInstrumented(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const pcs: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        pcs.push(this);
        // When a connection last came up (performance.now()), for connectedToFirstFrame.
        this.addEventListener('connectionstatechange', () => {
          if (this.connectionState === 'connected') (window as unknown as { __connectedAt: number }).__connectedAt = performance.now();
        });
      }
    } as typeof RTCPeerConnection;
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Milliseconds from the media connection's 'connected' to the stage's first decoded frame. */
export async function connectedToFirstFrame(page: Page, timeout = 15_000): Promise<number> {
  const handle = await page.waitForFunction(
    (selector) => {
      const v = document.querySelector<HTMLVideoElement>(selector);
      const at = (window as unknown as { __connectedAt?: number }).__connectedAt;
      if (!v || at === undefined || v.getVideoPlaybackQuality().totalVideoFrames === 0) return false;
      return performance.now() - at;
    },
    STAGE_VIDEO,
    { polling: 10, timeout },
  );
  return (await handle.jsonValue()) as number;
}

/** The RTP header extensions this page's viewer leg accepted for the screen slot (its answer). */
export function viewerScreenExtensions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const viewer = pcs.filter((pc) => pc.connectionState !== 'closed').find((pc) => pc.getTransceivers()[0]?.direction === 'recvonly');
    const screen = viewer?.localDescription?.sdp.split(/^m=/m)[1] ?? '';
    return [...screen.matchAll(/^a=extmap:\d+ (\S+)/gm)].map((m) => m[1]!);
  });
}

/** The publisher leg's screen sender's keyframe counters (its outbound-rtp stats). */
export function publisherKeyframes(page: Page): Promise<{ pliCount: number; keyFramesEncoded: number } | null> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const pub = pcs.filter((pc) => pc.connectionState !== 'closed').find((pc) => pc.getTransceivers()[0]?.direction === 'sendonly');
    const sender = pub?.getSenders()[0];
    if (!sender) return null;
    let out: { pliCount: number; keyFramesEncoded: number } | null = null;
    (await sender.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp') out = { pliCount: s.pliCount ?? 0, keyFramesEncoded: s.keyFramesEncoded ?? 0 };
    });
    return out;
  });
}

/** Encoding parameters of the publisher leg's screen sender (the first video sender). */
export function publisherScreenEncoding(page: Page) {
  return page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const pub = pcs.filter((pc) => pc.connectionState !== 'closed').find((pc) => pc.getTransceivers()[0]?.direction === 'sendonly');
    const enc = pub?.getSenders()[0]?.getParameters().encodings[0];
    return enc ? { maxBitrate: enc.maxBitrate, maxFramerate: enc.maxFramerate, scaleResolutionDownBy: enc.scaleResolutionDownBy } : null;
  });
}
