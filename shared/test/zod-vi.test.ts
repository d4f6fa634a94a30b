import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { RegisterSchema } from '../src/auth/schemas';
import { AddressInputSchema } from '../src/auth/addresses';
import { createApp, errorResponses } from '../src/http/app';
import { vietnameseIssueMessage } from '../src/http/zod-vi';

const ENGLISH = /\b(expected|received|Invalid|Too (big|small)|Required|Unrecognized|characters?|string)\b/i;
const messages = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
};

describe("zod's own messages are Vietnamese once an app exists (#12 item 14)", () => {
  it('sign-up: a missing password, an over-long name, an unknown field', () => {
    createApp({ service: 't', prefix: '', title: 't', description: 't' });
    const m = messages(RegisterSchema, { email: 'an@example.vn', password: '', name: 'A'.repeat(101), extra: 1 });
    expect(m).toEqual({ password: 'Vui lòng nhập thông tin này.', name: 'Tối đa 100 ký tự.', '': 'Trường không được hỗ trợ: extra.' });
  });

  it("a schema's own message still wins", () => {
    expect(messages(RegisterSchema, { email: 'khong-phai-email', password: 'x', name: 'An' })).toEqual({ email: 'Email không hợp lệ.' });
    expect(messages(AddressInputSchema, { recipientName: 'An', phone: '0912345678', provinceCode: '79', wardCode: '26734', street: 'x' })).toEqual({ street: 'Vui lòng nhập số nhà, tên đường.' });
  });

  it.each([
    [z.object({ a: z.string() }), {}],
    [z.object({ a: z.number() }), { a: 'x' }],
    [z.number().int().min(1), 0],
    [z.number().max(10), 11],
    [z.array(z.string()).min(2), ['a']],
    [z.array(z.string()).max(1), ['a', 'b']],
    [z.string().email(), 'x'],
    [z.string().url(), 'x'],
    [z.string().regex(/^\d+$/), 'x'],
    [z.enum(['cod', 'bank_transfer']), 'cash'],
    [z.literal('a'), 'b'],
    [z.number().multipleOf(5), 7],
    [z.union([z.string(), z.number()]), true],
    [z.boolean(), 'yes'],
  ])('no English default for %#', (schema, input) => {
    const r = (schema as z.ZodType).safeParse(input);
    expect(r.success).toBe(false);
    for (const i of r.error!.issues) expect(i.message).not.toMatch(ENGLISH);
  });

  it('reaches the 400 envelope a form reads', async () => {
    const app = createApp({ service: 't', prefix: '', title: 't', description: 't' });
    app.openapi(
      { method: 'post', path: '/x', request: { body: { content: { 'application/json': { schema: RegisterSchema } } } }, responses: { 202: { description: 'ok' }, ...errorResponses(400) } } as never,
      ((c: { json: (b: unknown, s: number) => Response }) => c.json({}, 202)) as never,
    );
    const res = await app.request('/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'an@example.vn', password: '', name: 'An' }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { issues: Array<{ path: string; message: string }> } } };
    expect(body.error.details.issues).toEqual([{ path: 'password', message: 'Vui lòng nhập thông tin này.', code: 'too_small' }]);
  });

  it('numbers are written the Vietnamese way', () => {
    expect(vietnameseIssueMessage({ code: 'too_big', origin: 'number', maximum: 1_000_000_000, inclusive: true, input: 2e9 } as never)).toBe('Giá trị tối đa là 1.000.000.000.');
  });
});
