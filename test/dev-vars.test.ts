/**
 * #18: the e2e stack gives the recommendation Worker (only it) a model through its .dev.vars, and every start rewrites
 * that: a stack started without one (`npm run dev`, the bench) must not inherit the e2e stand-in's key and dead URL,
 * and the shopper's own lines (a real OPENAI_API_KEY they put there) stay.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setCatalogVars, setModelVars } from '../scripts/lib/dev-vars.mjs';

describe('recommendation Worker model vars (#18)', () => {
  it('writes the given model once, replaces it on the next start and removes it without one, keeping the other lines', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dev-vars-')), '.dev.vars');
    const own = 'ENVIRONMENT=development\nOPENAI_MODEL=gpt-x\n';
    writeFileSync(file, own);
    setModelVars({ baseUrl: 'http://127.0.0.1:40001/v1', apiKey: 'sk-e2e-1' }, file);
    setModelVars({ baseUrl: 'http://127.0.0.1:40002/v1', apiKey: 'sk-e2e-2' }, file);
    const withModel = readFileSync(file, 'utf8');
    expect(withModel.startsWith(own)).toBe(true);
    expect(withModel.match(/^OPENAI_API_KEY=.*$/gm)).toEqual(['OPENAI_API_KEY=sk-e2e-2']);
    expect(withModel.match(/^OPENAI_BASE_URL=.*$/gm)).toEqual(['OPENAI_BASE_URL=http://127.0.0.1:40002/v1']);
    setModelVars(null, file);
    expect(readFileSync(file, 'utf8')).toBe(own);
  });
});

describe('api Worker catalogue origin vars (#19)', () => {
  it('writes CATALOG_BACKEND=mongo and the origin for one run, replaces them on the next start and removes them without one', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dev-vars-')), '.dev.vars');
    const own = 'ENVIRONMENT=development\nJWT_SECRET=abc\n';
    writeFileSync(file, own);
    setCatalogVars({ uri: 'mongodb://127.0.0.1:40001/?directConnection=true', db: 'medicare' }, file);
    setCatalogVars({ uri: 'mongodb://127.0.0.1:40002/?directConnection=true', db: 'medicare_dev', client: 'durable-object' }, file);
    const vars = readFileSync(file, 'utf8');
    expect(vars.startsWith(own)).toBe(true);
    expect(vars.match(/^(CATALOG_BACKEND|MONGODB_[A-Z]+)=.*$/gm)).toEqual([
      'CATALOG_BACKEND=mongo',
      'MONGODB_URI=mongodb://127.0.0.1:40002/?directConnection=true',
      'MONGODB_DB=medicare_dev',
      'MONGODB_CLIENT=durable-object',
    ]);
    setCatalogVars(null, file);
    expect(readFileSync(file, 'utf8')).toBe(own);
  });
});
