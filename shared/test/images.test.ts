import { describe, expect, it } from 'vitest';
import { IMAGE_KEY_PATTERN, sniffImageType, variantFormat } from '../src/catalog/images';

describe('image rules', () => {
  it('detects the real type from magic bytes', () => {
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it('accepts only well-formed keys (no traversal, known prefixes)', () => {
    expect(IMAGE_KEY_PATTERN.test('products/01JABCDEFGH/01JABCDEFGHJK.png')).toBe(true);
    expect(IMAGE_KEY_PATTERN.test('products/placeholder/thuoc-box-0.png')).toBe(true);
    expect(IMAGE_KEY_PATTERN.test('products/../secrets/x.png')).toBe(false);
    expect(IMAGE_KEY_PATTERN.test('prescriptions/01JABCDEFGH/01JABCDEFGHJK.png')).toBe(false);
    expect(IMAGE_KEY_PATTERN.test('products/01JABCDEFGH/01JABCDEFGHJK.svg')).toBe(false);
  });

  it('serves WebP variants when the client accepts them', () => {
    expect(variantFormat('image/avif,image/webp,*/*', 'image/png')).toBe('image/webp');
    expect(variantFormat('image/png', 'image/jpeg')).toBe('image/jpeg');
    expect(variantFormat(undefined, 'image/png')).toBe('image/png');
  });
});
