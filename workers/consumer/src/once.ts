import { newId } from '@medicare/shared/ids';

/**
 * How long a claimed side effect belongs to the invocation that claimed it. Longer than any handler runs (an invoice
 * render and an email take seconds); if the invocation dies, the effect can be claimed again after it.
 */
export const EFFECT_LEASE_MS = 5 * 60_000;

/** A side effect, named by its dedupe key and kind: a row of `consumed_events` (`event_id`, `handler`). */
export interface Effect {
  key: string;
  kind: string;
}

/**
 * Another invocation holds the effect's claim (the same message delivered twice at once, or another event that
 * announces the same thing): the message must come back after `retryAfterMs`, when the effect is either done (and
 * skipped) or its holder's lease has passed (and it is done then).
 */
export class EffectClaimed extends Error {
  constructor(
    readonly effect: Effect,
    readonly retryAfterMs: number,
  ) {
    super(`EFFECT_CLAIMED: ${effect.kind}`);
  }
}

/**
 * Runs `effect` at most once to completion across concurrent invocations, and again only if an attempt failed or died:
 * 1. claim: an upsert that takes the row only when there is none or its lease has passed, read back in the same batch
 *    (D1 runs a batch as one transaction, so of two invocations exactly one sees its own token);
 * 2. done already → `'done'` without running; claimed by a live other → `EffectClaimed`;
 * 3. run; on failure the claim is given back (so the retry may run it at once) and the error rethrown;
 * 4. mark done, together with `alsoOnDone(now)` (e.g. the outbox acknowledgement), in one batch.
 */
export async function once(db: D1Database, effect: Effect, run: () => Promise<unknown>, alsoOnDone: (now: number) => D1PreparedStatement[] = () => []): Promise<'ran' | 'done'> {
  const owner = newId();
  const now = Date.now();
  const [, read] = await db.batch([
    db
      .prepare(
        `INSERT INTO consumed_events (event_id, handler, processed_at, claimed_by, lease_until) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (event_id, handler) DO UPDATE SET processed_at = excluded.processed_at, claimed_by = excluded.claimed_by, lease_until = excluded.lease_until
         WHERE consumed_events.lease_until IS NOT NULL AND consumed_events.lease_until <= ?3`,
      )
      .bind(effect.key, effect.kind, now, owner, now + EFFECT_LEASE_MS),
    db.prepare('SELECT claimed_by AS claimedBy, lease_until AS leaseUntil FROM consumed_events WHERE event_id = ? AND handler = ?').bind(effect.key, effect.kind),
  ]);
  const row = read!.results[0] as { claimedBy: string | null; leaseUntil: number | null };
  if (row.leaseUntil === null) return 'done';
  if (row.claimedBy !== owner) throw new EffectClaimed(effect, row.leaseUntil - now);
  const mine = 'event_id = ? AND handler = ? AND claimed_by = ? AND lease_until IS NOT NULL';
  try {
    await run();
  } catch (err) {
    await db.prepare(`DELETE FROM consumed_events WHERE ${mine}`).bind(effect.key, effect.kind, owner).run().catch(() => undefined);
    throw err;
  }
  const done = Date.now();
  await db.batch([db.prepare(`UPDATE consumed_events SET lease_until = NULL, processed_at = ? WHERE ${mine}`).bind(done, effect.key, effect.kind, owner), ...alsoOnDone(done)]);
  return 'ran';
}
