// Copies the Swagger UI files the /docs pages need from swagger-ui-dist into the api Worker's static assets,
// so the docs work offline and no page loads anything from a CDN. Idempotent; run before dev, test and deploy.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('swagger-ui-dist/package.json'));
const out = join(root, 'workers/api/public/docs-assets');
mkdirSync(out, { recursive: true });
for (const f of ['swagger-ui.css', 'swagger-ui-bundle.js']) copyFileSync(join(dist, f), join(out, f));
