// A tiny deterministic PNG painter for seed placeholder images (no network, no native deps): flat shapes that
// suggest the product's packaging, in the brand-ish colour. Encoded with node:zlib.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function encodePng(width, height, rgb) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

class Canvas {
  constructor(w, h, bg) {
    this.w = w;
    this.h = h;
    this.buf = Buffer.alloc(w * h * 3);
    this.rect(0, 0, w, h, bg);
  }
  px(x, y, c) {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const i = (y * this.w + x) * 3;
    this.buf[i] = c[0];
    this.buf[i + 1] = c[1];
    this.buf[i + 2] = c[2];
  }
  rect(x0, y0, x1, y1, c) {
    for (let y = Math.max(0, y0); y < Math.min(this.h, y1); y++) for (let x = Math.max(0, x0); x < Math.min(this.w, x1); x++) this.px(x, y, c);
  }
  roundRect(x0, y0, x1, y1, r, c) {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const dx = x < x0 + r ? x0 + r - x : x >= x1 - r ? x - (x1 - r - 1) : 0;
        const dy = y < y0 + r ? y0 + r - y : y >= y1 - r ? y - (y1 - r - 1) : 0;
        if (dx * dx + dy * dy <= r * r) this.px(x, y, c);
      }
    }
  }
  circle(cx, cy, r, c) {
    for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) this.px(x, y, c);
  }
}

const mix = (a, b, t) => a.map((v, i) => Math.round(v * (1 - t) + b[i] * t));
const WHITE = [255, 255, 255];

/** Paints a packaging-like placeholder. shape: box | bottle | tube | sachet | device | strip */
export function placeholderPng(shape, color, size = 480) {
  const bg = mix(color, WHITE, 0.88);
  const c = new Canvas(size, size, bg);
  const s = size / 480;
  const S = (v) => Math.round(v * s);
  const dark = mix(color, [0, 0, 0], 0.25);
  const light = mix(color, WHITE, 0.55);
  switch (shape) {
    case 'bottle':
      c.roundRect(S(190), S(70), S(290), S(130), S(10), dark);
      c.roundRect(S(150), S(120), S(330), S(420), S(40), color);
      c.roundRect(S(170), S(220), S(310), S(340), S(12), WHITE);
      c.rect(S(185), S(250), S(295), S(265), light);
      c.rect(S(185), S(285), S(265), S(295), light);
      break;
    case 'tube':
      c.roundRect(S(200), S(60), S(280), S(110), S(8), dark);
      c.roundRect(S(170), S(105), S(310), S(420), S(24), color);
      c.rect(S(170), S(400), S(310), S(420), dark);
      c.roundRect(S(190), S(200), S(290), S(330), S(10), WHITE);
      break;
    case 'sachet':
      for (let i = 0; i < 3; i++) c.roundRect(S(80 + i * 40), S(90 + i * 40), S(320 + i * 40), S(330 + i * 40), S(14), mix(color, WHITE, 0.3 - i * 0.12));
      c.roundRect(S(190), S(230), S(330), S(320), S(10), WHITE);
      break;
    case 'device':
      c.roundRect(S(110), S(90), S(370), S(400), S(36), mix(color, WHITE, 0.7));
      c.roundRect(S(150), S(130), S(330), S(250), S(12), dark);
      c.rect(S(170), S(170), S(310), S(185), light);
      c.circle(S(240), S(320), S(42), color);
      break;
    case 'strip':
      c.roundRect(S(70), S(140), S(410), S(340), S(18), mix(color, WHITE, 0.6));
      for (let r = 0; r < 2; r++) for (let k = 0; k < 5; k++) c.circle(S(115 + k * 62), S(195 + r * 90), S(22), WHITE);
      break;
    case 'box':
    default:
      c.rect(S(110), S(110), S(390), S(400), color);
      c.rect(S(110), S(110), S(390), S(150), dark);
      c.rect(S(140), S(200), S(360), S(300), WHITE);
      c.rect(S(160), S(230), S(330), S(245), light);
      c.rect(S(160), S(260), S(290), S(270), light);
      c.roundRect(S(300), S(330), S(370), S(380), S(25), WHITE);
      break;
  }
  return encodePng(size, size, c.buf);
}
