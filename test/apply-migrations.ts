import { applyD1Migrations, env } from 'cloudflare:test';
import { installAnswerRecorder } from './openapi-coverage';

// Every workerd test file starts from the real migrations (the same files wrangler applies).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Every answer a test gets from the Worker under test must be declared in that Worker's OpenAPI document.
installAnswerRecorder();
