/**
 * The console's gate, on the server: who is calling, from `GET /v1/me` with the visitor's cookies, before anything of
 * the console renders. Cached per request (React `cache`), so the layout and the page share one call.
 */
import type { InferResponseType } from 'hono/client';
import { headers } from 'next/headers';
import { cache } from 'react';
import { serverApi, type Api } from './api';

export type Me = InferResponseType<Api['v1']['me']['$get'], 200>;
export type StaffRole = 'admin' | 'pharmacist';

export const isStaffRole = (role: Me['role']): role is StaffRole => role === 'admin' || role === 'pharmacist';

export type StaffSession =
  /** No valid access token: the 15-minute token expired (a refresh may revive it) or nobody is signed in. */
  | { state: 'signed-out' }
  /** Signed in without a staff role (a customer). */
  | { state: 'forbidden'; me: Me }
  | { state: 'staff'; me: Me & { role: StaffRole }; api: Api };

/** The caller, as the api sees them; the typed client it returns forwards the same cookies. */
export const staffSession = cache(async (): Promise<StaffSession> => {
  const cookie = (await headers()).get('cookie') ?? undefined;
  const api = await serverApi(cookie);
  const res = await api.v1.me.$get();
  if (!res.ok) {
    const status: number = res.status;
    if (status === 401) return { state: 'signed-out' };
    throw new Error(`GET /v1/me answered ${status}`);
  }
  const me = await res.json();
  const role = me.role;
  if (!isStaffRole(role)) return { state: 'forbidden', me };
  return { state: 'staff', me: { ...me, role }, api };
});

/** Roles allowed per console screen (the navigation and every page read it; the api enforces the same on its routes). */
export const SCREEN_ROLES = {
  overview: ['admin', 'pharmacist'],
  orders: ['admin', 'pharmacist'],
  payments: ['admin'],
  dashboard: ['admin'],
  users: ['admin'],
  audit: ['admin'],
  deadLetters: ['admin'],
  categories: ['admin'], // #14 content
  brands: ['admin'], // #14 content
  articles: ['admin'], // #14 content
  vouchers: ['admin'], // #14 cstock
  stock: ['admin', 'pharmacist'], // #14 cstock (pharmacists read; writes are admin-only, as the api)
  imports: ['admin'], // #14 cstock
  products: ['admin', 'pharmacist'],
  approvals: ['pharmacist', 'admin'],
  consultations: ['pharmacist', 'admin'], // #15 (admins read; claim, advise, reject are the pharmacist's, as the api)
  pickups: ['pharmacist', 'admin'], // #15 (admins read; dispense and cancel are the pharmacist's)
  pharmacies: ['admin'], // #15 pharmacy locations
  settings: ['admin'], // #15 the epidemic exception switch
  chat: ['pharmacist'], // #15 chatui (the api's /v1/pharmacist/chats routes are the pharmacist's)
  reviews: ['pharmacist', 'admin'], // #17 reviews (both moderate; replies are the pharmacist's, as the api)
  questions: ['pharmacist', 'admin'], // #17 questions (both answer and hide, as the api)
} as const satisfies Record<string, readonly StaffRole[]>;
export type Screen = keyof typeof SCREEN_ROLES;
