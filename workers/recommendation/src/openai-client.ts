/**
 * #18: the one place the recommendation Worker builds its OpenAI client (the key never leaves this Worker). Without
 * `OPENAI_API_KEY` there is no client and every AI feature answers its labelled fallback, so `npm run dev` needs no
 * secret. `OPENAI_BASE_URL` points tests at the local stand-in (test/standins/openai-standin.ts).
 */
import OpenAI from 'openai';

export interface OpenAIBindings {
  /** Secret. Absent: every AI feature answers its labelled fallback (no model). */
  OPENAI_API_KEY?: string;
  /** Default https://api.openai.com/v1 (the SDK's); tests point it at the stand-in. */
  OPENAI_BASE_URL?: string;
  /** Vision model for prescriptions and drug boxes (default `gpt-4o-mini`: reads printed and handwritten text well enough for a draft a pharmacist checks). */
  OPENAI_VISION_MODEL?: string;
  /** Per-request timeout in ms (default 20000). */
  OPENAI_TIMEOUT_MS?: string;
}

export const DEFAULT_VISION_MODEL = 'gpt-4o-mini';

/**
 * The client, or null without a key. Defaults (vision calls): `OPENAI_TIMEOUT_MS` or 20 s, one retry — a vision call is
 * slow and billed, and its caller answers a clear error rather than waiting for more. The assistant passes its own turn
 * budget and no retry.
 */
export function openaiClient(env: Pick<OpenAIBindings, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_TIMEOUT_MS'>, opts: { timeoutMs?: number; maxRetries?: number } = {}): OpenAI | null {
  if (!env.OPENAI_API_KEY) return null;
  const timeout = opts.timeoutMs ?? (Number(env.OPENAI_TIMEOUT_MS) > 0 ? Number(env.OPENAI_TIMEOUT_MS) : 20_000);
  return new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL || undefined, timeout, maxRetries: opts.maxRetries ?? 1 });
}

export const visionModel = (env: OpenAIBindings) => env.OPENAI_VISION_MODEL || DEFAULT_VISION_MODEL;
