/**
 * Type-level checks, compiled by `npm run lint` (web/tsconfig.json), never run (#13). The storefront takes its request
 * and response types from hono/client over the api's routes; these lines fail the type check if that stops holding.
 */
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { Api } from '../src/lib/api';

type ProductsQuery = InferRequestType<Api['v1']['products']['$get']>['query'];
type OrdersQuery = InferRequestType<Api['v1']['orders']['$get']>['query'];

// A query value is a string on the wire: the numeric parameters (shared/src/http/query.ts `intQuery`) ask for one…
export const listing: ProductsQuery = { sort: 'best_selling', limit: '8', inStock: 'true', rx: 'false', minPrice: '0' };
export const mine: OrdersQuery = {};
// @ts-expect-error …and refuse a number (`z.coerce.number()` typed its input `unknown`: anything passed).
export const notAString: ProductsQuery = { limit: 8 };
// @ts-expect-error an unknown sort is refused.
export const badSort: ProductsQuery = { sort: 'cheapest' };

type Order = InferResponseType<Api['v1']['orders'][':code']['$get'], 200>;
type Quote = InferResponseType<Api['v1']['checkout']['quote']['$post'], 200>;
type Payment = InferResponseType<Api['v1']['orders'][':code']['payment']['$get'], 200>;
type MyOrders = InferResponseType<Api['v1']['orders']['$get'], 200>;

// The order routes answer typed schemas (not `Record<string, unknown>`): fields have their types…
export const status: Order['status'] extends 'pending_payment' | 'confirmed' | 'packing' | 'shipping' | 'delivered' | 'completed' | 'cancelled' | 'expired' | 'return_requested' | 'returned' | 'refunded' ? true : never = true;
export const lineTotal = (q: Quote): number => q.lines[0]!.lineTotal;
export const remaining = (p: Payment): number => p.remaining;
export const carrier = (o: Order): 'ghn' | 'ghtk' | 'internal' | undefined => o.delivery.shipments[0]?.carrier;
export const cursor = (l: MyOrders): string | null => l.nextCursor;
// @ts-expect-error …and a field no schema declares is an error (it would be `unknown` on a record).
export const missing = (o: Order) => o.notAField;
