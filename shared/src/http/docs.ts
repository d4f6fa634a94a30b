/**
 * Interactive API docs (Swagger UI) served without any CDN: the api Worker serves swagger-ui-dist from its static
 * assets under /docs-assets/ (copied by scripts/prepare-assets.mjs). Other Workers' docs pages point at the same
 * files, through the api origin locally (one origin) or DOCS_ASSETS_ORIGIN in production.
 */
export function docsPage(title: string, specUrl: string, assetsOrigin = ''): string {
  const a = `${assetsOrigin}/docs-assets`;
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · API docs</title>
<link rel="stylesheet" href="${esc(a)}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${esc(a)}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });
</script>
</body>
</html>`;
}
