/**
 * Test fixtures for prescription files (#15): images that carry EXIF GPS tags and other metadata, built byte by byte
 * (a phone photo's APP1/eXIf/EXIF chunk with GPSLatitude/GPSLongitude), and small readers that list an image's
 * segments/chunks so a test can assert exactly what was kept.
 */
import { PNG_96 } from './fixtures';

const enc = new TextEncoder();
const u8 = (...parts: Array<Uint8Array | number[] | string>) => {
  const arrays = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) out.set(a, (o += a.length) - a.length);
  return out;
};
const be16 = (n: number) => [(n >> 8) & 255, n & 255];
const be32 = (n: number) => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];

/** GPS position in the fixture: 10°46'29" N, 106°41'30" E (Ho Chi Minh City). Its rationals, as stored. */
export const GPS_LATITUDE = u8(be32(10), be32(1), be32(46), be32(1), be32(2900), be32(100));
export const GPS_LONGITUDE = u8(be32(106), be32(1), be32(41), be32(1), be32(3000), be32(100));

/** A big-endian TIFF (EXIF) block: IFD0 → GPSInfo IFD with latitude/longitude and their refs. */
export function exifTiff(): Uint8Array {
  const entry = (tag: number, type: number, count: number, value: number[]) => u8(be16(tag), be16(type), be32(count), value);
  const ifd0 = u8(be16(1), entry(0x8825, 4, 1, be32(26)), be32(0)); // GPSInfo → offset 26
  const gps = u8(
    be16(4),
    entry(0x0001, 2, 2, [0x4e, 0, 0, 0]), // GPSLatitudeRef "N"
    entry(0x0002, 5, 3, be32(80)), // GPSLatitude → offset 80
    entry(0x0003, 2, 2, [0x45, 0, 0, 0]), // GPSLongitudeRef "E"
    entry(0x0004, 5, 3, be32(104)), // GPSLongitude → offset 104
    be32(0),
  );
  return u8('MM', [0, 0x2a], be32(8), ifd0, gps, GPS_LATITUDE, GPS_LONGITUDE);
}

const segment = (marker: number, body: Uint8Array) => u8([0xff, marker], be16(body.length + 2), body);

/** The image part of the JPEG fixture: quantisation, frame, Huffman tables, scan and EOI (all kept). */
const JPEG_IMAGE = u8(
  segment(0xdb, u8([0], new Array(64).fill(1))),
  segment(0xc0, u8([8], be16(1), be16(1), [1, 1, 0x11, 0])),
  segment(0xc4, u8([0], [0, 1], new Array(14).fill(0), [0])),
  segment(0xda, u8([1, 1, 0, 0, 63, 0])),
  [0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9],
);

/** A JPEG as a phone writes it: JFIF, Exif with GPS, XMP, Photoshop IPTC, a comment, an ICC profile; then the image. */
export function jpegWithGps(): Uint8Array {
  return u8(
    [0xff, 0xd8],
    segment(0xe0, u8('JFIF\0', [1, 1, 0], be16(1), be16(1), [0, 0])),
    segment(0xe1, u8('Exif\0\0', exifTiff())),
    segment(0xe1, u8('http://ns.adobe.com/xap/1.0/\0', '<x:xmpmeta><exif:GPSLatitude>10,46.48N</exif:GPSLatitude></x:xmpmeta>')),
    segment(0xed, u8('Photoshop 3.0\0', '8BIM', [4, 4], [0, 0], be32(12), 'Ho Chi Minh')),
    segment(0xfe, u8('Chup tai nha so 12')),
    segment(0xe2, u8('ICC_PROFILE\0', [1, 1], 'fake-icc-profile')),
    JPEG_IMAGE,
  );
}

/** The JPEG fixture as the stripper must leave it: JFIF, ICC, then the image, byte for byte. */
export function jpegStripped(): Uint8Array {
  return u8([0xff, 0xd8], segment(0xe0, u8('JFIF\0', [1, 1, 0], be16(1), be16(1), [0, 0])), segment(0xe2, u8('ICC_PROFILE\0', [1, 1], 'fake-icc-profile')), JPEG_IMAGE);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export const crc32 = (b: Uint8Array) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const pngChunk = (type: string, data: Uint8Array) => u8(be32(data.length), type, data, be32(crc32(u8(type, data))));

/** PNG_96 with eXIf (GPS), tEXt, iTXt and tIME chunks inserted after IHDR. */
export function pngWithGps(): Uint8Array {
  const ihdrEnd = 8 + 12 + 13;
  return u8(
    PNG_96.subarray(0, ihdrEnd),
    pngChunk('eXIf', exifTiff()),
    pngChunk('tEXt', u8('Comment\0', 'GPS 10.7747 106.6917')),
    pngChunk('iTXt', u8('XML:com.adobe.xmp\0', [0, 0], '\0\0', '<exif:GPSLatitude>10,46.48N</exif:GPSLatitude>')),
    pngChunk('tIME', u8(be16(2026), [11, 29, 8, 0, 0])),
    PNG_96.subarray(ihdrEnd),
  );
}

/** A VP8X WebP with EXIF (GPS) and XMP chunks and both flags set. */
export function webpWithGps(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => u8(type, le32(data.length), data, data.length & 1 ? [0] : []);
  const vp8x = u8([0x08 | 0x04 | 0x10], [0, 0, 0], [0, 0, 0], [0, 0, 0]); // EXIF | XMP | ALPHA flags, 1×1 canvas
  const body = u8(
    'WEBP',
    chunk('VP8X', vp8x),
    chunk('VP8L', u8([0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0])),
    chunk('EXIF', exifTiff()),
    chunk('XMP ', u8('<x:xmpmeta><exif:GPSLatitude>10,46.48N</exif:GPSLatitude></x:xmpmeta>')),
  );
  return u8('RIFF', le32(body.length), body);
}

/** JPEG markers before the scan, in order (e.g. [0xe0, 0xe2, 0xdb, 0xc0, 0xc4, 0xda]). */
export function jpegMarkers(b: Uint8Array): number[] {
  const out: number[] = [];
  let i = 2;
  while (i < b.length) {
    const m = b[i + 1]!;
    out.push(m);
    if (m === 0xda) break;
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return out;
}

export function pngChunks(b: Uint8Array): string[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: string[] = [];
  for (let i = 8; i + 8 <= b.length; i += 12 + v.getUint32(i)) out.push(String.fromCharCode(...b.subarray(i + 4, i + 8)));
  return out;
}

export function webpChunks(b: Uint8Array): string[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: string[] = [];
  for (let i = 12; i + 8 <= b.length; ) {
    const len = v.getUint32(i + 4, true);
    out.push(String.fromCharCode(...b.subarray(i, i + 4)));
    i += 8 + len + (len & 1);
  }
  return out;
}

/** Whether `needle` occurs in `hay`. */
export function contains(hay: Uint8Array, needle: Uint8Array | string): boolean {
  const n = typeof needle === 'string' ? enc.encode(needle) : needle;
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let j = 0; j < n.length; j++) if (hay[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}
