/**
 * Glass-to-glass latency for bench:media: the teacher page paints the current time as a row
 * of black and white blocks on a canvas and shares that canvas instead of a screen; every
 * student reads the blocks back from each presented frame.
 *
 * These functions run INSIDE the pages (Playwright serialises them), so they use no imports.
 * Clock: performance.timeOrigin + performance.now() on both sides (all pages run on this one
 * machine); run.mjs also measures each page's offset to its own clock and corrects for it.
 *
 * Code: 32 bits of the paint time in ms (mod 2^32) and an 8-bit checksum, 40 blocks of
 * 32×32 px along the top of a 1280×720 "slide". Blocks that size, aligned to VP8's 16×16
 * macroblocks, survive the quality preset's 1.2 Mbps intact.
 */

export const CODE = { width: 1280, height: 720, bits: 40, block: 32 };

/**
 * Init script for the teacher page: getDisplayMedia returns the clock canvas, so the app's
 * own "Share screen" (its Publisher, contentHint, presets) publishes it; nothing else changes.
 */
export function installClockSource({ width, height, bits, block, scrolling = false }) {
  const now = () => performance.timeOrigin + performance.now();
  const checksum = (b) => (b[0] * 1 + b[1] * 3 + b[2] * 5 + b[3] * 7) & 0xff;
  let canvas = null;
  function start() {
    canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    // A slide under the code, so the encoder has text-like detail to carry. `scrolling`: the
    // teacher scrolls through notes (120 px/s, twice the slide's height of text), the worst
    // common case for a screen encoder: every frame changes everywhere, so the stream runs at
    // the preset's full bitrate.
    const pages = scrolling ? 2 : 1;
    const slide = document.createElement('canvas');
    slide.width = width;
    slide.height = height * pages;
    const s = slide.getContext('2d');
    s.fillStyle = '#f4f1e8';
    s.fillRect(0, 0, width, height * pages);
    s.fillStyle = '#223';
    s.font = 'bold 44px sans-serif';
    s.fillText('Photosynthesis: light → chemical energy', 60, 130);
    s.font = '28px sans-serif';
    for (let i = 0; i < 12 * pages + 2; i++) s.fillText(`${i + 1}. 6 CO2 + 6 H2O → C6H12O6 + 6 O2   (line ${i + 1} of the notes)`, 80, 200 + i * 40);
    let scrolled = 0;
    const paint = () => {
      const t = Math.floor(now()) % 4294967296;
      const bytes = [(t >>> 24) & 255, (t >>> 16) & 255, (t >>> 8) & 255, t & 255];
      const all = [...bytes, checksum(bytes)];
      if (scrolling) scrolled = (scrolled + 2) % height;
      ctx.drawImage(slide, 0, scrolled, width, height, 0, 0, width, height);
      for (let i = 0; i < bits; i++) {
        const bit = (all[i >> 3] >> (7 - (i & 7))) & 1;
        ctx.fillStyle = bit ? '#000' : '#fff';
        ctx.fillRect(i * block, 0, block, block);
      }
    };
    paint();
    // 60 paints a second: a frame the encoder picks is at most ~17 ms older than its capture.
    setInterval(paint, 1000 / 60);
    return canvas;
  }
  // One painted canvas; every share gets a fresh capture of it (stopping a share ends its track).
  navigator.mediaDevices.getDisplayMedia = async () => (canvas ?? start()).captureStream();
}

/**
 * Run in a student page: reads the code from every presented frame of the video matching
 * `selector` (re-attaching if the app replaces the element) into window.__g2g.
 */
export function installClockReader({ selector, width, height, bits, block }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = block;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  // lat: painted → expected on screen; rcv: painted → last packet of the frame received
  // (rVFC receiveTime, WebRTC only): the network and SFU part alone, before decode and display.
  const st = (window.__g2g = { lat: [], rcv: [], bad: 0, frames: 0 });
  const checksum = (b) => (b[0] * 1 + b[1] * 3 + b[2] * 5 + b[3] * 7) & 0xff;
  let current = null;

  function read(video, meta) {
    // When the frame reaches the screen: the "glass" end of glass-to-glass.
    const shownAt = performance.timeOrigin + meta.expectedDisplayTime;
    st.frames++;
    const vw = video.videoWidth;
    const vh = video.videoHeight;
    if (!vw || !vh) return;
    ctx.drawImage(video, 0, 0, vw, (vh * block) / height, 0, 0, width, block);
    const px = ctx.getImageData(0, 0, width, block).data;
    const all = [0, 0, 0, 0, 0];
    for (let i = 0; i < bits; i++) {
      // Mean luma of the block's central 8×8, away from edges the codec smears.
      let sum = 0;
      for (let y = block / 2 - 4; y < block / 2 + 4; y++) {
        for (let x = i * block + block / 2 - 4; x < i * block + block / 2 + 4; x++) {
          const o = (y * width + x) * 4;
          sum += 0.299 * px[o] + 0.587 * px[o + 1] + 0.114 * px[o + 2];
        }
      }
      if (sum / 64 < 128) all[i >> 3] |= 1 << (7 - (i & 7));
    }
    if (checksum(all) !== all[4]) {
      st.bad++;
      return;
    }
    const painted = ((all[0] << 24) | (all[1] << 16) | (all[2] << 8) | all[3]) >>> 0;
    const since = (t) => {
      let d = (t % 4294967296) - painted;
      if (d < -2147483648) d += 4294967296;
      return d;
    };
    st.lat.push(since(shownAt));
    if (meta.receiveTime) st.rcv.push(since(performance.timeOrigin + meta.receiveTime));
  }

  function attach() {
    const v = document.querySelector(selector);
    if (!v || v === current) return;
    current = v;
    const onFrame = (_now, meta) => {
      if (v !== current) return;
      read(v, meta);
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  }
  attach();
  setInterval(attach, 250);
}
