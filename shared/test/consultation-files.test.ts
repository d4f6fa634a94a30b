/** The metadata stripper's JPEG walk beyond the first scan (#15): progressive images, restart markers, stuffed bytes. */
import { describe, expect, it } from 'vitest';
import { MalformedImage, sniffConsultationFile, stripJpeg } from '../src/consultations/files';

const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
const text = (s: string) => [...new TextEncoder().encode(s)];
const SOS = seg(0xda, [1, 1, 0, 0, 63, 0]);
// Entropy data with a stuffed 0xFF00, a restart marker and fill bytes before the next marker.
const SCAN1 = [0x11, 0xff, 0x00, 0x22, 0xff, 0xd0, 0x33];
const SCAN2 = [0x44, 0xff, 0xff, 0xd7, 0x55];

describe('stripJpeg', () => {
  it('drops metadata placed between the scans of a progressive image and keeps every scan byte', () => {
    const exif = seg(0xe1, [...text('Exif\0\0'), ...text('MM GPS 10.77 106.69')]);
    const input = Uint8Array.from([0xff, 0xd8, ...SOS, ...SCAN1, ...exif, ...seg(0xc4, [0, 0]), ...SOS, ...SCAN2, ...seg(0xfe, text('toa do')), 0xff, 0xd9]);
    const out = stripJpeg(input);
    expect([...out]).toEqual([0xff, 0xd8, ...SOS, ...SCAN1, ...seg(0xc4, [0, 0]), ...SOS, ...SCAN2, 0xff, 0xd9]);
  });

  it('keeps a truncated image without EOI as it is, refuses a broken segment', () => {
    const noEoi = Uint8Array.from([0xff, 0xd8, ...SOS, ...SCAN1]);
    expect([...stripJpeg(noEoi)]).toEqual([...noEoi]);
    expect(() => stripJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x40, 1, 2]))).toThrow(MalformedImage);
    expect(() => stripJpeg(Uint8Array.from([0xff, 0xd8, 0x12, 0x34]))).toThrow(MalformedImage);
  });

  it('sniffs the type from the bytes only', () => {
    expect(sniffConsultationFile(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffConsultationFile(new TextEncoder().encode('GIF89a......'))).toBeNull();
    expect(sniffConsultationFile(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  });
});
