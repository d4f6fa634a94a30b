import { sessionGuards } from '@medicare/shared/auth/session-guards';
import type { AuthBindings } from '@medicare/shared/http/auth';

/** Shoppers' access tokens, checked as the api Worker checks them (the session must still be live; same D1). */
export const { optionalUser } = sessionGuards((c) => (c.env as AuthBindings & { DB: D1Database }).DB);
