import type { Hono } from 'hono';
import { MAX_IMAGE_FILE_BYTES } from '@medicare/shared/consultations/files';
import { allowBody } from '@medicare/shared/http/declared';
import type { ApiEnv } from './env';

/**
 * One public origin: the api Worker forwards each other Worker's public path prefix through its service binding.
 * In production each Worker can also keep its own route; these forwards keep a single base URL for clients.
 */
export const FORWARDS = [
  { prefix: '/v1/payments', binding: 'PAYMENT' },
  { prefix: '/v1/recommendations', binding: 'RECOMMENDATION' },
  { prefix: '/v1/hooks', binding: 'HOOK' },
  { prefix: '/v1/consumer', binding: 'CONSUMER' },
] as const;

/**
 * The api Worker's body cap on a forward: the largest body a satellite route accepts (#18: the photo search's one image
 * of at most 8 MiB, plus its form). Each satellite Worker caps its own routes (createApp's bodyLimits), tighter.
 */
export const FORWARD_MAX_BODY_BYTES = MAX_IMAGE_FILE_BYTES + 64 * 1024;

export function mountForwards(app: Hono<ApiEnv>) {
  for (const { prefix, binding } of FORWARDS) {
    // The fetched response's headers are immutable; copy it so this Worker's middleware can add its headers.
    const forward = async (c: { env: ApiEnv['Bindings']; req: { raw: Request } }) => {
      const res = await c.env[binding].fetch(c.req.raw);
      return new Response(res.body, res);
    };
    app.all(prefix, allowBody(FORWARD_MAX_BODY_BYTES), forward);
    app.all(`${prefix}/*`, allowBody(FORWARD_MAX_BODY_BYTES), forward);
  }
}
