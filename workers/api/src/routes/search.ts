import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { FacetsSchema, ProductSummarySchema, SearchQuerySchema } from '@medicare/shared/catalog/schemas';
import { errorResponses } from '@medicare/shared/http/app';
import { intQuery } from '@medicare/shared/http/query';
import { searchProducts, suggest } from '@medicare/shared/search/service';
import { elasticConfig, searchIndex } from '../adapters';
import { catalogCache } from '../cache';
import type { ApiEnv } from '../env';

const tags = ['Search'];
const Count = z.number().int();
const SearchResponseSchema = z
  .object({
    query: z.object({ q: z.string(), tokens: z.array(z.string()), corrections: z.record(z.string(), z.array(z.string())) }),
    items: z.array(ProductSummarySchema),
    total: Count,
    nextCursor: z.string().nullable(),
    facets: FacetsSchema,
  })
  .openapi('SearchResult');

const SuggestResponseSchema = z
  .object({
    query: z.string(),
    products: z.array(
      z.object({ slug: z.string(), name: z.string(), prescriptionRequired: z.boolean(), purchaseMode: z.enum(['cart', 'consultation']), image: z.string().nullable(), price: Count, inStock: z.boolean() }),
    ),
    brands: z.array(z.object({ slug: z.string(), name: z.string() })),
    categories: z.array(z.object({ slug: z.string(), name: z.string() })),
    ingredients: z.array(z.object({ slug: z.string(), name: z.string() })),
  })
  .openapi('Suggestions');

/** #16: which engine answered (ADR 0035). */
const backendHeader = {
  'X-Search-Backend': {
    description: '`d1` (SQLite FTS5), `elastic` (Elasticsearch), or `d1-fallback` (Elasticsearch failed or timed out; D1 answered)',
    schema: { type: 'string' as const, enum: ['d1', 'elastic', 'd1-fallback'] },
  },
};

const searchRoute = createRoute({
  method: 'get',
  path: '/v1/search',
  tags,
  summary: 'Full-text product search with the listing filters, sorts, cursor paging and facet counts',
  description:
    'Accents optional both ways (đ ↔ d included), the last word matched as a prefix, one typo forgiven on words of 5+ letters ' +
    '(two on 9+), synonyms from data (ingredient ↔ brand, symptom → indication, abbreviations). Relevance ranks products that ' +
    'contain every word first, then sellable ones, then weighted BM25 (name, brand > ingredients > indications > description). ' +
    'Prescription-only products are found and marked `purchaseMode: "consultation"`.',
  request: { query: SearchQuerySchema },
  responses: { 200: { description: 'Results and facets', headers: backendHeader, content: { 'application/json': { schema: SearchResponseSchema } } }, ...errorResponses(400, 404) },
});

const SuggestQuerySchema = z.object({
  q: z.string().max(1000).openapi({ example: 'parac' }),
  limit: intQuery(1, 10, 6),
});

const suggestRoute = createRoute({
  method: 'get',
  path: '/v1/search/suggest',
  tags,
  summary: 'Autocomplete as the shopper types: products, brands, categories, ingredients',
  request: { query: SuggestQuerySchema },
  responses: { 200: { description: 'Suggestions', headers: backendHeader, content: { 'application/json': { schema: SuggestResponseSchema } } }, ...errorResponses(400) },
});

/** Middleware first; the routes are chained onto it below so `AppType` (hono/client) sees every route. */
const base = new OpenAPIHono<ApiEnv>();
// The key names the configured engine: its cursors are its own (ADR 0035), so a switch never serves the other's pages.
base.use('/v1/search/*', catalogCache({ '/v1/search': SearchQuerySchema, '/v1/search/suggest': SuggestQuerySchema }, (c) => (elasticConfig(c.env) ? 'elastic' : 'd1')));
export const searchRoutes = base
  .openapi(searchRoute, async (c) => c.json(await searchProducts(searchIndex(c), c.req.valid('query'), Date.now()), 200))
  .openapi(suggestRoute, async (c) => {
    const { q, limit } = c.req.valid('query');
    return c.json(await suggest(searchIndex(c), q, limit, Date.now()), 200);
  });
