// Draws the app icons (a white house with a heart on the union red) as real PNG files into client/public/icons/.
// Pure Node: shapes are rasterised with 4×4 supersampling and encoded with node:zlib, so no image tool is needed.
// Run `node scripts/make-icons.mjs` after changing the design; the PNGs are committed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const OUT = path.resolve(import.meta.dirname, '../client/public/icons');
const RED = [0xb7, 0x1c, 0x1c];
const WHITE = [0xff, 0xff, 0xff];
const SAMPLES = 4;

/** Is the point (u, v) in unit icon space [0, 1]² inside the house (roof + body)? */
function inHouse(u, v) {
  const roof = v >= 0.18 && v <= 0.46 && Math.abs(u - 0.5) <= (v - 0.18) * (0.34 / 0.28);
  const body = u >= 0.24 && u <= 0.76 && v >= 0.44 && v <= 0.82;
  return roof || body;
}

/** Is (u, v) inside the heart drawn on the house body? */
function inHeart(u, v) {
  const x = (u - 0.5) / 0.13;
  const y = -(v - 0.62) / 0.13 + 0.2;
  const a = x * x + y * y - 1;
  return a * a * a - x * x * y * y * y <= 0;
}

/**
 * RGBA pixels of one icon. `scale` shrinks the drawing towards the centre (maskable icons keep it inside the
 * 80 % safe zone); `rounded` gives the plain icon transparent rounded corners.
 */
function draw(size, { scale, rounded }) {
  const pixels = Buffer.alloc(size * size * 4);
  const radius = 0.18;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let house = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (rounded) {
            const cx = Math.min(Math.max(x, radius), 1 - radius);
            const cy = Math.min(Math.max(y, radius), 1 - radius);
            if ((x - cx) ** 2 + (y - cy) ** 2 > radius * radius) continue;
          }
          bg++;
          const u = (x - 0.5) / scale + 0.5;
          const v = (y - 0.5) / scale + 0.5;
          if (inHouse(u, v) && !inHeart(u, v)) house++;
        }
      }
      const total = SAMPLES * SAMPLES;
      const t = bg === 0 ? 0 : house / bg;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(RED[c] * (1 - t) + WHITE[c] * t);
      pixels[i + 3] = Math.round((255 * bg) / total);
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1, rounded: true },
  { file: 'icon-512.png', size: 512, scale: 1, rounded: true },
  { file: 'icon-maskable-512.png', size: 512, scale: 0.72, rounded: false },
  { file: 'apple-touch-icon-180.png', size: 180, scale: 0.86, rounded: false },
  { file: 'favicon-32.png', size: 32, scale: 1, rounded: true },
];

fs.mkdirSync(OUT, { recursive: true });
for (const icon of ICONS) {
  const png = encodePng(icon.size, draw(icon.size, icon));
  fs.writeFileSync(path.join(OUT, icon.file), png);
  console.log(`${icon.file}: ${icon.size}×${icon.size}, ${png.length} bytes`);
}
