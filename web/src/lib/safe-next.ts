/**
 * The one rule for "where to go after signing in" (`?next=`): only a path on this site is followed. The value is
 * resolved with the WHATWG URL parser against a placeholder origin, exactly as the browser would resolve it, so the
 * tricks that hand-written prefix checks miss are caught: a backslash (`/\evil.example` is `//evil.example` to the
 * browser), tabs and newlines the parser strips (`/<TAB>/evil.example`), `..` segments that collapse into `//host`,
 * and `javascript:` or absolute URLs. Anything else falls back to `fallback`.
 */
const PLACEHOLDER = 'https://next.medicare.invalid';

export function safeNextPath(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || !raw.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER) return fallback;
  // The normalised path is what gets navigated to: it must not itself read as a protocol-relative URL.
  if (url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A sign-in (or sign-up) link that comes back to `path` afterwards. */
export function signInHref(path: string, page: '/dang-nhap' | '/dang-ky' = '/dang-nhap'): string {
  return `${page}?next=${encodeURIComponent(safeNextPath(path))}`;
}
