/**
 * Vietnamese for every validation message zod writes itself (a schema's own message, e.g. `.email('Email không hợp
 * lệ.')`, still wins). Installed as zod's global `customError` when this module loads (createApp imports it, so every
 * Worker has it before any request): the 400 envelope's `details.issues[].message`, which forms show beside their
 * fields, is never zod's English default. `customError` rather than `localeError`: zod sets its English locale there
 * each time a copy of it loads, and would overwrite ours.
 */
import { z } from '@hono/zod-openapi';

type Issue = Parameters<z.core.$ZodErrorMap>[0];

const TYPES: Record<string, string> = {
  string: 'chữ',
  number: 'số',
  int: 'số nguyên',
  bigint: 'số nguyên',
  boolean: 'đúng/sai (true/false)',
  array: 'danh sách',
  object: 'đối tượng',
  date: 'ngày',
};
const FORMATS: Record<string, string> = {
  email: 'Email không hợp lệ.',
  url: 'Đường dẫn không hợp lệ.',
  datetime: 'Ngày giờ không hợp lệ.',
  date: 'Ngày không hợp lệ.',
  time: 'Giờ không hợp lệ.',
  uuid: 'Mã định danh không hợp lệ.',
  ulid: 'Mã định danh không hợp lệ.',
};
const REQUIRED = 'Vui lòng nhập thông tin này.';

const n = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? v.toLocaleString('vi-VN') : String(v));

export function vietnameseIssueMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return REQUIRED;
      return `Giá trị không đúng kiểu: cần ${TYPES[issue.expected] ?? 'kiểu khác'}.`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? REQUIRED : `Cần ít nhất ${n(issue.minimum)} ký tự.`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? 'Cần ít nhất một mục.' : `Cần ít nhất ${n(issue.minimum)} mục.`;
      if (issue.origin === 'file') return `Tệp cần ít nhất ${n(issue.minimum)} byte.`;
      if (issue.origin === 'date') return 'Ngày quá sớm.';
      return issue.inclusive ? `Giá trị phải từ ${n(issue.minimum)} trở lên.` : `Giá trị phải lớn hơn ${n(issue.minimum)}.`;
    }
    case 'too_big':
      if (issue.origin === 'string') return `Tối đa ${n(issue.maximum)} ký tự.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Tối đa ${n(issue.maximum)} mục.`;
      if (issue.origin === 'file') return `Tệp tối đa ${n(issue.maximum)} byte.`;
      if (issue.origin === 'date') return 'Ngày quá muộn.';
      return issue.inclusive ? `Giá trị tối đa là ${n(issue.maximum)}.` : `Giá trị phải nhỏ hơn ${n(issue.maximum)}.`;
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'Giá trị không đúng định dạng.';
    case 'invalid_value':
      return issue.values.length === 1 ? `Giá trị phải là ${String(issue.values[0])}.` : `Giá trị phải là một trong: ${issue.values.map(String).join(', ')}.`;
    case 'not_multiple_of':
      return `Giá trị phải là bội số của ${n(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `Trường không được hỗ trợ: ${issue.keys.join(', ')}.`;
    default:
      return 'Giá trị không hợp lệ.';
  }
}

z.config({ customError: vietnameseIssueMessage });
