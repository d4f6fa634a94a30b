/**
 * Import steps (#14, ADR 0028): each `catalog.import_step` message runs one step of an import (parse, a chunk of the
 * dry run, a chunk of the commit), then the following ones itself for up to INLINE_BUDGET_MS, and queues the rest
 * (outbox row, published here at once; the api cron re-publishes
 * it if this send fails). Progress is in D1 (`imports`), so the console's progress bar reads it.
 */
import { D1CheckoutRepository } from '@medicare/shared/checkout/repo.d1';
import { publishOutbox } from '@medicare/shared/checkout/service';
import { IMPORT_STEP_EVENT, runImportSteps, type StepPayload } from '@medicare/shared/catalog/io/jobs.d1';
import { z } from '@hono/zod-openapi';
import type { EventHandler } from './process';

export interface ImportEnv {
  DB: D1Database;
  FILES_BUCKET: R2Bucket;
  EVENTS: Queue;
}

const StepSchema = z.object({ importId: z.string().min(10).max(40), phase: z.enum(['parse', 'validate', 'commit']), cursor: z.number().int().min(0) });

export { IMPORT_STEP_EVENT };

export function importStep<B extends ImportEnv>(): EventHandler<B> {
  return async (event, env) => {
    const p = StepSchema.safeParse(event.payload);
    if (!p.success) return; // a malformed step can't be fixed by retrying
    const advanced = await runImportSteps(env.DB, env.FILES_BUCKET, p.data as StepPayload, () => Date.now());
    if (advanced) await publishOutbox(new D1CheckoutRepository(env.DB), env.EVENTS, Date.now());
  };
}
