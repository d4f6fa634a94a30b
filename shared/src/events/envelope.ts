import { z } from '@hono/zod-openapi';

/**
 * Every message on the events queue. `id` is the outbox row id: the consumer's dedupe key and the handle by which
 * the outbox row is acknowledged. Payloads carry ids and codes, never personal or health data.
 */
export const EventEnvelopeSchema = z.object({
  id: z.string().min(10).max(40),
  type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
  aggregateType: z.string().min(1).max(40),
  aggregateId: z.string().min(1).max(60),
  occurredAt: z.number().int().nonnegative(),
  payload: z.record(z.string(), z.unknown()),
});

export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
