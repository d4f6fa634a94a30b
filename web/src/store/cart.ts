import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { InferResponseType } from 'hono/client';
import type { Api } from '../lib/api';

/** The cart as the api answers it (`GET /v1/cart`, its CartSchema through hono/client). */
export type Cart = InferResponseType<Api['v1']['cart']['$get'], 200>;
export type CartLine = Cart['lines'][number];

interface CartState {
  /** What the shopper sees (optimistic changes included). */
  cart: Cart | null;
  /** The last cart the API confirmed: what a failed optimistic change rolls back to. */
  confirmed: Cart | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Units added optimistically and not yet confirmed by the API (shown in the header badge). */
  pending: number;
}

const initialState: CartState = { cart: null, confirmed: null, status: 'idle', pending: 0 };

export const cartSlice = createSlice({
  name: 'cart',
  initialState,
  reducers: {
    loadRequested: (s) => void (s.status = s.cart ? s.status : 'loading'),
    loaded: (s, a: PayloadAction<Cart>) => {
      s.cart = a.payload;
      s.confirmed = a.payload;
      s.status = 'ready';
    },
    loadFailed: (s) => void (s.status = 'error'),
    /** Optimistic: the badge moves at once; the saga confirms or rolls back. */
    addRequested: (s, a: PayloadAction<{ unitId: string; quantity: number; productName: string; unitName: string }>) => void (s.pending += a.payload.quantity),
    addSucceeded: (s, a: PayloadAction<{ cart: Cart; quantity: number }>) => {
      s.cart = a.payload.cart;
      s.confirmed = a.payload.cart;
      s.status = 'ready';
      s.pending -= a.payload.quantity;
    },
    addFailed: (s, a: PayloadAction<{ quantity: number }>) => void (s.pending -= a.payload.quantity),
    /** Optimistic quantity change / removal; `rolledBack` returns to the last confirmed cart if the API refuses. */
    quantityRequested: (s, a: PayloadAction<{ lineId: string; quantity: number }>) => {
      const line = s.cart?.lines.find((l) => l.id === a.payload.lineId);
      if (!s.cart || !line) return;
      if (a.payload.quantity <= 0) s.cart.lines = s.cart.lines.filter((l) => l.id !== line.id);
      else {
        line.quantity = a.payload.quantity;
        line.lineTotal = line.unitPrice * line.quantity;
      }
      s.cart.subtotal = s.cart.lines.reduce((t, l) => t + l.lineTotal, 0);
      s.cart.itemCount = s.cart.lines.reduce((t, l) => t + l.quantity, 0);
    },
    rolledBack: (s) => void (s.cart = s.confirmed),
  },
});

export const cartActions = cartSlice.actions;
export const cartCount = (s: { cart: CartState }) => (s.cart.cart?.itemCount ?? 0) + s.cart.pending;
