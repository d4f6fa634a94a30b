/**
 * Platform settings (issue 15, migration 0023, ADR 0030): the epidemic exception switch. Law 44/2024/QH15 lets
 * prescription drugs be sold online only during an officially declared group-A epidemic, under Ministry of Health rules.
 * The switch is off by default; an admin turns it on or off with a note (the declaration), audited in the same batch.
 * It is read by THE online prescription rule (`rxLineProblem`, checkout/pricing.ts) and by the advice split
 * (consultations/advice.ts).
 */
import { z } from '@hono/zod-openapi';
import { auditStatement } from '../audit/write.d1';
import { newId } from '../ids';

export const RX_ONLINE_EXCEPTION = 'rx_online_exception';

export const RxOnlineExceptionSchema = z
  .object({
    enabled: z.boolean(),
    note: z.string().nullable().openapi({ description: 'Why it was last changed (e.g. the Ministry of Health epidemic declaration)' }),
    changedAt: z.number().int().nullable().openapi({ description: 'Unix time in milliseconds' }),
    changedByName: z.string().nullable(),
  })
  .openapi('RxOnlineException');
export type RxOnlineException = z.infer<typeof RxOnlineExceptionSchema>;

export const SettingsSchema = z.object({ rxOnlineException: RxOnlineExceptionSchema }).openapi('PlatformSettings');

export const RxOnlineExceptionBodySchema = z
  .object({
    enabled: z.boolean(),
    note: z.string().trim().min(5, 'Cần ghi rõ căn cứ thay đổi (ít nhất 5 ký tự), ví dụ quyết định công bố dịch của Bộ Y tế.').max(1000),
  })
  .strict()
  .openapi('RxOnlineExceptionBody');

/** SQL: 1 while the epidemic exception is on (the same reading as `readRxOnlineException(...).enabled`). */
export const rxOnlineExceptionSql = `(COALESCE((SELECT value FROM platform_settings WHERE key = '${RX_ONLINE_EXCEPTION}'), 'false') = 'true')`;

/** The statement reading the switch, for a caller's own D1 batch (`rxOnlineExceptionFrom` reads its result). */
export const rxOnlineExceptionStatement = (d: D1Database) => d.prepare(`SELECT ${rxOnlineExceptionSql} AS enabled`);
export const rxOnlineExceptionFrom = (r: D1Result | undefined): boolean => Boolean((r?.results[0] as { enabled?: number } | undefined)?.enabled);

export async function readRxOnlineException(d: D1Database): Promise<RxOnlineException> {
  const r = await d
    .prepare(
      `SELECT s.value, s.note, s.changed_at AS changedAt, u.name AS changedByName FROM platform_settings s LEFT JOIN users u ON u.id = s.changed_by WHERE s.key = ?`,
    )
    .bind(RX_ONLINE_EXCEPTION)
    .first<{ value: string; note: string | null; changedAt: number | null; changedByName: string | null }>();
  return { enabled: r?.value === 'true', note: r?.note ?? null, changedAt: r?.changedAt ?? null, changedByName: r?.changedByName ?? null };
}

/**
 * Sets the switch and audits the change, in ONE batch. Setting it to the value it already has still records the note
 * (an admin confirming it is an audited act too). Returns whether the audit row was written.
 */
export async function setRxOnlineException(d: D1Database, input: { enabled: boolean; note: string; actor: { id: string | null; role: string } }, now: number): Promise<void> {
  const auditId = newId();
  await d.batch([
    d
      .prepare(
        `INSERT INTO platform_settings (key, value, note, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, note = excluded.note, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
      )
      .bind(RX_ONLINE_EXCEPTION, input.enabled ? 'true' : 'false', input.note, input.actor.id, now),
    auditStatement(
      d,
      {
        id: auditId,
        actor: input.actor,
        action: 'settings.rx_online_exception',
        entityType: 'platform_setting',
        entityId: RX_ONLINE_EXCEPTION,
        data: { enabled: input.enabled, note: input.note },
      },
      now,
    ),
  ]);
}
