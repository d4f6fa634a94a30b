/**
 * The assistant's safety rails (#18, ADR 0044), pure functions around the model — code decides, not the prompt:
 *  - `checkMessage`: input caps (1..MAX_MESSAGE_CHARS after trim, NFC);
 *  - red flags (red-flags.ts) and off-topic requests (`offTopic`) are answered before and without the model;
 *  - `assistantMaySuggest`: a catalogue product may appear in an answer only when it may be sold without a pharmacist
 *    (`consultationOnly`, THE rule of shared/src/checkout/pricing.ts) and none of its ingredients is in a restricted
 *    class (ingredient-classes.ts);
 *  - `checkSentence`: each sentence of the model's text is checked before release (restricted product or class named,
 *    a dose not printed on the label of the product it is about, diagnosis phrasing, links/contacts or instruction-following that only
 *    injected text would ask for);
 *  - `AnswerGate`: buffers the model's stream and releases it sentence by sentence, only after `checkSentence`;
 *  - `pickProducts`: the model's structured picks are slugs; only slugs of the candidates WE retrieved survive, and
 *    what is shown (name, price, link) is read from our data.
 */
import { consultationOnly } from '../checkout/pricing';
import { foldVietnamese, normalizeText } from '../text';
import { restrictedClassOf } from './ingredient-classes';
import { detectRedFlag, type RedFlagKind } from './red-flags';
import { type AssistantProduct, type BlockReason, CONSULTATION_PATH, MAX_MESSAGE_CHARS } from './schemas';

export const NOT_A_PHARMACIST = 'Lưu ý: Trợ lý Medicare không phải dược sĩ; thông tin chỉ để tham khảo, hãy đọc kỹ hướng dẫn trên nhãn hoặc hỏi dược sĩ.';

/** What replaces a blocked answer: always a hand-off to a pharmacist, never the model's words. */
export const BLOCK_TEXT: Record<BlockReason, string> = {
  rx: 'Sản phẩm hoặc hoạt chất này cần dược sĩ tư vấn (thuốc kê đơn, kháng sinh, nội tiết tố hoặc thuốc kiểm soát đặc biệt), nên Trợ lý Medicare không thể gợi ý. Vui lòng bấm "Hỏi dược sĩ" để được dược sĩ tư vấn.',
  dosing: 'Trợ lý Medicare không đưa ra liều dùng ngoài hướng dẫn trên nhãn. Hãy dùng đúng liều in trên nhãn sản phẩm, hoặc bấm "Hỏi dược sĩ" để được tư vấn liều phù hợp.',
  diagnosis: 'Trợ lý Medicare không thể chẩn đoán bệnh. Nếu triệu chứng kéo dài hoặc nặng hơn, hãy đi khám bác sĩ, hoặc bấm "Hỏi dược sĩ" để được tư vấn.',
  injection: 'Trợ lý Medicare không thể thực hiện yêu cầu này. Nếu bạn cần tư vấn về thuốc, hãy bấm "Hỏi dược sĩ".',
  off_topic: 'Trợ lý Medicare chỉ trả lời câu hỏi về sức khỏe thông thường và sản phẩm của nhà thuốc. Nếu bạn cần tư vấn về thuốc, hãy bấm "Hỏi dược sĩ".',
};

export type MessageCheck = { ok: true; text: string } | { ok: false };

/** Input caps: the trimmed NFC text, 1..MAX_MESSAGE_CHARS characters. */
export function checkMessage(raw: unknown): MessageCheck {
  if (typeof raw !== 'string') return { ok: false };
  const text = normalizeText(raw);
  return text.length >= 1 && [...text].length <= MAX_MESSAGE_CHARS ? { ok: true, text } : { ok: false };
}

const OFF_TOPIC = [
  /\b(lam|viet|sang tac) (mot )?(bai )?(tho|van|luan|truyen|bai hat|code|chuong trinh)\b/, /\bbai tho\b/, /\blap trinh\b/, /\b(javascript|python|sql|html)\b/,
  /\bgiai (bai|phuong trinh|toan)\b/, /\bbai tap (ve nha|toan|ly|hoa)\b/, /\b(bong da|ty so|xo so|lo de|chung khoan|co phieu|tien ao|bitcoin|crypto)\b/,
  /\b(du bao )?thoi tiet\b/, /\bchinh tri\b/, /\bbau cu\b/, /\bdich (cau|doan|bai|sang)\b/, /\bnau (mon|an)\b/, /\bcong thuc nau\b/, /\bphim (hay|gi)\b/, /\bgame\b/,
  /\bviet (email|thu|cv)\b/, /\bdu lich\b/, /\bke chuyen\b/,
];

/**
 * Words that make a message about health or our shop whatever else it mentions ("thuốc chống say xe khi đi du lịch",
 * "thời tiết thay đổi bé bị ho", "kem chống nắng đi du lịch biển").
 */
const HEALTH_WORDS =
  /\b(thuoc|benh|dau (dau|bung|hong|rang|lung|khop|nguc)|sot|cam cum|cam lanh|ngua|viem|di ung|trieu chung|vitamin|kem (chong|duong|tri|boi)|chong nang|say (xe|tau|song|nang)|mun|tao bon|tieu chay|mat ngu|suc khoe|bi (ho|sot|dau|cam|ngua|mun|viem|met|tieu chay|tao bon|say)|ho (khan|dom|nhieu|lau))\b/;

/** A request plainly outside health and our shop (answered with the fixed off-topic text, without the model). */
export function offTopic(message: string): boolean {
  const t = foldVietnamese(message);
  return OFF_TOPIC.some((re) => re.test(t)) && !HEALTH_WORDS.test(t);
}

/**
 * What a turn gets before (and instead of) the model: the fixed emergency answer for a red flag, the fixed off-topic
 * answer, or null (the model may be asked). Red flags first: "khó thở" inside an off-topic-looking message still counts.
 */
export function answerBeforeModel(message: string): { kind: 'emergency'; flag: RedFlagKind } | { kind: 'off_topic' } | null {
  const flag = detectRedFlag(message);
  if (flag) return { kind: 'emergency', flag };
  return offTopic(message) ? { kind: 'off_topic' } : null;
}

/** A catalogue product as the rails see it (our data, never the model's). */
export interface CandidateProduct {
  id: string;
  slug: string;
  name: string;
  price: number;
  prescriptionRequired: boolean;
  specialControl: boolean;
  ingredients: string[];
  shortDescription: string;
  indications: string;
  /** The label's dosage text (the only doses an answer may repeat). */
  dosage: string | null;
}

/** May this product be named or linked in an assistant answer? Sold without a pharmacist, and no restricted class. */
export function assistantMaySuggest(p: Pick<CandidateProduct, 'prescriptionRequired' | 'specialControl' | 'ingredients' | 'name'>): boolean {
  if (consultationOnly(p)) return false;
  return restrictedClassOf([p.name, ...p.ingredients].join(' | ')) === null;
}

export const productUrl = (slug: string) => `/san-pham/${encodeURIComponent(slug)}`;

/** The structured picks → products shown: only slugs (or ids) of the candidates we retrieved, rendered from our data. */
export function pickProducts(picks: readonly string[], candidates: readonly CandidateProduct[]): { items: AssistantProduct[]; restricted: boolean; unknown: number } {
  const bySlug = new Map<string, CandidateProduct>();
  for (const c of candidates) bySlug.set(c.slug, c).set(c.id, c);
  const items: AssistantProduct[] = [];
  const seen = new Set<string>();
  let restricted = false;
  let unknown = 0;
  for (const pick of picks) {
    const c = bySlug.get(String(pick).trim());
    if (!c) {
      unknown++;
      continue;
    }
    if (!assistantMaySuggest(c)) {
      restricted = true;
      continue;
    }
    if (seen.has(c.slug) || items.length >= MAX_PRODUCTS) continue;
    seen.add(c.slug);
    items.push({ slug: c.slug, name: c.name, price: c.price, url: productUrl(c.slug), prescription: false });
  }
  return { items, restricted, unknown };
}
export const MAX_PRODUCTS = 4;

// ---- Output checks ------------------------------------------------------------------------------------------------

const NUMBER_WORDS = '(?:[0-9]+(?:[.,][0-9]+)?|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|nua|ruoi)';
const DOSE_UNITS = '(?:mg|mcg|µg|g|gam|ml|cc|iu|ui|vien|goi|giot|ong|nhat|muong|thia|mieng|lieu|xit|lan)';
/** A dose change without a number ("uống gấp đôi liều", "tăng liều", "thêm một viên" is caught by DOSE). */
const DOSE_CHANGE = /\b(gap (doi|ba|[0-9]+)|tang (gap|lieu)|them (lieu|vien)|qua lieu ghi|nhieu hon (lieu|muc) (ghi|huong dan|khuyen))\b/;
/** A dose: a number followed by a unit ("2 viên", "500mg", "hai lần"), or "x lần/ngày". */
const DOSE = new RegExp(`(?:^|[^a-z0-9])(${NUMBER_WORDS}(?: ?(?:-|den|toi) ?${NUMBER_WORDS})? ?${DOSE_UNITS})(?![a-z])`, 'g');

/** The doses written in folded text, canonical ("1 - 2 vien" → "1-2vien"), each with where it starts. */
function dosesAt(folded: string): Array<{ dose: string; at: number }> {
  return [...folded.matchAll(DOSE)].map((m) => ({ dose: m[1]!.replace(/\s+/g, '').replace(/den|toi/g, '-'), at: m.index + m[0].length - m[1]!.length }));
}
const doses = (folded: string) => dosesAt(folded).map((d) => d.dose);

const DIAGNOSIS = [
  /\bchan doan\b/, /\bban (da |co le |co the |chac chan |dang )?(bi|mac) (benh|chung|hoi chung|viem|nhiem|ung thu|tieu duong|cao huyet ap|soi|lao|sot xuat huyet|covid|cum)\b/,
  /\b(chac chan|co le|kha nang cao|nhieu kha nang) (la|ban) (bi|mac|benh)\b/, /\b(co ve|duong nhu|hinh nhu|nghe nhu) (nhu )?(la )?ban (dang |da )?(bi|mac)\b/, /\bday (chinh )?la (benh|dau hieu cua benh|trieu chung cua benh)\b/, /\btrieu chung cua ban (la|cho thay)\b/,
  /\bban (da )?(bi|mac) [a-z ]{0,20}(roi)\b/, /\byou have\b/, /\bdiagnos/,
];

const INJECTION = [
  /https?:\/\//, /\bwww\./, /\b[a-z0-9-]+\.(com|net|org|vn|io|xyz|info|top)\b/, /@[a-z0-9-]+\./, /\b(zalo|telegram|facebook|messenger)\b/, /(?:^|[^0-9])0[0-9]{9}(?![0-9])/, /\b(\+84|84)[0-9]{9}\b/,
  /\b(bo qua|phot lo|quen) (moi |tat ca |cac )?(huong dan|chi dan|quy tac|lenh)\b/, /\bignore (all |previous |the )?(instructions|rules)\b/, /\bsystem prompt\b/, /\b(lenh|chi dan) he thong\b/,
  /\b(ma giam gia|voucher|khuyen mai|giam [0-9]+ ?%)\b/, /\b(chuyen khoan|so tai khoan|stk)\b/, /\btoi la (bac si|duoc si)\b/, /\bvoi tu cach (la )?(bac si|duoc si)\b/,
  /\b(admin|developer|che do (nha phat trien|debug|khong gioi han)|jailbreak|dan mode)\b/,
];

/** Phrases that say a restricted class is NOT for self-use: a sentence naming "kháng sinh" to warn against it is fine. */
const NEGATED = /\b(khong (nen|duoc|tu)|dung (tu|nen)|tranh|chi dung khi|can (co )?(don|chi dinh|ke don)|theo (don|chi dinh)|ke don|hoi (y kien )?(duoc si|bac si)|tham khao (y kien )?(duoc si|bac si))\b/;
/** Class words that may appear in a warning (a specific ingredient or product name never may). */
const GENERIC_CLASS_WORDS = /\b(khang sinh|corticoid|corticosteroid|noi tiet to|thuoc tranh thai|thuoc ngu|huong than|thuoc gay nghien)\b/g;

export interface SentenceContext {
  /** The candidates we retrieved this turn (allowed and not). */
  candidates: readonly CandidateProduct[];
  /**
   * Folded names the assistant may never write, from the whole catalogue (`restrictedLexicon`): every product it may not
   * suggest (its name without strengths, e.g. "klacid forte"), and every ingredient found only in such products.
   */
  restricted?: readonly string[];
  /**
   * The products the answer was talking about before this sentence (the last ones an earlier sentence named; the gate
   * carries it): a sentence that names none doses those ("Alpha Paracetamol giúp hạ sốt. Người lớn uống 1-2 viên.").
   */
  subject?: readonly CandidateProduct[];
}

/** A product name as the rails compare it: folded, without its strengths ("Klacid Forte 500mg" → "klacid forte"). */
export function nameStem(name: string): string {
  return foldVietnamese(name)
    .replace(/[0-9]+(?:[.,][0-9]+)?\s*(?:mg|mcg|µg|g|ml|iu|ui|%|mmol)?(?:\s*\/\s*[0-9]+(?:[.,][0-9]+)?\s*(?:mg|mcg|µg|g|ml|iu|ui|%)?)*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whole-word patterns of the terms seen so far: the lexicon is checked against every sentence, compiled once. */
const termPatterns = new Map<string, RegExp>();
const termPattern = (term: string) => {
  let re = termPatterns.get(term);
  if (!re) termPatterns.set(term, (re = new RegExp(`(?:^|[^a-z0-9])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`, 'g')));
  return re;
};
/** Does folded text `t` name `term` as whole words? */
export function namesTerm(t: string, term: string): boolean {
  if (term.length < 4) return false;
  const re = termPattern(term);
  re.lastIndex = 0;
  return re.test(t);
}
/** Where folded text `t` names `term` as whole words (start of each occurrence). */
function termPositions(t: string, term: string): number[] {
  if (term.length < 4) return [];
  return [...t.matchAll(termPattern(term))].map((m) => m.index + m[0].length - term.length);
}

/** A place where a sentence names products the assistant may suggest: by name (with or without strengths) or ingredient. */
interface Mention {
  at: number;
  end: number;
  products: CandidateProduct[];
}

/**
 * The suggestible products a folded sentence names, in order. A name (full, or without strengths) names that product;
 * an ingredient names every allowed candidate holding it ("paracetamol" → each paracetamol product), unless it is
 * part of a product's name written there. At one place the longest name wins ("Alpha Paracetamol 650mg" names the
 * 650 mg product, not every "Alpha Paracetamol").
 */
function mentions(t: string, allowed: readonly CandidateProduct[]): Mention[] {
  const byName: Mention[] = [];
  for (const c of allowed) {
    for (const term of new Set([foldVietnamese(c.name), nameStem(c.name)])) {
      for (const at of termPositions(t, term)) byName.push({ at, end: at + term.length, products: [c] });
    }
  }
  const byIngredient = new Map<string, CandidateProduct[]>();
  for (const c of allowed) for (const i of c.ingredients) byIngredient.set(foldVietnamese(i), [...(byIngredient.get(foldVietnamese(i)) ?? []), c]);
  const found = [...byName];
  for (const [term, products] of byIngredient) {
    for (const at of termPositions(t, term)) if (!byName.some((m) => at >= m.at && at < m.end)) found.push({ at, end: at + term.length, products });
  }
  const byPlace = new Map<number, Mention>();
  for (const m of found) {
    const seen = byPlace.get(m.at);
    if (!seen || m.end > seen.end) byPlace.set(m.at, { ...m, products: [...m.products] });
    else if (m.end === seen.end) seen.products.push(...m.products.filter((p) => !seen.products.includes(p)));
  }
  return [...byPlace.values()].sort((a, b) => a.at - b.at);
}

/** The products a sentence leaves the answer talking about: those of its last mention, else the ones before it. */
export function sentenceSubject(sentence: string, ctx: SentenceContext): readonly CandidateProduct[] | undefined {
  return mentions(foldVietnamese(sentence), ctx.candidates.filter(assistantMaySuggest)).at(-1)?.products ?? ctx.subject;
}

/** The reason a sentence of the model's text may not be released, or null when it may. */
export function checkSentence(sentence: string, ctx: SentenceContext): BlockReason | null {
  const t = foldVietnamese(sentence);
  if (!t) return null;
  if (INJECTION.some((re) => re.test(t))) return 'injection';
  // A restricted product of this turn's candidates named (in full, or without its strengths), or any product or
  // ingredient of the catalogue's restricted lexicon.
  for (const c of ctx.candidates) {
    if (!assistantMaySuggest(c) && (t.includes(foldVietnamese(c.name)) || namesTerm(t, nameStem(c.name)))) return 'rx';
  }
  if (ctx.restricted?.some((term) => namesTerm(t, term))) return 'rx';
  // A restricted ingredient or class named: specific names always; generic class words unless in a warning.
  const withoutGeneric = t.replace(GENERIC_CLASS_WORDS, ' ');
  if (restrictedClassOf(withoutGeneric)) return 'rx';
  if (withoutGeneric !== t && !NEGATED.test(t)) return 'rx';
  if (DIAGNOSIS.some((re) => re.test(t))) return 'diagnosis';
  // Doses: only those printed on an allowed candidate's label may be repeated, and never a change of dose.
  if (DOSE_CHANGE.test(t)) return 'dosing';
  const found = dosesAt(t);
  if (found.length) {
    // Per product: a dose may be repeated only from the label (or the name's strengths: "Paracetamol 500mg" names a
    // product, not a dose) of the product it is about — the one named last before it in this sentence, else the first
    // named after it, else the one the answer was talking about (`ctx.subject`), else EVERY suggestible candidate (a
    // dose about no product in particular must hold for any product the shopper may apply it to). Never pooled: a
    // dose on one product's label does not pass for another.
    const allowed = ctx.candidates.filter(assistantMaySuggest);
    const named = mentions(t, allowed);
    const labels = new Map<CandidateProduct, Set<string>>();
    const label = (c: CandidateProduct) => labels.get(c) ?? labels.set(c, new Set(doses(foldVietnamese(`${c.dosage ?? ''} ${c.name}`)))).get(c)!;
    for (const { dose, at } of found) {
      const about = named.filter((m) => m.at < at).at(-1)?.products ?? named.find((m) => m.at > at)?.products ?? (ctx.subject?.length ? ctx.subject : allowed);
      if (!about.length || about.some((c) => !label(c).has(dose))) return 'dosing';
    }
  }
  return null;
}

/** Sentence ends: . ! ? … ; followed by a space, or a line break ("2.5" or "1.000" is not an end). */
const SENTENCE_END = /[.!?…;](?=\s)|\n/;

/**
 * The streaming rule: the model's text goes in as it arrives, and comes out only in whole sentences that passed
 * `checkSentence`. Once a sentence is blocked nothing more of this answer is released (`blocked` is set).
 */
export class AnswerGate {
  private buffer = '';
  blocked: BlockReason | null = null;
  released = '';
  /** The products the released text was last talking about (each sentence's doses are checked against these). */
  private subject: readonly CandidateProduct[] | undefined;

  constructor(private readonly ctx: SentenceContext) {
    this.subject = ctx.subject;
  }

  /** Feeds more text; returns the sentences it may release now. */
  push(text: string): string[] {
    if (this.blocked) return [];
    this.buffer += text;
    const out: string[] = [];
    for (;;) {
      const m = SENTENCE_END.exec(this.buffer);
      if (!m) break;
      const end = m.index + m[0].length;
      const sentence = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end);
      if (!this.release(sentence, out)) return [];
    }
    return out;
  }

  /** The rest of the text (the model has finished). */
  finish(): string[] {
    if (this.blocked) return [];
    const out: string[] = [];
    const rest = this.buffer;
    this.buffer = '';
    if (rest.trim()) this.release(rest, out);
    return this.blocked ? [] : out;
  }

  /** Blocks the whole answer from outside (a restricted structured pick). */
  block(reason: BlockReason) {
    if (!this.blocked) this.blocked = reason;
  }

  private release(sentence: string, out: string[]): boolean {
    const ctx = { ...this.ctx, subject: this.subject };
    const reason = checkSentence(sentence, ctx);
    if (reason) {
      this.blocked = reason;
      return false;
    }
    this.subject = sentenceSubject(sentence, ctx);
    this.released += sentence;
    out.push(sentence);
    return true;
  }
}

/**
 * One answer through every rail at once (the evaluation set and the bench use it; the route applies the same gate to
 * the stream): the released text, the products shown, or the block.
 */
export function railsOnAnswer(answer: { text: string; products: readonly string[] }, candidates: readonly CandidateProduct[]) {
  const gate = new AnswerGate({ candidates });
  const released = [...gate.push(answer.text), ...gate.finish()];
  const picks = pickProducts(answer.products, candidates);
  if (picks.restricted) gate.block('rx');
  return gate.blocked ? { blocked: gate.blocked, text: BLOCK_TEXT[gate.blocked], products: [] as AssistantProduct[] } : { blocked: null, text: released.join(''), products: picks.items };
}

export { CONSULTATION_PATH };
