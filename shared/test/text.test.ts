import { describe, expect, it } from 'vitest';
import { foldVietnamese, slugify } from '../src/text';

describe('foldVietnamese', () => {
  it.each([
    ['Thuốc hạ sốt', 'thuoc ha sot'],
    ['ĐAU DẠ DÀY', 'dau da day'],
    ['Điện Biên', 'dien bien'],
    ['  Phường   Bến Thành ', 'phuong ben thanh'],
    ['Hoà / Hòa', 'hoa / hoa'],
  ])('%s → %s', (input, expected) => expect(foldVietnamese(input)).toBe(expected));
});

describe('slugify', () => {
  it.each([
    ['Thuốc giảm đau, hạ sốt', 'thuoc-giam-dau-ha-sot'],
    ['Natri clorid 0,9%', 'natri-clorid-0-9'],
    ["Nature's Bounty", 'nature-s-bounty'],
    ['Đồ dùng -- mẹ & bé', 'do-dung-me-be'],
  ])('%s → %s', (input, expected) => expect(slugify(input)).toBe(expected));
});
