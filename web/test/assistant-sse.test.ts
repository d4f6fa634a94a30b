/**
 * #18: the assistant widget reads its answer (POST, so no EventSource) as a server-sent event stream through fetch. The
 * parser must give the same events however the network cuts the bytes: a Vietnamese letter's UTF-8 bytes, a CRLF, or an
 * event's blank line split across chunks.
 */
import { describe, expect, it } from 'vitest';
import { readSse, sseParser, type SseEvent } from '../src/lib/assistant/sse';

const STREAM =
  ': keep-alive\r\n\r\n' +
  'event: meta\r\ndata: {"conversationId":"c1","mode":"model"}\r\n\r\n' +
  'event: delta\ndata: {"text":"Paracetamol giúp hạ sốt."}\n\n' +
  'event: delta\rdata: {"text":"dòng 1"}\rdata: {"text":"dòng 2"}\r\r' +
  'data: no event name\n\n' +
  'event: done\ndata:{"handoff":{"label":"Hỏi dược sĩ","href":"/tu-van-duoc-si"}}\n\n' +
  'event: delta\ndata: {"text":"cut off"}';

const EXPECTED: SseEvent[] = [
  { event: 'meta', data: '{"conversationId":"c1","mode":"model"}' },
  { event: 'delta', data: '{"text":"Paracetamol giúp hạ sốt."}' },
  { event: 'delta', data: '{"text":"dòng 1"}\n{"text":"dòng 2"}' },
  { event: 'message', data: 'no event name' },
  { event: 'done', data: '{"handoff":{"label":"Hỏi dược sĩ","href":"/tu-van-duoc-si"}}' },
];

function body(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const edges = [0, ...cuts, bytes.length];
  return new ReadableStream({
    start(c) {
      for (let i = 1; i < edges.length; i++) c.enqueue(bytes.slice(edges[i - 1], edges[i]));
      c.close();
    },
  });
}

describe('assistant event stream (#18)', () => {
  it('gives the same events whole or cut at every byte', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const whole: SseEvent[] = [];
    await readSse(body(bytes, []), (e) => whole.push(e));
    expect(whole).toEqual(EXPECTED);
    for (let cut = 1; cut < bytes.length; cut++) {
      const got: SseEvent[] = [];
      await readSse(body(bytes, [cut]), (e) => got.push(e));
      expect(got, `cut at byte ${cut}`).toEqual(EXPECTED);
    }
    const oneByteChunks: SseEvent[] = [];
    await readSse(body(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)), (e) => oneByteChunks.push(e));
    expect(oneByteChunks).toEqual(EXPECTED);
  });

  it('waits for the LF of a CRLF that ends a chunk before ending the line', () => {
    const p = sseParser();
    expect(p.push('event: delta\r')).toEqual([]);
    expect(p.push('\ndata: x\r')).toEqual([]);
    expect(p.push('\n\r')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'delta', data: 'x' }]);
  });
});
