import { createApp } from '@medicare/shared/http/app';

/** Bindings of the recommendation Worker: only this Worker will hold the OpenAI key. */
export interface RecommendationBindings {
  DB: D1Database;
  ENVIRONMENT: string;
  DOCS_ASSETS_ORIGIN?: string;
}

export const app = createApp<{ Bindings: RecommendationBindings }>({
  service: 'recommendation',
  prefix: '/v1/recommendations',
  title: 'Medicare Recommendation API',
  description: 'Product recommendations, the pharmacist-assistant chat and prescription extraction.',
});

export default { fetch: app.fetch } satisfies ExportedHandler<RecommendationBindings>;
