import { describe, expect, it } from 'vitest';
import { numberInVietnameseWords, vndInWords } from '../src/invoice/words';

describe('numberInVietnameseWords', () => {
  it.each([
    [0, 'không'],
    [5, 'năm'],
    [10, 'mười'],
    [15, 'mười lăm'],
    [21, 'hai mươi mốt'],
    [25, 'hai mươi lăm'],
    [11, 'mười một'],
    [40, 'bốn mươi'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [1_005, 'một nghìn không trăm linh năm'],
    [1_015, 'một nghìn không trăm mười lăm'],
    [1_100, 'một nghìn một trăm'],
    [120_000, 'một trăm hai mươi nghìn'],
    [1_000_000, 'một triệu'],
    [1_005_000, 'một triệu không trăm linh năm nghìn'],
    [2_000_500, 'hai triệu năm trăm'],
    [31_250_000, 'ba mươi mốt triệu hai trăm năm mươi nghìn'],
    [1_000_000_000, 'một tỷ'],
    [1_000_000_001, 'một tỷ không trăm linh một'],
    [1_005_000_000, 'một tỷ không trăm linh năm triệu'],
    [2_500_000_000_000, 'hai nghìn năm trăm tỷ'],
    [9_007_199_254_740_991, 'chín triệu không trăm linh bảy nghìn một trăm chín mươi chín tỷ hai trăm năm mươi bốn triệu bảy trăm bốn mươi nghìn chín trăm chín mươi mốt'],
  ])('%d → %s', (n, words) => {
    expect(numberInVietnameseWords(n)).toBe(words);
  });

  it('refuses what is not a non-negative integer', () => {
    expect(() => numberInVietnameseWords(-1)).toThrow(RangeError);
    expect(() => numberInVietnameseWords(1.5)).toThrow(RangeError);
  });
});

describe('vndInWords', () => {
  it('capitalises and adds the currency', () => {
    expect(vndInWords(139_000)).toBe('Một trăm ba mươi chín nghìn đồng');
  });
});
