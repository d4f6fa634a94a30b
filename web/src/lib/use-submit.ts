'use client';
import { useState } from 'react';
import { apiError, type ApiResponse, type OkBody } from './api';

/**
 * One form submission against the API: busy while it runs, the API's Vietnamese message on failure, the parsed body on
 * success (null on failure; typed by the route's schema), so each form only says what to send and what to do next.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async <R extends ApiResponse>(call: () => Promise<R>): Promise<OkBody<R> | null> => {
    setBusy(true);
    setError(null);
    try {
      const res = await call();
      if (!res.ok) {
        setError((await apiError(res)).message);
        return null;
      }
      return (await res.json()) as OkBody<R>;
    } catch {
      setError('Không kết nối được tới Medicare. Vui lòng kiểm tra mạng và thử lại.');
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}
