import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { InferResponseType } from 'hono/client';
import type { Api } from '../lib/api';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
}
/** Autocomplete as the api answers it (`GET /v1/search/suggest`). */
export type Suggestions = InferResponseType<Api['v1']['search']['suggest']['$get'], 200>;

interface UiState {
  toasts: Toast[];
  suggest: { query: string; result: Suggestions | null; loading: boolean };
}

let nextId = 1;
const initialState: UiState = { toasts: [], suggest: { query: '', result: null, loading: false } };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    toast: {
      reducer: (s, a: PayloadAction<Toast>) => void s.toasts.push(a.payload),
      prepare: (kind: Toast['kind'], message: string) => ({ payload: { id: nextId++, kind, message } }),
    },
    dismiss: (s, a: PayloadAction<number>) => void (s.toasts = s.toasts.filter((t) => t.id !== a.payload)),
    suggestTyped: (s, a: PayloadAction<string>) => {
      s.suggest.query = a.payload;
      s.suggest.loading = a.payload.trim().length >= 2;
      if (a.payload.trim().length < 2) s.suggest.result = null;
    },
    suggestLoaded: (s, a: PayloadAction<Suggestions>) => {
      if (a.payload.query !== s.suggest.query.trim()) return; // an older answer arriving late
      s.suggest.result = a.payload;
      s.suggest.loading = false;
    },
    suggestFailed: (s) => void (s.suggest.loading = false),
  },
});

export const uiActions = uiSlice.actions;
