// Part of `npm run lint`: web/src must not cast the api's types (see scripts/lib/web-casts.mjs, #13).
import { webCasts } from './lib/web-casts.mjs';

const found = webCasts();
if (found.length) {
  console.error(`web/src must not cast the api's types (\`as never\`, \`as unknown as\`): derive them from hono/client (InferResponseType) instead.\n${found.join('\n')}`);
  process.exit(1);
}
