import { describe, expect, it } from 'vitest';
import { screenUserText } from '../src/ugc/screen';

describe('screenUserText (#17: one screening for every published shopper text)', () => {
  it('lets an ordinary Vietnamese review through without flags', () => {
    expect(screenUserText('Thuốc dùng tốt, giao hàng nhanh. Uống 2 ngày đã đỡ sổ mũi.')).toEqual([]);
    // Words that merely contain a banned term's letters are not flagged (whole words only).
    expect(screenUserText('Con tôi dùng loại cốm này rất hợp, lọ dễ mở.')).toEqual([]);
    // Folding would confuse "lớn"/"các" with profanity: terms keep their accents.
    expect(screenUserText('Hộp lớn, các viên 5cc đều đặn, đeo khẩu trang khi dùng')).toEqual([]);
  });

  it('flags links, contacts and banned words, with or without accents', () => {
    expect(screenUserText('Mua rẻ hơn tại https://thuoc-re.vn nhé')).toContain('link');
    expect(screenUserText('Xem thêm ở thuocre.com')).toContain('link');
    expect(screenUserText('Liên hệ 0912 345 678 để mua')).toContain('contact');
    expect(screenUserText('Gửi mail cho tôi: a.b@example.com')).toContain('contact');
    expect(screenUserText('Hàng như lồn')).toContain('banned_word');
    expect(screenUserText('Ai cần thuốc phá thai thì nhắn')).toContain('banned_word');
    expect(screenUserText('Nhắn ZALO mình nhé')).toContain('banned_word');
  });

  it('flags shouting and repeated characters', () => {
    expect(screenUserText('SẢN PHẨM QUÁ TỆ KHÔNG NÊN MUA CHÚT NÀO')).toContain('shouting');
    expect(screenUserText('Tốtttttttt lắm')).toContain('repeated_chars');
  });
});
