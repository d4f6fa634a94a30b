'use client';
import { useRouter } from 'next/navigation';
import { apiError, type ApiResponse } from '../../lib/api';
import { useToast } from './Toaster';

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';

/**
 * The one way a console action calls the api: a toast with the api's own message on failure (or the offline message),
 * a success toast and a refresh of the server-rendered screen otherwise. Resolves to whether the call succeeded.
 */
export function useAction() {
  const router = useRouter();
  const notify = useToast();
  return async (call: () => Promise<ApiResponse>, done: string): Promise<boolean> => {
    try {
      const res = await call();
      if (!res.ok) {
        notify('error', (await apiError(res)).message);
        return false;
      }
      notify('success', done);
      router.refresh();
      return true;
    } catch {
      notify('error', OFFLINE);
      return false;
    }
  };
}
