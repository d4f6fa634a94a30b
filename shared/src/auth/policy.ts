/** Account input rules (Vietnamese messages live in the zod schemas that use these). */

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** At least 8 characters with a letter and a digit, not the email, at most 128 characters. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < 8) return 'Mật khẩu phải có ít nhất 8 ký tự.';
  if (password.length > 128) return 'Mật khẩu tối đa 128 ký tự.';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'Mật khẩu phải có cả chữ và số.';
  if (email && password.toLowerCase() === normalizeEmail(email)) return 'Mật khẩu không được trùng email.';
  return null;
}

/** Vietnamese mobile prefixes after the 2018 renumbering (10 digits: 03x, 05x, 07x, 08x, 09x). */
const MOBILE = /^0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9\d)\d{7}$/;
/** Landlines: 02 + area code, 11 digits in all. */
const LANDLINE = /^02\d{9}$/;

/** Normalises +84 / 84 / spaces / dots / dashes to the 0-prefixed national form, or null if not a VN number. */
export function normalizeVietnamesePhone(input: string): string | null {
  let d = input.replace(/[\s.\-()]/g, '');
  if (d.startsWith('+84')) d = `0${d.slice(3)}`;
  else if (d.startsWith('84') && d.length === 11) d = `0${d.slice(2)}`;
  return MOBILE.test(d) || LANDLINE.test(d) ? d : null;
}
