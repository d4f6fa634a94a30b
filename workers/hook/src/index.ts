import { createApp } from '@medicare/shared/http/app';

/** Bindings of the hook Worker (carrier webhooks). */
export interface HookBindings {
  DB: D1Database;
  EVENTS: Queue;
  ENVIRONMENT: string;
  DOCS_ASSETS_ORIGIN?: string;
}

export const app = createApp<{ Bindings: HookBindings }>({
  service: 'hook',
  prefix: '/v1/hooks',
  title: 'Medicare Carrier Hooks',
  description: 'Delivery-status webhooks from GHN and GHTK.',
});

export default { fetch: app.fetch } satisfies ExportedHandler<HookBindings>;
