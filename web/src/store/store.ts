import { configureStore } from '@reduxjs/toolkit';
import createSagaMiddleware from 'redux-saga';
import { cartSlice } from './cart';
import { rootSaga } from './sagas';
import { sessionSlice } from './session';
import { uiSlice } from './ui';

/** One store per browser tab (created by <Providers>); server components never touch it. */
export function makeStore() {
  const saga = createSagaMiddleware();
  const store = configureStore({
    reducer: { cart: cartSlice.reducer, ui: uiSlice.reducer, session: sessionSlice.reducer },
    middleware: (getDefault) => getDefault({ thunk: false }).concat(saga),
  });
  saga.run(rootSaga);
  return store;
}

export type AppStore = ReturnType<typeof makeStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
