/**
 * #18: how the assistant widget turns the contract's events into what the shopper reads (web/src/lib/assistant/turns.ts):
 * streamed text accumulates; the rails' `blocked` text replaces everything streamed for the turn and nothing streamed
 * after it shows; an emergency shows the fixed answer only; an answer cut before `done` says so; refusals before the
 * stream (429, budget, validation) are Vietnamese; a product link never leaves the site.
 */
import { describe, expect, it } from 'vitest';
import type { AssistantEvent } from '../src/lib/assistant/events';
import { applyEvent, BUDGET, endOfStream, INTERRUPTED, newAnswer, productHref, refusal } from '../src/lib/assistant/turns';

const run = (events: AssistantEvent[]) => endOfStream(events.reduce(applyEvent, newAnswer()));
const handoff = { label: 'Hỏi dược sĩ' as const, href: '/tu-van-duoc-si?tro-ly=abc' };

describe('assistant answer from its events (#18)', () => {
  it('accumulates deltas, keeps the mode, products and hand-off', () => {
    const product = { slug: 'vitamin-c-500', name: 'Vitamin C 500mg', price: 45_000, url: '/san-pham/vitamin-c-500', prescription: false };
    const a = run([
      { event: 'meta', data: { conversationId: 'c1', mode: 'fallback', token: 'guest-secret' } },
      { event: 'delta', data: { text: 'Bạn có thể ' } },
      { event: 'delta', data: { text: 'dùng vitamin C.' } },
      { event: 'products', data: { items: [product] } },
      { event: 'done', data: { handoff } },
    ]);
    expect(a).toMatchObject({ text: 'Bạn có thể dùng vitamin C.', status: 'done', mode: 'fallback', products: [product], handoff, error: null, blocked: false, emergency: false });
  });

  it('replaces the turn with the rails’ text and shows nothing streamed after it', () => {
    const a = run([
      { event: 'meta', data: { conversationId: 'c1', mode: 'model', token: null } },
      { event: 'delta', data: { text: 'Bạn nên uống kháng sinh' } },
      { event: 'blocked', data: { reason: 'rx', text: 'Thuốc này cần đơn của bác sĩ: hãy hỏi dược sĩ.' } },
      { event: 'delta', data: { text: ' amoxicillin 500mg.' } },
      { event: 'done', data: { handoff } },
    ]);
    expect(a.text).toBe('Thuốc này cần đơn của bác sĩ: hãy hỏi dược sĩ.');
    expect(a.blocked).toBe(true);
  });

  it('shows the fixed emergency answer', () => {
    const a = run([
      { event: 'meta', data: { conversationId: 'c1', mode: 'model', token: null } },
      { event: 'emergency', data: { text: 'Gọi ngay 115.' } },
      { event: 'done', data: { handoff } },
    ]);
    expect(a).toMatchObject({ text: 'Gọi ngay 115.', emergency: true, status: 'done' });
  });

  it('says when the answer was cut or the budget ran out', () => {
    expect(run([{ event: 'delta', data: { text: 'Paracetamol' } }])).toMatchObject({ status: 'failed', error: INTERRUPTED, text: 'Paracetamol' });
    expect(run([{ event: 'error', data: { code: 'ASSISTANT_BUDGET_EXCEEDED', message: 'budget' } }])).toMatchObject({ status: 'failed', error: BUDGET });
  });

  it('explains refusals before the stream in Vietnamese', () => {
    expect(refusal(429, null, '30')).toBe('Bạn đã gửi nhiều câu hỏi liên tiếp. Vui lòng thử lại sau 30 giây.');
    expect(refusal(429, null, null)).toMatch(/đợi một lát/);
    expect(refusal(400, { error: { code: 'ASSISTANT_MESSAGE_INVALID', message: 'Câu hỏi cần từ 1 đến 1000 ký tự.' } }, null)).toBe('Câu hỏi cần từ 1 đến 1000 ký tự.');
    expect(refusal(503, null, null)).toMatch(/sự cố/);
  });

  it('links products only within the site', () => {
    const p = { slug: 'vitamin-c-500', name: 'x', price: 1, prescription: false };
    expect(productHref({ ...p, url: '/san-pham/vitamin-c-500' })).toBe('/san-pham/vitamin-c-500');
    for (const url of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) expect(productHref({ ...p, url })).toBe('/san-pham/vitamin-c-500');
  });
});

describe('assistant transcript for the consultation form (#18)', () => {
  it('writes who said what and, when too long, drops the oldest turns first', async () => {
    const { transcriptText } = await import('../src/lib/assistant/storage');
    const turns = [
      { role: 'user' as const, text: 'Câu hỏi cũ '.repeat(20) },
      { ...newAnswer(), text: 'Trả lời cũ.', status: 'done' as const },
      { role: 'user' as const, text: 'Tôi đau họng' },
      { ...newAnswer(), text: '', status: 'failed' as const },
    ];
    expect(transcriptText(turns, 2000)).toBe(`Cuộc trò chuyện của tôi với Trợ lý Medicare:\nTôi: ${turns[0]!.text.trim()}\nTrợ lý Medicare: Trả lời cũ.\nTôi: Tôi đau họng`);
    expect(transcriptText(turns, 120)).toBe('Cuộc trò chuyện của tôi với Trợ lý Medicare:\nTrợ lý Medicare: Trả lời cũ.\nTôi: Tôi đau họng');
    expect(transcriptText([], 2000)).toBe('');
  });
});
