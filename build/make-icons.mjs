#!/usr/bin/env node
/**
 * Draws the app icon (build/icons/icon.svg and NxN.png) with no dependencies: a few shapes,
 * rasterised with 4×4 supersampling and written as PNG with zlib. Run: node build/make-icons.mjs
 *
 * The picture: a blue rounded square holding a white board with a yellow "play" triangle
 * (a classroom + a playground), on a transparent background.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icons');
export const SIZES = [1024, 512, 256];

// Geometry in a 512-unit box.
const BG = { x: 32, y: 32, w: 448, h: 448, r: 96, color: [47, 111, 222] };
const BOARD = { x: 104, y: 128, w: 304, h: 208, r: 28, color: [255, 255, 255] };
const STAND = { x: 236, y: 336, w: 40, h: 72, r: 8, color: [255, 255, 255] };
const PLAY = { points: [[216, 178], [216, 286], [310, 232]], color: [255, 196, 37] };

function inRoundRect(px, py, { x, y, w, h, r }) {
  if (px < x || py < y || px > x + w || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

function inTriangle(px, py, [[ax, ay], [bx, by], [cx, cy]]) {
  const s = (x1, y1, x2, y2) => (px - x2) * (y1 - y2) - (x1 - x2) * (py - y2);
  const d1 = s(ax, ay, bx, by);
  const d2 = s(bx, by, cx, cy);
  const d3 = s(cx, cy, ax, ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

/** Colour at a point of the 512 box, or null (transparent). Later shapes are on top. */
function colorAt(x, y) {
  if (inTriangle(x, y, PLAY.points)) return PLAY.color;
  if (inRoundRect(x, y, BOARD) || inRoundRect(x, y, STAND)) return BOARD.color;
  if (inRoundRect(x, y, BG)) return BG.color;
  return null;
}

export function renderRGBA(size, samples = 4) {
  const px = Buffer.alloc(size * size * 4);
  const scale = 512 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < samples; sj++) {
        for (let si = 0; si < samples; si++) {
          const c = colorAt((i + (si + 0.5) / samples) * scale, (j + (sj + 0.5) / samples) * scale);
          if (c) (r += c[0]), (g += c[1]), (b += c[2]), (a += 1);
        }
      }
      const o = (j * size + i) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePNG(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function svg() {
  const rgb = (c) => `rgb(${c.join(',')})`;
  const rect = (s) => `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${rgb(s.color)}"/>`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">',
    `  ${rect(BG)}`,
    `  ${rect(BOARD)}`,
    `  ${rect(STAND)}`,
    `  <polygon points="${PLAY.points.map((p) => p.join(',')).join(' ')}" fill="${rgb(PLAY.color)}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'icon.svg'), svg());
  for (const size of SIZES) {
    const file = path.join(OUT, `${size}x${size}.png`);
    fs.writeFileSync(file, encodePNG(size, renderRGBA(size)));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
