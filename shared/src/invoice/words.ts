/**
 * Integer VND in Vietnamese words, as written on invoices ("Số tiền bằng chữ"):
 * 1_005_000 → "Một triệu không trăm linh năm nghìn đồng". Pure; reading rules:
 * - groups of three digits with the scales nghìn / triệu, and tỷ after a number read the same way ("hai nghìn tỷ");
 * - an inner group says its hundreds even when zero ("không trăm") and "linh" for a lone unit after zero tens;
 * - "mười" for ten, "mươi" after 2–9 tens, "mốt" for 1 and "lăm" for 5 after tens.
 */
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const SCALES = ['', 'nghìn', 'triệu'];

function group(n: number, leading: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor(n / 10) % 10;
  const u = n % 10;
  const words: string[] = [];
  if (h > 0 || !leading) words.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0 && words.length > 0) words.push('linh');
  } else if (t === 1) words.push('mười');
  else words.push(DIGITS[t]!, 'mươi');
  if (u > 0) {
    if (u === 1 && t >= 2) words.push('mốt');
    else if (u === 5 && t >= 1) words.push('lăm');
    else words.push(DIGITS[u]!);
  }
  return words;
}

/** Words for n < 1e9; `leading` when nothing is read before it. */
function belowBillion(n: number, leading: boolean): string[] {
  const groups = [n % 1000, Math.floor(n / 1000) % 1000, Math.floor(n / 1_000_000)];
  const words: string[] = [];
  for (let i = 2; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    words.push(...group(g, leading && words.length === 0), ...(SCALES[i] ? [SCALES[i]!] : []));
  }
  return words;
}

function read(n: number, leading: boolean): string[] {
  if (n < 1_000_000_000) return belowBillion(n, leading);
  return [...read(Math.floor(n / 1_000_000_000), leading), 'tỷ', ...belowBillion(n % 1_000_000_000, false)];
}

export function numberInVietnameseWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a non-negative safe integer');
  if (amount === 0) return 'không';
  return read(amount, true).join(' ');
}

/** "Một trăm hai mươi nghìn đồng" — capitalised, for the invoice's amount-in-words line. */
export function vndInWords(amount: number): string {
  const w = numberInVietnameseWords(amount);
  return `${w.charAt(0).toUpperCase()}${w.slice(1)} đồng`;
}
