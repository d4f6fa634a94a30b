/**
 * THE screening of text shoppers publish on the storefront (reviews, product questions, and replies to them).
 * It never blocks on its own: it returns flags that moderation shows first and explains, so a moderator decides.
 * Text is stored NFC (`normalizeText`) and always rendered as text, never as HTML; this module only looks at it.
 */
import { normalizeText } from '../text';

/** Length caps per kind of published text (characters, after NFC + trim). */
export const UGC_LIMITS = {
  reviewBody: { min: 10, max: 2000 },
  questionBody: { min: 10, max: 1000 },
  answerBody: { min: 2, max: 2000 },
  moderationReason: { min: 3, max: 300 },
} as const;

export type UgcFlag = 'link' | 'contact' | 'banned_word' | 'shouting' | 'repeated_chars';

/** Vietnamese labels for moderators (console). */
export const UGC_FLAG_LABELS: Record<UgcFlag, string> = {
  link: 'Có đường dẫn',
  contact: 'Có số điện thoại hoặc email',
  banned_word: 'Có từ ngữ bị cấm',
  shouting: 'Viết hoa toàn bộ',
  repeated_chars: 'Lặp ký tự bất thường',
};

/**
 * Banned terms, lower case with their accents, matched as whole words or whole phrases (NFC, lower case). Accents are
 * kept on purpose: folded, "lồn" would match "lớn" and "cặc" would match "các". Data, not logic: add a term here and
 * every kind of published text is screened for it.
 */
export const BANNED_TERMS: readonly string[] = [
  // Profanity and insults, and their usual abbreviations.
  'địt', 'đm', 'dm', 'đmm', 'dmm', 'đcm', 'dcm', 'vcl', 'vkl', 'clgt', 'lồn', 'cặc', 'đéo', 'đụ', 'đụ má', 'địt mẹ',
  'óc chó', 'súc vật', 'mất dạy', 'khốn nạn',
  // Spam and off-platform selling of medicines.
  'thuốc phá thai', 'bán thuốc không cần đơn', 'inbox', 'ib', 'zalo', 'telegram', 'casino', 'cá cược', 'lô đề', 'vay tiền',
];

const LINK = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|vn|info|xyz|top|shop|online|site|link|me|io)\b/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
/** Vietnamese phone numbers: 0 or +84 then 9–10 digits, spaces, dots or dashes allowed between groups. */
const PHONE = /(?:\+?84|0)(?:[\s.-]?\d){8,10}\b/;

const bannedSingle = new Set(BANNED_TERMS.filter((t) => !t.includes(' ')));
const bannedPhrases = BANNED_TERMS.filter((t) => t.includes(' '));

/** The flags for a text a shopper wants published (empty = nothing for a moderator to look at first). */
export function screenUserText(input: string): UgcFlag[] {
  const text = normalizeText(input);
  const flags: UgcFlag[] = [];
  if (LINK.test(text)) flags.push('link');
  if (EMAIL.test(text) || PHONE.test(text)) flags.push('contact');
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const joined = ` ${words.join(' ')} `;
  if (words.some((w) => bannedSingle.has(w)) || bannedPhrases.some((p) => joined.includes(` ${p} `))) flags.push('banned_word');
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 20 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) flags.push('shouting');
  if (/(\p{L})\1{5,}/u.test(text)) flags.push('repeated_chars');
  return flags;
}
