import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { InferResponseType } from 'hono/client';
import type { Api } from '../lib/api';

/** Who is signed in, as the API says (GET /v1/me); the tokens themselves stay in HttpOnly cookies. */
export type SessionUser = InferResponseType<Api['v1']['me']['$get'], 200>;

interface SessionState {
  user: SessionUser | null;
  checked: boolean;
}

export const sessionSlice = createSlice({
  name: 'session',
  initialState: { user: null, checked: false } as SessionState,
  reducers: {
    checkRequested: (s) => s,
    signedIn: (s, a: PayloadAction<SessionUser>) => {
      s.user = a.payload;
      s.checked = true;
    },
    signedOut: (s) => {
      s.user = null;
      s.checked = true;
    },
    logoutRequested: (s) => s,
  },
});

export const sessionActions = sessionSlice.actions;
