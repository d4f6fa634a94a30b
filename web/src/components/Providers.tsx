'use client';
import { useEffect, useRef } from 'react';
import { Provider } from 'react-redux';
import { cartActions } from '../store/cart';
import { sessionActions } from '../store/session';
import { makeStore, type AppStore } from '../store/store';

export function Providers({ children }: { children: React.ReactNode }) {
  const store = useRef<AppStore | null>(null);
  if (!store.current) store.current = makeStore();
  useEffect(() => {
    store.current!.dispatch(sessionActions.checkRequested());
    store.current!.dispatch(cartActions.loadRequested());
  }, []);
  return <Provider store={store.current}>{children}</Provider>;
}
