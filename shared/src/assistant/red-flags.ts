/**
 * Red flags (#18, ADR 0044): messages that get ONE fixed answer — call 115, go to the emergency room, talk to a
 * pharmacist now — before and independently of the model (the model is not called). Matched on the folded text
 * (`foldVietnamese`: no accents, đ → d, lowercase), so "đau ngực" and "dau nguc" are the same flag. The patterns are
 * data; every one is exercised by test/assistant-safety.json.
 */
import { foldVietnamese } from '../text';

export const EMERGENCY_TEXT =
  'Những dấu hiệu bạn mô tả có thể nguy hiểm. Hãy gọi cấp cứu 115 hoặc đến cơ sở cấp cứu gần nhất ngay. ' +
  'Bạn cũng có thể bấm "Hỏi dược sĩ" để nói chuyện với dược sĩ ngay bây giờ. ' +
  'Trợ lý Medicare không phải dược sĩ hay bác sĩ và không thể xử lý tình huống khẩn cấp.';

export const RED_FLAG_KINDS = ['chest_pain', 'stroke', 'breathing', 'bleeding', 'suicide', 'poisoning', 'infant_fever', 'pregnancy', 'unconscious', 'seizure', 'anaphylaxis'] as const;
export type RedFlagKind = (typeof RED_FLAG_KINDS)[number];

/** Folded-text patterns per kind (word boundaries are spaces: the folded text is collapsed to single spaces). */
const PATTERNS: Record<RedFlagKind, RegExp[]> = {
  chest_pain: [/\b(dau|tuc|that|nhoi|bop) (that )?(nguc|tim)\b/, /\bnhoi mau\b/, /\bdau tim\b/, /\bchest pain\b/, /\bheart attack\b/],
  stroke: [/\bdot quy\b/, /\btai bien\b/, /\bmeo (mieng|mat)\b/, /\b(liet|yeu|te) (nua nguoi|mot ben|tay chan)\b/, /\bnoi ngong\b/, /\bkhong noi duoc\b/, /\bstroke\b/],
  breathing: [/\bkho tho\b/, /\bkhong tho duoc\b/, /\bngat tho\b/, /\bngop tho\b/, /\btho (gap|rit|khong noi)\b/, /\bhut hoi\b/, /\btim tai\b/, /\bhoc (di vat|xuong)\b/, /\bcan't breathe\b/],
  bleeding: [/\b(chay|ra|mat) (rat )?nhieu mau\b/, /\bbang huyet\b/, /\b(non|ho|di ngoai|di cau|tieu) ra mau\b/, /\bxuat huyet\b/, /\bmau (chay|ra) khong (cam|ngung|dung)\b/, /\bchay mau (mai |hoai )?khong (cam|ngung|dung|het)\b/, /\bphan den\b/],
  suicide: [/\btu tu\b/, /\btu sat\b/, /\bmuon chet\b/, /\b(khong muon|chan) song\b/, /\bket lieu\b/, /\btu hai\b/, /\b(cat|rach) tay\b/, /\buong (ca|het|nhieu) (vi|hop|lo)\b/, /\bkill myself\b/, /\bsuicid/],
  poisoning: [/\bngo doc\b/, /\buong nham\b/, /\bnuot (nham|phai)\b/, /\bqua lieu\b/, /\buong (thuoc )?(chuot|tru sau|thuoc diet)\b/, /\b(tre|be|con) (uong|nuot|an) (nham|phai|het)\b/, /\boverdose\b/, /\buong [0-9]{2,} vien\b/, /\bnuot (pin|nam cham|dong xu|kim)\b/],
  infant_fever: [
    /\b(tre|be|con|chau) (so sinh|duoi (1|2|3|mot|hai|ba) thang|[0-9]+ (ngay|tuan) tuoi|(1|2|mot|hai) thang tuoi)\b.*\b(sot|nong|hot)\b/,
    /\b(sot|nong)\b.*\b(tre|be|con|chau) (so sinh|duoi (1|2|3|mot|hai|ba) thang|[0-9]+ (ngay|tuan) tuoi|(1|2|mot|hai) thang tuoi)\b/,
    // "bé 2 tháng sốt", "con tôi 2 tháng bị sốt", "bé nhà em 3 tuần tuổi bị sốt": a few words between child and age.
    /\b(tre|be|con|chau)( [a-z]+){0,3} ([0-9]+ (ngay|tuan)|(1|2|mot|hai) thang)( tuoi)?\b.*\b(sot|nong)\b/,
    /\bso sinh\b.*\bsot\b/,
    /\bsot\b.*\bso sinh\b/,
  ],
  pregnancy: [/\b(mang thai|co thai|co bau|mang bau|bau bi|thai ky|thai phu|dang bau|cho con bu|dang cho bu|sau sinh)\b/, /\b(ba|me|em|chi|vo) bau\b/, /\bbau [0-9]+ (thang|tuan)\b/, /\bcho (be|con|chau) bu\b/, /\bpregnan/, /\bbreastfeed/],
  unconscious: [/\b(bat tinh|ngat xiu|hon me|li bi|lo mo|khong tinh|mat y thuc)\b/, /\b(ngat|xiu) (di|luon)\b/, /(?<!thom )\b(bi )?ngat\b(?! tho)/],
  seizure: [/\b(co giat|dong kinh|len con co)\b/],
  anaphylaxis: [/\bsoc phan ve\b/, /\bphan ve\b/, /\bsung (moi|mat|hong|luoi)\b.*\b(kho tho|tho)\b/, /\bsung (hong|luoi)\b/],
};

/** The first red flag in a shopper's message, or null. Pure; runs before anything else in a turn. */
export function detectRedFlag(message: string): RedFlagKind | null {
  const t = foldVietnamese(message);
  for (const kind of RED_FLAG_KINDS) if (PATTERNS[kind].some((re) => re.test(t))) return kind;
  return null;
}
