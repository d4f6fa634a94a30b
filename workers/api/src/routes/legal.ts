import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SlugParamSchema } from '@medicare/shared/catalog/schemas';
import { errorResponses } from '@medicare/shared/http/app';
import { CompanyProfileSchema, companyFromEnv } from '@medicare/shared/legal/company';
import { getPolicy, listPolicies, PolicySchema, PolicySummarySchema } from '@medicare/shared/legal/policies';
import { catalogCache } from '../cache';
import type { ApiEnv } from '../env';

const tags = ['Legal'];
const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

export const LegalSchema = z.object({ company: CompanyProfileSchema, policies: z.array(PolicySummarySchema) }).openapi('Legal');

const legalRoute = createRoute({
  method: 'get',
  path: '/v1/legal',
  tags,
  summary: 'The company profile (registration, tax code, licences, e-commerce badge) and the published policy pages: the storefront footer (public)',
  responses: { 200: json(LegalSchema, 'Company and policies') },
});
const policyRoute = createRoute({
  method: 'get',
  path: '/v1/policies/{slug}',
  tags,
  summary: 'One published policy page with its Markdown body and version (public)',
  request: { params: SlugParamSchema },
  responses: { 200: json(PolicySchema, 'Policy'), ...errorResponses(400, 404) },
});

/**
 * Same answer for everyone, behind the catalogue edge cache: policies are articles (their writes bump the catalogue
 * version, migrations/0019), the company profile is the deployment's configuration (ADR 0041).
 */
const base = new OpenAPIHono<ApiEnv>();
base.use('/v1/legal', catalogCache());
base.use('/v1/policies/*', catalogCache());
export const legalRoutes = base
  .openapi(legalRoute, async (c) => c.json({ company: companyFromEnv(c.env), policies: await listPolicies(c.var.db) }, 200))
  .openapi(policyRoute, async (c) => c.json(await getPolicy(c.var.db, c.req.valid('param').slug), 200));
