export { formatVnd } from '../../../shared/src/text';

/** Query-string helpers for listing pages: the URL is the state (filters, sort, cursor). */
export function withParam(params: URLSearchParams, key: string, value: string | null): string {
  const next = new URLSearchParams(params);
  if (value === null || value === '') next.delete(key);
  else next.set(key, value);
  next.delete('cursor');
  const s = next.toString();
  return s ? `?${s}` : '';
}
