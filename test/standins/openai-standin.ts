/**
 * Stand-in for OpenAI's Chat Completions API (POST /v1/chat/completions), for tests only. It speaks the documented
 * protocol the official `openai` client uses: Bearer API key; JSON body with `model` and `messages` (text or content
 * parts, `image_url` parts accepted for vision); `response_format` (json_schema) and `tools` passed through; a
 * `chat.completion` object, or with `stream: true` server-sent `chat.completion.chunk` events ending in `data: [DONE]`
 * (a final usage chunk when `stream_options.include_usage`); errors as `{ error: { message, type, code } }`.
 *
 * Answers are scripted per test, so tests running side by side don't see each other's script: a test registers
 * `POST /__standin/scripts { match, replies }` and every request whose user text (all user messages' text parts)
 * contains `match` gets the next reply of that script (the last one repeats). The newest matching script wins. With
 * no matching script the stand-in answers a fixed, harmless sentence (text requests) or 400 `standin_no_script`
 * (requests for a JSON schema, which only a script can answer). `GET /__standin/requests?match=…` returns what the
 * client sent, for assertions (model, messages, response_format, tools, image count).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One scripted answer. `content` is the assistant's text (for a JSON schema request: the JSON text). */
export interface StandinReply {
  content?: string;
  /** Tool calls the model "makes" (finish_reason `tool_calls`); `arguments` objects are JSON-encoded. */
  toolCalls?: Array<{ id?: string; name: string; arguments: string | Record<string, unknown> }>;
  refusal?: string;
  /** Streaming: how the content is cut into deltas (default: about 12 characters a chunk). */
  chunks?: string[];
  /** Streaming: wait this long between deltas (a model that writes as it thinks; tests of progressive rendering). */
  chunkDelayMs?: number;
  /** An HTTP error instead of an answer (429 rate limit, 500, 503…), with OpenAI's error body. */
  status?: number;
  errorCode?: string;
  /** Wait before answering (a slow model; tests of timeouts). */
  delayMs?: number;
  /** Override the usage the stand-in reports (default: characters / 4, rounded up). */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface StandinScript {
  match: string;
  replies: StandinReply[];
}

export interface StandinRequest {
  match: string | null;
  model: string;
  stream: boolean;
  messages: Array<{ role: string; content: unknown }>;
  response_format?: unknown;
  tools?: unknown;
  images: number;
  userText: string;
}

interface Registered extends StandinScript {
  used: number;
}

const DEFAULT_TEXT = 'Đây là câu trả lời mặc định của máy chủ thay thế OpenAI.';

function partsText(content: unknown): { text: string; images: number } {
  if (typeof content === 'string') return { text: content, images: 0 };
  if (!Array.isArray(content)) return { text: '', images: 0 };
  let text = '';
  let images = 0;
  for (const p of content as Array<{ type?: string; text?: string }>) {
    if (p?.type === 'text' && typeof p.text === 'string') text += `${p.text}\n`;
    else if (p?.type === 'image_url') images += 1;
  }
  return { text, images };
}

const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

export async function startOpenAIStandin(apiKey: string): Promise<{ url: string; scripts: Registered[]; requests: StandinRequest[]; close(): Promise<void> }> {
  const scripts: Registered[] = [];
  const requests: StandinRequest[] = [];
  let seq = 0;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string, type: string, code: string | null) =>
    json(res, status, { error: { message, type, param: null, code } });

  async function completions(req: IncomingMessage, res: ServerResponse, raw: string) {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return error(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return error(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    if (typeof body?.model !== 'string' || !Array.isArray(body?.messages) || body.messages.length === 0) {
      return error(res, 400, "Missing required parameters: 'model' and 'messages'.", 'invalid_request_error', 'missing_required_parameter');
    }
    let userText = '';
    let images = 0;
    for (const m of body.messages) {
      if (m?.role !== 'user') continue;
      const p = partsText(m.content);
      userText += p.text + '\n';
      images += p.images;
    }
    const script = [...scripts].reverse().find((s) => userText.includes(s.match));
    requests.push({
      match: script?.match ?? null,
      model: body.model,
      stream: body.stream === true,
      messages: body.messages,
      response_format: body.response_format,
      tools: body.tools,
      images,
      userText,
    });
    const wantsSchema = body.response_format?.type === 'json_schema';
    let reply: StandinReply;
    if (script) {
      reply = script.replies[Math.min(script.used, script.replies.length - 1)]!;
      script.used += 1;
    } else if (wantsSchema) {
      return error(res, 400, 'stand-in: no script matches this request, and a JSON schema answer needs one.', 'invalid_request_error', 'standin_no_script');
    } else {
      reply = { content: DEFAULT_TEXT };
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.status) {
      const type = reply.status === 429 ? 'requests' : reply.status >= 500 ? 'server_error' : 'invalid_request_error';
      return error(res, reply.status, `stand-in error ${reply.status}`, type, reply.errorCode ?? null);
    }

    const id = `chatcmpl-standin-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const content = reply.content ?? null;
    const toolCalls = (reply.toolCalls ?? []).map((t, i) => ({
      id: t.id ?? `call_standin_${seq}_${i}`,
      type: 'function' as const,
      function: { name: t.name, arguments: typeof t.arguments === 'string' ? t.arguments : JSON.stringify(t.arguments) },
    }));
    const finish = toolCalls.length ? 'tool_calls' : 'stop';
    const promptChars = JSON.stringify(body.messages).length;
    const usage = reply.usage ?? { prompt_tokens: tokens('x'.repeat(promptChars)), completion_tokens: tokens((content ?? '') + JSON.stringify(toolCalls)) };
    const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };

    if (body.stream !== true) {
      return json(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal: reply.refusal ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
            logprobs: null,
            finish_reason: finish,
          },
        ],
        usage: fullUsage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (delta: unknown, finishReason: string | null = null) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`);
    send({ role: 'assistant', content: '' });
    const pieces = reply.chunks ?? (content ? content.match(/[\s\S]{1,12}/g) ?? [] : []);
    for (const piece of pieces) {
      send({ content: piece });
      // Let each delta leave as its own TCP write, as a real stream does.
      await new Promise((r) => (reply.chunkDelayMs ? setTimeout(r, reply.chunkDelayMs) : setImmediate(r)));
    }
    if (reply.refusal) send({ refusal: reply.refusal });
    toolCalls.forEach((t, index) => send({ tool_calls: [{ index, id: t.id, type: 'function', function: { name: t.function.name, arguments: t.function.arguments } }] }));
    send({}, finish);
    if (body.stream_options?.include_usage) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: fullUsage })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  }

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      // Test-only control endpoints (not part of OpenAI's API).
      if (url.pathname === '/__standin/scripts' && req.method === 'POST') {
        try {
          const s = JSON.parse(raw) as StandinScript;
          if (typeof s.match !== 'string' || !s.match || !Array.isArray(s.replies) || !s.replies.length) throw new Error('bad');
          scripts.push({ ...s, used: 0 });
          return json(res, 201, { ok: true });
        } catch {
          return json(res, 400, { error: 'expected { match: string, replies: StandinReply[] }' });
        }
      }
      if (url.pathname === '/__standin/requests' && req.method === 'GET') {
        const match = url.searchParams.get('match');
        return json(res, 200, match ? requests.filter((r) => r.userText.includes(match)) : requests);
      }
      if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
        completions(req, res, raw).catch(() => error(res, 500, 'stand-in failure', 'server_error', null));
        return;
      }
      error(res, 404, `Unknown request URL: ${req.method} ${url.pathname}.`, 'invalid_request_error', 'unknown_url');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/v1`, scripts, requests, close: () => new Promise((r) => server.close(() => r())) };
}
