/**
 * THE statement that appends an audit entry, typed by the action vocabulary (actions.ts), so an action without a
 * Vietnamese label does not compile. `when`: `'always'`, `'changed'` (only if the statement just before it in the
 * batch changed exactly one row: the guarded write it records), or a SQL condition.
 */
import { newId } from '../ids';
import type { AuditAction } from './actions';

export interface AuditWrite {
  actor: { id: string | null; role: string };
  action: AuditAction;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  /** Give the row a known id (to condition later statements of the batch on it). */
  id?: string;
}

export function auditStatement(d: D1Database, e: AuditWrite, now: number, when: 'always' | 'changed' | { sql: string; binds?: unknown[] } = 'always'): D1PreparedStatement {
  const cond = when === 'always' ? '' : when === 'changed' ? ' WHERE changes() = 1' : ` WHERE ${when.sql}`;
  return d
    .prepare(`INSERT INTO audit_log (id, actor_id, actor_role, action, entity_type, entity_id, data, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?${cond}`)
    .bind(e.id ?? newId(), e.actor.id, e.actor.role, e.action, e.entityType, e.entityId, JSON.stringify(e.data), now, ...(typeof when === 'object' ? (when.binds ?? []) : []));
}

/**
 * Reads back, in the same batch, whether the audit row `id` was written: the robust success check of a guarded write
 * (D1's `meta.changes` also counts the rows triggers touch, so `=== 1` on it is wrong whenever a trigger fires).
 * Put it last in the batch and pass its result to `auditWritten`.
 */
export const auditReadBack = (d: D1Database, id: string): D1PreparedStatement => d.prepare('SELECT EXISTS (SELECT 1 FROM audit_log WHERE id = ?) AS written').bind(id);
export const auditWritten = (r: D1Result | undefined): boolean => Boolean((r?.results[0] as { written?: number } | undefined)?.written);
