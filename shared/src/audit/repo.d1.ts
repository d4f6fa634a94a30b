/**
 * Reading the audit log (append-only: migrations/0015_audit_append_only.sql makes the database refuse UPDATE and
 * DELETE on it; nothing in the code base changes a row once written). Newest first with a keyset cursor over
 * (created_at, id), the actor's name joined, dates as Vietnam calendar days (`vietnamDayRange`, catalog/availability.ts).
 */
import { vietnamDayRange } from '../catalog/availability';
import { decodeCursor, encodeCursor } from '../catalog/cursor';
import { auditActionLabel, AUDIT_ENTITY_LABELS } from './actions';

export type AuditValue = string | number | boolean | null;

/**
 * The row's `data` as flat key → scalar pairs: nested objects become dotted keys (`from.role`), lists their JSON
 * text, so the answer has one typed shape whatever the action recorded.
 */
export function flattenAuditData(raw: string | null): Record<string, AuditValue> {
  if (raw === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { value: raw };
  }
  const out: Record<string, AuditValue> = {};
  const walk = (v: unknown, key: string) => {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key || 'value'] = v;
    else if (Array.isArray(v)) out[key || 'value'] = JSON.stringify(v);
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, key ? `${key}.${k}` : k);
  };
  walk(parsed, '');
  return out;
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string;
  action: string;
  actionLabel: string;
  entityType: string;
  entityLabel: string;
  entityId: string;
  /** The order's code when the entry is about an order (its id is not what staff know it by). */
  orderCode: string | null;
  data: Record<string, AuditValue>;
  createdAt: number;
}

const CURSOR_SORT = 'audit';

export async function listAudit(d: D1Database, q: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const eq = (col: string, v: string | undefined) => {
    if (v) {
      where.push(`${col} = ?`);
      params.push(v);
    }
  };
  eq('a.actor_id', q.actorId);
  eq('a.action', q.action);
  eq('a.entity_type', q.entityType);
  eq('a.entity_id', q.entityId);
  const { start, end } = vietnamDayRange(q.from, q.to);
  if (start !== null) {
    where.push('a.created_at >= ?');
    params.push(start);
  }
  if (end !== null) {
    where.push('a.created_at < ?');
    params.push(end);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor, CURSOR_SORT, 1);
    where.push('(a.created_at < ? OR (a.created_at = ? AND a.id < ?))');
    params.push(c.keys[0], c.keys[0], c.id);
  }
  const rows = await d
    .prepare(
      `SELECT a.id, a.actor_id AS actorId, u.name AS actorName, a.actor_role AS actorRole, a.action, a.entity_type AS entityType, a.entity_id AS entityId,
         a.data, a.created_at AS createdAt, o.code AS orderCode
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN orders o ON a.entity_type = 'order' AND o.id = a.entity_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
    )
    .bind(...params, q.limit + 1)
    .all<Omit<AuditEntry, 'actionLabel' | 'entityLabel' | 'data'> & { data: string | null }>();
  const page = rows.results.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...r,
      actionLabel: auditActionLabel(r.action),
      entityLabel: AUDIT_ENTITY_LABELS[r.entityType] ?? r.entityType,
      data: flattenAuditData(r.data),
    })),
    nextCursor: rows.results.length > q.limit && last ? encodeCursor({ sort: CURSOR_SORT, keys: [last.createdAt], id: last.id }) : null,
  };
}

/** Everyone who has an entry (the viewer's actor filter): id, current name and role, by name. */
export async function auditActors(d: D1Database): Promise<Array<{ id: string; name: string | null; role: string | null }>> {
  const rows = await d
    .prepare('SELECT a.actor_id AS id, u.name, u.role FROM (SELECT DISTINCT actor_id FROM audit_log WHERE actor_id IS NOT NULL) a LEFT JOIN users u ON u.id = a.actor_id ORDER BY u.name, a.actor_id LIMIT 500')
    .all<{ id: string; name: string | null; role: string | null }>();
  return rows.results;
}
