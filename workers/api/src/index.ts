import { app } from './app';
import type { ApiBindings } from './env';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<ApiBindings>;
