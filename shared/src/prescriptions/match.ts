/**
 * #18: THE rule that scores how well one of our products fits a drug read from a prescription or a box (ADR 0045):
 * ingredient 0.5 + strength 0.3 + dosage form 0.2. Pure (no I/O): match.d1.ts feeds it our search's candidates and
 * their ingredient rows; prescription drafts and the photo search both rank with it.
 */
import { foldVietnamese } from '../text';

/** A strength as number + unit in a canonical unit ('500 mg', '0,5 g' → { value: 500, unit: 'mg' }), or null. */
export function parseStrength(s: string | null | undefined): { value: number; unit: string } | null {
  if (!s) return null;
  const m = foldVietnamese(s).replace(/,/g, '.').match(/(\d+(?:\.\d+)?)\s*(mcg|µg|ug|mg|g|ml|iu|ui|%)(?![a-z])/);
  if (!m) return null;
  let value = Number(m[1]);
  let unit = m[2]!;
  if (unit === 'g') (value *= 1000), (unit = 'mg');
  else if (unit === 'mcg' || unit === 'µg' || unit === 'ug') (value /= 1000), (unit = 'mg');
  else if (unit === 'ui') unit = 'iu';
  return { value: Math.round(value * 1000) / 1000, unit };
}

/** Dosage form families: what a prescription writes ("viên nang", "capsule", "siro") against our dosage_form values. */
const FORM_FAMILIES: Array<[family: string, words: RegExp]> = [
  ['capsule', /\b(vien nang|nang|capsule|caps?)\b/],
  ['effervescent', /\b(sui|effervescent)\b/],
  ['tablet', /\b(vien nen|vien bao|vien nhai|vien|tablet|tab|vien ngam)\b/],
  ['powder', /\b(bot|goi|cốm|com|powder|sachet)\b/],
  ['drops', /\b(nho mat|nho mui|nho tai|drops?)\b/],
  ['liquid', /\b(siro|syrup|hon dich|dung dich|suspension|solution|ong uong)\b/],
  ['topical', /\b(kem|gel|thuoc mo|mo|cream|ointment|bôi|boi)\b/],
  ['injection', /\b(tiem|injection|ong tiem|lo tiem)\b/],
  ['spray', /\b(xit|spray)\b/],
];

export function formFamily(s: string | null | undefined): string | null {
  if (!s) return null;
  const f = foldVietnamese(s);
  for (const [family, words] of FORM_FAMILIES) if (words.test(f)) return family;
  return null;
}

export interface MatchCandidate {
  name: string;
  dosageForm: string;
  /** Its active ingredients with their printed strengths. */
  ingredients: Array<{ name: string; strength: string | null }>;
}

export interface DrugRead {
  name: string;
  strength: string | null;
  form: string | null;
}

const words = (s: string) => foldVietnamese(s).split(/[^a-z0-9]+/).filter((w) => w.length >= 3 && !/^\d/.test(w));

/**
 * How well `p` fits `d`, 0..1: ingredient (1 when an ingredient's name, or the product's distinctive name word, is in
 * the drug's name; 0.5 for a candidate our search found by other text), strength (1 equal, 0 different, 0.5 when
 * either side does not say), form (the same family 1, different 0, unknown 0.5).
 */
export function matchScore(d: DrugRead, p: MatchCandidate): { confidence: number; strength: string | null } {
  const drugWords = new Set(words(d.name));
  const folded = foldVietnamese(d.name);
  const ingredientHit = p.ingredients.some((i) => {
    const n = foldVietnamese(i.name);
    return n.length >= 3 && folded.includes(n);
  });
  const nameHit = words(p.name).some((w) => drugWords.has(w));
  const ingredient = ingredientHit || nameHit ? 1 : 0.5;

  // The product's strength: its ingredients' (the one named in the drug first), else one printed in its name.
  const named = p.ingredients.find((i) => folded.includes(foldVietnamese(i.name)) && i.strength);
  const printed = named?.strength ?? p.ingredients.find((i) => i.strength)?.strength ?? null;
  const productStrength = parseStrength(printed) ?? parseStrength(p.name);
  const drugStrength = parseStrength(d.strength) ?? parseStrength(d.name);
  const strength = !productStrength || !drugStrength ? 0.5 : productStrength.value === drugStrength.value && productStrength.unit === drugStrength.unit ? 1 : 0;

  const pf = formFamily(p.dosageForm);
  const df = formFamily(d.form) ?? formFamily(d.name);
  const form = !pf || !df ? 0.5 : pf === df ? 1 : 0;

  const confidence = Math.round((0.5 * ingredient + 0.3 * strength + 0.2 * form) * 100) / 100;
  return { confidence, strength: printed ?? (productStrength ? `${productStrength.value}${productStrength.unit}` : null) };
}

/** Below this a candidate is not offered as a match. */
export const MIN_MATCH_CONFIDENCE = 0.5;
