'use client';
import { useRouter } from 'next/navigation';
import { apiError, browserApi } from '../../lib/api';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';

/** Sends one dead event back to the events queue (POST /v1/admin/dead-letters/{id}/replay; once; audited). */
export function ReplayButton({ id, type }: { id: string; type: string }) {
  const router = useRouter();
  const notify = useToast();
  return (
    <ConfirmDialog
      trigger="Gửi lại"
      title="Gửi lại sự kiện?"
      body={<>Sự kiện {type} được đưa lại vào hàng đợi một lần. Bộ xử lý bỏ qua sự kiện đã xử lý xong.</>}
      confirmLabel="Gửi lại"
      onConfirm={async () => {
        try {
          const res = await browserApi().v1.admin['dead-letters'][':id'].replay.$post({ param: { id } });
          if (!res.ok) {
            notify('error', (await apiError(res)).message);
            return false;
          }
          notify('success', 'Đã gửi lại sự kiện.');
          router.refresh();
          return true;
        } catch {
          notify('error', 'Không kết nối được tới máy chủ. Vui lòng thử lại.');
          return false;
        }
      }}
    />
  );
}
