// #18: the real `openai` client, inside workerd, talks to the local OpenAI stand-in (test/standins/openai-standin.ts):
// plain and streamed completions, structured output parsed through the SDK's zod helper, vision parts, errors.
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';

const base = inject('openaiStandinUrl');
const client = new OpenAI({ apiKey: 'sk-standin-test-key', baseURL: base, maxRetries: 0 });
const script = (match: string, replies: unknown[]) =>
  fetch(base.replace(/\/v1$/, '/__standin/scripts'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match, replies }) });

describe('OpenAI stand-in through the real client', () => {
  it('answers a scripted completion, streamed in chunks with usage', async () => {
    await script('stream-probe', [{ content: 'Paracetamol giúp hạ sốt và giảm đau.' }]);
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'stream-probe' }] });
    let text = '';
    let chunks = 0;
    let usage: { total_tokens: number } | null | undefined;
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta?.content;
      if (d) (text += d), chunks++;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Paracetamol giúp hạ sốt và giảm đau.');
    expect(chunks).toBeGreaterThan(1);
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('parses a structured answer with zodResponseFormat and accepts image parts', async () => {
    const Drug = z.object({ name: z.string(), strength: z.string() });
    await script('vision-probe', [{ content: JSON.stringify({ name: 'Panadol', strength: '500 mg' }) }]);
    const out = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      response_format: zodResponseFormat(Drug, 'drug'),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'vision-probe' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
    });
    expect(out.choices[0]?.message.parsed).toEqual({ name: 'Panadol', strength: '500 mg' });
    const seen = (await (await fetch(base.replace(/\/v1$/, '/__standin/requests?match=vision-probe'))).json()) as Array<{ images: number; response_format: { type: string } }>;
    expect(seen[0]?.images).toBe(1);
    expect(seen[0]?.response_format.type).toBe('json_schema');
  });

  it('maps a stand-in error to the SDK error type, and a wrong key to 401', async () => {
    await script('error-probe', [{ status: 429, errorCode: 'rate_limit_exceeded' }]);
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'error-probe' }] })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: base, maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
