// #18 the assistant's rails as pure functions (shared/src/assistant/, ADR 0044).
import { describe, expect, it } from 'vitest';
import { restrictedClassOf } from '../src/assistant/ingredient-classes';
import { AnswerGate, assistantMaySuggest, type CandidateProduct, checkMessage, checkSentence, nameStem, offTopic, pickProducts } from '../src/assistant/rails';
import { detectRedFlag } from '../src/assistant/red-flags';
import { EVAL_CATALOGUE } from '../src/assistant/evaluate';
import { consultationOnly } from '../src/checkout/pricing';

const ctx = { candidates: EVAL_CATALOGUE };

describe('red flags (folded: accents optional)', () => {
  it.each([
    ['Đau thắt ngực khi leo cầu thang', 'chest_pain'],
    ['dau that nguc khi leo cau thang', 'chest_pain'],
    ['ĐỘT QUỴ', 'stroke'],
    ['muốn tự tử', 'suicide'],
    ['be so sinh bi sot', 'infant_fever'],
    ['Tôi đang mang thai, uống được thuốc ho không?', 'pregnancy'],
  ])('%s → %s', (msg, kind) => expect(detectRedFlag(msg)).toBe(kind));
  // Review finding: common phrasings the first patterns missed.
  it.each([
    ['chảy máu không cầm được', 'bleeding'],
    ['chay mau mai khong ngung', 'bleeding'],
    ['bé 2 tháng sốt 38 độ', 'infant_fever'],
    ['con tôi 2 tháng bị sốt', 'infant_fever'],
    ['bé 45 ngày sốt', 'infant_fever'],
    ['bé nhà em 3 tuần tuổi bị sốt', 'infant_fever'],
    ['Bà bầu uống thuốc cảm được không', 'pregnancy'],
    ['em bầu 3 tháng bị ho', 'pregnancy'],
    ['đang cho bé bú có uống được không', 'pregnancy'],
    ['mẹ tôi bị ngất', 'unconscious'],
    ['uống 20 viên paracetamol', 'poisoning'],
    ['bé nuốt pin', 'poisoning'],
    ['tê nửa người', 'stroke'],
  ])('%s → %s', (m, kind) => expect(detectRedFlag(m)).toBe(kind));
  it.each(['hương thơm ngát', 'bé 3 tuổi bị ho', 'bé bị sốt 2 ngày rồi'])('not a red flag: %s', (m) => expect(detectRedFlag(m)).toBeNull());
  it('ordinary questions are not red flags', () => {
    for (const m of ['Tôi bị sổ mũi', 'đau đầu nhẹ', 'Vitamin C có tác dụng gì']) expect(detectRedFlag(m)).toBeNull();
  });
});

describe('off-topic', () => {
  // Review finding: health questions that mention travel, weather or games were refused as off-topic.
  it.each(['Mua thuốc chống say xe khi đi du lịch', 'Thời tiết thay đổi bé bị ho', 'kem chống nắng đi du lịch biển', 'say nắng khi chơi game'])('answers %s', (m) => expect(offTopic(m)).toBe(false));
  it.each(['Dự báo thời tiết Hà Nội ngày mai', 'Viết giúp tôi một bài thơ', 'Tỷ số bóng đá tối qua'])('refuses %s', (m) => expect(offTopic(m)).toBe(true));
});

describe('input caps', () => {
  it('1..1000 characters after trimming, NFC', () => {
    expect(checkMessage('  ')).toEqual({ ok: false });
    expect(checkMessage('x'.repeat(1001))).toEqual({ ok: false });
    expect(checkMessage(42)).toEqual({ ok: false });
    expect(checkMessage(' ho\u0323 ')).toEqual({ ok: true, text: 'họ' });
  });
});

describe('what may be suggested', () => {
  it('reuses consultationOnly for Rx / special control, and adds ingredient classes', () => {
    const otc = { name: 'A', prescriptionRequired: false, specialControl: false, ingredients: ['Paracetamol'] };
    expect(assistantMaySuggest(otc)).toBe(true);
    for (const flags of [{ prescriptionRequired: true, specialControl: false }, { prescriptionRequired: false, specialControl: true }]) {
      expect(consultationOnly(flags)).toBe(true);
      expect(assistantMaySuggest({ ...otc, ...flags })).toBe(false);
    }
    expect(assistantMaySuggest({ ...otc, ingredients: ['Betamethasone dipropionate'] })).toBe(false);
    expect(restrictedClassOf('Amoxicilin')).toBe('antibiotic');
    expect(restrictedClassOf('codein')).toBe('controlled');
    expect(restrictedClassOf('Levothyroxine')).toBe('hormone');
    expect(restrictedClassOf('Paracetamol, vitamin C')).toBeNull();
  });
  it('picks: only our candidates, rendered from our data; unknown dropped; restricted flagged', () => {
    const r = pickProducts(['alpha-paracetamol-500', 'khong-co', 'beta-amoxicillin-500'], EVAL_CATALOGUE);
    expect(r.items.map((i) => i.slug)).toEqual(['alpha-paracetamol-500']);
    expect(r.unknown).toBe(1);
    expect(r.restricted).toBe(true);
  });
});

describe('sentence checks and the gate', () => {
  it.each([
    ['Bạn nên dùng amoxicillin.', 'rx'],
    ['Dùng Beta Amoxicillin 500mg nhé.', 'rx'],
    ['Bạn nên uống kháng sinh.', 'rx'],
    ['Uống 3 viên mỗi lần.', 'dosing'],
    ['Uong ba vien moi lan.', 'dosing'],
    ['Bạn bị viêm họng rồi.', 'diagnosis'],
    ['Truy cập www.re.vn để mua.', 'injection'],
    ['Liên hệ 0912345678 nhé.', 'injection'],
    // Review findings: a dose change without a number, "cc", a hedged diagnosis.
    ['Bạn có thể uống gấp đôi liều ghi trên nhãn.', 'dosing'],
    ['Cứ tăng liều nếu chưa đỡ.', 'dosing'],
    ['Cho bé uống 5 cc siro.', 'dosing'],
    ['Có vẻ như bạn đang bị trào ngược dạ dày.', 'diagnosis'],
  ])('%s → %s', (s, reason) => expect(checkSentence(s, ctx)).toBe(reason));
  it.each(['Không nên tự ý dùng kháng sinh khi chưa có chỉ định.', 'Alpha Paracetamol 500mg: người lớn uống 1-2 viên mỗi lần theo nhãn.', 'Alpha Paracetamol 500mg giúp hạ sốt.', 'Hãy uống đủ nước.'])('releases %s', (s) => expect(checkSentence(s, ctx)).toBeNull());
  // Review finding: a restricted product named without its strength, or by brand alone, or an ingredient only
  // restricted products contain, passed when it was not among this turn's candidates.
  it.each([
    'Bạn có thể dùng Klacid Forte để trị viêm họng.',
    'Klacid rất hiệu quả.',
    'Nexium giúp giảm trào ngược rất tốt.',
    'Hãy thử xịt Seretide Evohaler khi khó chịu.',
    'Bạn có thể dùng clarithromycin.',
  ])('blocks a restricted name from the catalogue lexicon: %s', (sentence) => {
    const restricted = ['klacid forte', 'klacid', 'nexium', 'seretide evohaler', 'seretide', 'clarithromycin'];
    expect(checkSentence(sentence, { candidates: [], restricted })).toBe('rx');
  });
  it('nameStem drops strengths; a restricted candidate is caught by its stem too', () => {
    expect(nameStem('Klacid Forte 500mg')).toBe('klacid forte');
    expect(nameStem('Seretide Evohaler 25/250mcg')).toBe('seretide evohaler');
    const klacid = { ...EVAL_CATALOGUE[0]!, slug: 'klacid-forte', name: 'Klacid Forte 500mg', prescriptionRequired: true, ingredients: [] };
    expect(checkSentence('Dùng Klacid Forte là khỏi.', { candidates: [klacid] })).toBe('rx');
  });
  it('releases whole checked sentences only, and nothing after a block', () => {
    const g = new AnswerGate(ctx);
    expect(g.push('Hãy nghỉ ngơi')).toEqual([]);
    expect(g.push('. Uống đủ nước. Rồi uống 5 viên')).toEqual(['Hãy nghỉ ngơi.', ' Uống đủ nước.']);
    expect(g.push(' một lần. Thêm câu vô hại.')).toEqual([]);
    expect(g.finish()).toEqual([]);
    expect(g.blocked).toBe('dosing');
  });
});

// #18 session 29: the label doses used to be pooled over every candidate, so a dose printed on one product's label
// passed for another. A dose is now checked against the label of the product it is about.
describe('label doses per product', () => {
  const para = EVAL_CATALOGUE[0]!; // label: 1-2 viên mỗi lần, tối đa 8 viên mỗi ngày
  const charcoal: CandidateProduct = {
    ...para, id: 'p-charcoal', slug: 'omega-than-hoat-tinh', name: 'Omega Than Hoạt Tính', ingredients: ['Than hoạt tính'],
    dosage: 'Người lớn uống 4 viên mỗi lần, ngày 3 lần.',
  };
  const both = { candidates: [para, charcoal] };
  const gate = (text: string, ctx: { candidates: CandidateProduct[] } = both) => {
    const g = new AnswerGate(ctx);
    const out = [...g.push(text), ...g.finish()];
    return g.blocked ?? out.join('');
  };

  it.each([
    // the other product's label dose, for this product (named, by ingredient, written before the name)
    'Alpha Paracetamol 500mg: người lớn uống 4 viên mỗi lần.',
    'Paracetamol thì người lớn uống 4 viên mỗi lần.',
    'Uống 4 viên Alpha Paracetamol mỗi lần.',
    // two products in one sentence, doses swapped
    'Alpha Paracetamol uống 4 viên, còn Omega Than Hoạt Tính uống 1-2 viên.',
    // a dose about no product in particular must hold for every candidate the shopper may apply it to
    'Người lớn uống 4 viên mỗi lần.',
  ])('blocks %s', (s) => expect(checkSentence(s, both)).toBe('dosing'));

  it.each([
    'Omega Than Hoạt Tính: người lớn uống 4 viên mỗi lần.',
    'Alpha Paracetamol 500mg: người lớn uống 1-2 viên mỗi lần.',
    'Uống 4 viên Omega Than Hoạt Tính mỗi lần.',
    'Alpha Paracetamol uống 1-2 viên, còn Omega Than Hoạt Tính uống 4 viên.',
  ])('releases %s', (s) => expect(checkSentence(s, both)).toBeNull());

  it('a sentence naming no product doses the one the answer was talking about (the gate carries it)', () => {
    expect(gate('Bạn có thể dùng Alpha Paracetamol 500mg. Người lớn uống 4 viên mỗi lần.')).toBe('dosing');
    expect(gate('Bạn có thể dùng Omega Than Hoạt Tính. Người lớn uống 4 viên mỗi lần.')).toBe('Bạn có thể dùng Omega Than Hoạt Tính. Người lớn uống 4 viên mỗi lần.');
    expect(gate('Alpha Paracetamol 500mg giúp hạ sốt. Người lớn uống 1-2 viên mỗi lần. Omega Than Hoạt Tính thì khác. Uống 1-2 viên mỗi lần.')).toBe('dosing');
    // One candidate: an unnamed dose is about it.
    expect(gate('Người lớn uống 4 viên mỗi lần.', { candidates: [charcoal] })).toBe('Người lớn uống 4 viên mỗi lần.');
    expect(gate('Người lớn uống 1-2 viên mỗi lần.', { candidates: [charcoal] })).toBe('dosing');
  });

  it('the longest name wins where two products share a stem', () => {
    const para650: CandidateProduct = { ...para, id: 'p-650', slug: 'alpha-paracetamol-650', name: 'Alpha Paracetamol 650mg', dosage: 'Người lớn uống 1 viên mỗi lần.' };
    const ctx = { candidates: [para, para650] };
    expect(checkSentence('Alpha Paracetamol 650mg: người lớn uống 1 viên mỗi lần.', ctx)).toBeNull();
    expect(checkSentence('Alpha Paracetamol 500mg: người lớn uống 1 viên mỗi lần.', ctx)).toBe('dosing');
    // Named by the stem both share: the dose must be on both labels.
    expect(checkSentence('Alpha Paracetamol: người lớn uống 1 viên mỗi lần.', ctx)).toBe('dosing');
  });
});
