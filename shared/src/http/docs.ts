/**
 * Interactive API docs (Swagger UI) served without any CDN: the api Worker serves swagger-ui-dist from its static
 * assets under /docs-assets/ (copied by scripts/prepare-assets.mjs). Other Workers' docs pages point at the same
 * files, through the api origin locally (one origin) or DOCS_ASSETS_ORIGIN in production.
 *
 * The page carries a Content-Security-Policy: scripts and styles only from the assets origin, the one inline script
 * allowed by its hash, the spec fetched from this origin, nothing framed, no plugins.
 */
const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string);

/** The page's only inline script (its hash is what the CSP allows). No validator badge: it would call a third party. */
function initScript(specUrl: string): string {
  return `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true, validatorUrl: null });`;
}

export function docsPage(title: string, specUrl: string, assetsOrigin = ''): string {
  const a = `${assetsOrigin}/docs-assets`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · API docs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${esc(a)}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${esc(a)}/swagger-ui-bundle.js"></script>
<script>${initScript(specUrl)}</script>
</body>
</html>`;
}

/**
 * The docs page's Content-Security-Policy. Checked in Chromium against the bundled Swagger UI (load, expand an
 * operation, "Try it out", execute): no violation; its run-time styles go through the CSSOM, which CSP allows.
 */
export async function docsContentSecurityPolicy(specUrl: string, assetsOrigin = ''): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(initScript(specUrl))));
  const hash = btoa(String.fromCharCode(...digest));
  const assets = assetsOrigin ? ` ${assetsOrigin}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${assets} 'sha256-${hash}'`,
    `style-src 'self'${assets}`,
    `img-src 'self'${assets} data:`,
    `font-src 'self'${assets} data:`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
