// Draws the Upnext icon (a rounded blue square with a white "next" chevron and a step dot) as
// PNGs in public/icon/, with no image tooling: a tiny rasteriser over signed distances, 4x4
// supersampled, written through node:zlib. Run after changing the design: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

// Shapes in a 0..1 square. Negative distance = inside.
const roundedSquare = (x, y) => {
  const r = 0.22;
  const qx = Math.abs(x - 0.5) - (0.5 - r);
  const qy = Math.abs(y - 0.5) - (0.5 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (x, y, ax, ay, bx, by, width) => {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h) - width;
};
const chevron = (x, y) =>
  Math.min(segment(x, y, 0.36, 0.26, 0.6, 0.5, 0.075), segment(x, y, 0.6, 0.5, 0.36, 0.74, 0.075));
const dot = (x, y) => Math.hypot(x - 0.76, y - 0.5) - 0.065;

function render(size) {
  const rows = [];
  const samples = 4;
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (roundedSquare(x, y) < 0) {
            bg++;
            if (chevron(x, y) < 0 || dot(x, y) < 0) fg++;
          }
        }
      }
      const n = samples * samples;
      const alpha = bg / n;
      const white = bg === 0 ? 0 : fg / bg;
      // #0b5cad blended towards white by the chevron coverage.
      const r = Math.round(11 + (255 - 11) * white);
      const g = Math.round(92 + (255 - 92) * white);
      const b = Math.round(173 + (255 - 173) * white);
      row.set([r, g, b, Math.round(alpha * 255)], 1 + px * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 96, 128]) writeFileSync(`public/icon/${size}.png`, render(size));
console.log('public/icon/{16,32,48,96,128}.png written');
