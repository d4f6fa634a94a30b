import { ValidationError } from '../errors';

/**
 * Opaque keyset cursor: the sort name plus the sort-key values and id of the last row of the page.
 * Encoded as base64url JSON. A cursor made for one sort is rejected for another.
 */
export interface Cursor {
  sort: string;
  keys: number[];
  id: string;
}

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

export function encodeCursor(c: Cursor): string {
  return toBase64Url(JSON.stringify([c.sort, c.keys, c.id]));
}

const invalid = () => new ValidationError('Con trỏ phân trang không hợp lệ.', undefined, 'INVALID_CURSOR');

export function decodeCursor(raw: string, expectedSort: string, keyCount: number): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(raw));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [sort, keys, id] = parsed as [unknown, unknown, unknown];
  if (sort !== expectedSort || typeof id !== 'string' || id.length === 0 || id.length > 64) throw invalid();
  if (!Array.isArray(keys) || keys.length !== keyCount || !keys.every((k) => typeof k === 'number' && Number.isFinite(k))) {
    throw invalid();
  }
  return { sort, keys: keys as number[], id };
}
