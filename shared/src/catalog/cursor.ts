import { ValidationError } from '../errors';

/**
 * Opaque keyset cursor: the sort name plus the sort-key values and id of the last row of the page.
 * Encoded as base64url JSON. A cursor made for one sort is rejected for another.
 */
export interface Cursor<K extends number | string = number> {
  sort: string;
  keys: K[];
  id: string;
}

/** What each sort-key value of a cursor must be: a finite number (default) or a string of at most 400 characters. */
export type CursorKeyKind = 'number' | 'string';

function toBase64Url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
}

export function encodeCursor(c: Cursor<number | string>): string {
  return toBase64Url(JSON.stringify([c.sort, c.keys, c.id]));
}

/** The 400 INVALID_CURSOR error (one owner for its code and message). */
export const invalidCursor = () => new ValidationError('Con trỏ phân trang không hợp lệ.', undefined, 'INVALID_CURSOR');
const invalid = invalidCursor;

export function decodeCursor(raw: string, expectedSort: string, keyCount: number): Cursor;
/** With `kinds`: one kind per sort key (e.g. a name sort's string key), checked per position. */
export function decodeCursor(raw: string, expectedSort: string, kinds: readonly CursorKeyKind[]): Cursor<number | string>;
export function decodeCursor(raw: string, expectedSort: string, shape: number | readonly CursorKeyKind[]): Cursor<number | string> {
  const kinds: readonly CursorKeyKind[] = typeof shape === 'number' ? Array.from({ length: shape }, () => 'number' as const) : shape;
  const keyOk = (k: unknown, kind: CursorKeyKind) => (kind === 'number' ? typeof k === 'number' && Number.isFinite(k) : typeof k === 'string' && k.length <= 400);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(raw));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [sort, keys, id] = parsed as [unknown, unknown, unknown];
  if (sort !== expectedSort || typeof id !== 'string' || id.length === 0 || id.length > 64) throw invalid();
  if (!Array.isArray(keys) || keys.length !== kinds.length || !keys.every((k, i) => keyOk(k, kinds[i]!))) {
    throw invalid();
  }
  return { sort, keys: keys as Array<number | string>, id };
}
