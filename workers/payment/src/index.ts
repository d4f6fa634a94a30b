import { createApp } from '@medicare/shared/http/app';

/** Bindings of the payment Worker: only this Worker will hold the SePay credentials. */
export interface PaymentBindings {
  DB: D1Database;
  EVENTS: Queue;
  ENVIRONMENT: string;
  DOCS_ASSETS_ORIGIN?: string;
}

export const app = createApp<{ Bindings: PaymentBindings }>({
  service: 'payment',
  prefix: '/v1/payments',
  title: 'Medicare Payment API',
  description: 'Bank-transfer payments: payment instructions with VietQR, the SePay webhook and reconciliation.',
});

export default { fetch: app.fetch } satisfies ExportedHandler<PaymentBindings>;
