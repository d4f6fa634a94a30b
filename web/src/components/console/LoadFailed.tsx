import { apiError, type ApiResponse } from '../../lib/api';

/** A list that could not be loaded: the api's Vietnamese message, never a blank screen. */
export async function LoadFailed({ res }: { res: ApiResponse }) {
  const e = await apiError(res);
  return (
    <p role="alert" className="rounded-xl bg-red-50 p-4 text-sm text-red-800">
      Không tải được dữ liệu: {e.message}
    </p>
  );
}
