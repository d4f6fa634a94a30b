import { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '@medicare/shared/http/app';
import { d1PerRequest, mongoPerRequest } from './middleware';
import type { ApiEnv } from './env';
import { mountForwards } from './proxy';
import { adminCatalogRoutes } from './routes/admin-catalog';
import { catalogRoutes } from './routes/catalog';
import { imageRoutes } from './routes/images';
import { locationRoutes } from './routes/locations';
import { searchRoutes } from './routes/search';
import { authRoutes } from './routes/auth';
import { meRoutes } from './routes/me';
import { adminUserRoutes } from './routes/admin-users';
import { devRoutes } from './routes/dev';
import { pharmacistRoutes } from './routes/pharmacists';
import { orderRoutes } from './routes/orders';
import { cartRoutes } from './routes/cart';
import { voucherRoutes } from './routes/vouchers';
import { adminPaymentRoutes } from './routes/admin-payments';
import { adminOrderRoutes } from './routes/admin-orders';
import { adminEventRoutes } from './routes/admin-events';
import { adminAuditRoutes } from './routes/admin-audit';
import { articleRoutes } from './routes/articles';
import { adminDashboardRoutes } from './routes/admin-dashboard';
import { adminProductRoutes } from './routes/admin-products';
import { adminApprovalRoutes } from './routes/admin-approvals';
import { adminStockRoutes } from './routes/admin-stock';
import { adminProductListRoutes } from './routes/admin-product-list';
import { adminProductMediaRoutes } from './routes/admin-product-media';
import { adminCategoryRoutes } from './routes/admin-categories';
import { adminBrandRoutes } from './routes/admin-brands';
import { adminArticleRoutes } from './routes/admin-articles';
import { adminImportRoutes } from './routes/admin-imports';
import { consultationRoutes } from './routes/consultations';
import { pharmacistConsultationRoutes } from './routes/pharmacist-consultations';
import { pickupRoutes } from './routes/pickups';
import { pharmacistAdviceRoutes } from './routes/pharmacist-advice';
import { adminPharmacyRoutes } from './routes/admin-pharmacy';
import { chatRoutes } from './routes/chat';
import { pharmacistChatRoutes } from './routes/pharmacist-chat';
import { adminSearchRoutes } from './routes/admin-search';
import { reviewRoutes } from './routes/reviews';
import { adminReviewRoutes } from './routes/admin-reviews';
import { questionRoutes } from './routes/questions';
import { pharmacistQuestionRoutes } from './routes/pharmacist-questions';
import { discoveryRoutes } from './routes/discovery';
import { legalRoutes } from './routes/legal';
import { meDataRoutes } from './routes/me-data';
import { stockAlertRoutes } from './routes/stock-alerts';
import { refillReminderRoutes } from './routes/refill-reminders';
import { pharmacistRxDraftRoutes } from './routes/pharmacist-rx-drafts';

/** Every api route, chained so its type carries each path and schema (the web app's hono/client uses `AppType`). */
export function apiRoutes() {
  return new OpenAPIHono<ApiEnv>()
    .route('/', catalogRoutes)
    .route('/', searchRoutes)
    .route('/', imageRoutes)
    .route('/', locationRoutes)
    .route('/', adminCatalogRoutes)
    .route('/', authRoutes)
    .route('/', meRoutes)
    .route('/', adminUserRoutes)
    .route('/', pharmacistRoutes)
    .route('/', orderRoutes)
    .route('/', cartRoutes)
    .route('/', voucherRoutes)
    .route('/', adminPaymentRoutes)
    .route('/', adminOrderRoutes)
    .route('/', adminEventRoutes)
    .route('/', adminAuditRoutes)
    .route('/', articleRoutes)
    .route('/', adminDashboardRoutes)
    .route('/', adminProductRoutes)
    .route('/', adminApprovalRoutes)
    .route('/', adminStockRoutes)
    .route('/', adminProductListRoutes) // #14 products
    .route('/', adminProductMediaRoutes) // #14 products
    .route('/', adminCategoryRoutes)
    .route('/', adminBrandRoutes)
    .route('/', adminArticleRoutes)
    .route('/', adminImportRoutes)
    .route('/', consultationRoutes) // #15 consult
    .route('/', pharmacistConsultationRoutes) // #15 consult
    .route('/', pharmacistAdviceRoutes) // #15 advice
    .route('/', pickupRoutes) // #15 advice
    .route('/', adminPharmacyRoutes) // #15 advice
    .route('/', chatRoutes) // #15 chat
    .route('/', pharmacistChatRoutes) // #15 chat
    .route('/', adminSearchRoutes) // #16 search origin
    .route('/', reviewRoutes) // #17 reviews
    .route('/', adminReviewRoutes) // #17 reviews
    .route('/', questionRoutes) // #17 questions
    .route('/', pharmacistQuestionRoutes) // #17 questions
    .route('/', discoveryRoutes) // #17 discovery
    .route('/', legalRoutes) // #17 legal
    .route('/', meDataRoutes) // #17 legal
    .route('/', stockAlertRoutes) // #17 alerts
    .route('/', refillReminderRoutes) // #17 alerts
    .route('/', pharmacistRxDraftRoutes) // #18 rx reading
    .route('/', devRoutes);
}

export function buildApp() {
  const app = createApp<ApiEnv>({
    service: 'api',
    prefix: '',
    title: 'Medicare API',
    description: 'Catalogue, search, accounts, cart, checkout, orders, content, pharmacist and admin APIs of the Medicare online pharmacy.',
  });
  mountForwards(app);
  app.use('/v1/*', d1PerRequest());
  app.use('/v1/*', mongoPerRequest());
  app.use('/dev/*', d1PerRequest());
  return app.route('/', apiRoutes());
}

export const app = buildApp();
/** The typed surface of the api Worker for `hc<AppType>()` (health/docs routes and the satellite forwards excluded). */
export type AppType = ReturnType<typeof apiRoutes>;
