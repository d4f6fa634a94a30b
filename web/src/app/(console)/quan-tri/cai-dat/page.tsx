import type { Metadata } from 'next';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { ExceptionSwitch } from '../../../../components/console/settings';
import { formatDateTime } from '../../../../components/console/table';

export const metadata: Metadata = { title: 'Cài đặt' };

/**
 * Platform settings (admin). The epidemic exception: off by default; while on, prescription items of a pharmacist's
 * approved consultation may go through online checkout with delivery (Law 44/2024/QH15 allows it only during an
 * officially declared group-A epidemic, under Ministry of Health rules). Every change needs a note and is audited.
 */
export default async function SettingsPage() {
  const g = await gate('settings');
  if (!g.ok) return g.view;
  const res = await g.api.v1.admin.settings.$get();
  if (!res.ok) return <LoadFailed res={res} />;
  const { rxOnlineException: s } = await res.json();
  return (
    <div className="max-w-3xl space-y-4">
      <ScreenHeader screen="settings" title="Cài đặt" />
      <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label="Ngoại lệ dịch bệnh" data-testid="rx-exception">
        <h2 className="font-semibold">Bán thuốc kê đơn online khi có dịch bệnh nhóm A</h2>
        <p className="mt-1 text-sm text-slate-700">
          Theo Luật Dược sửa đổi (44/2024/QH15), thuốc kê đơn chỉ được bán qua mạng khi Bộ Y tế công bố dịch bệnh nhóm A. Khi bật, thuốc kê đơn trong phiếu tư vấn đã được dược sĩ duyệt được đặt
          và giao tận nơi; thuốc thuộc danh mục kiểm soát đặc biệt không bao giờ được bán online.
        </p>
        <p className="mt-3 text-sm">
          Trạng thái:{' '}
          <strong data-testid="rx-exception-state" className={s.enabled ? 'text-red-700' : 'text-slate-900'}>
            {s.enabled ? 'ĐANG BẬT' : 'Đang tắt'}
          </strong>
        </p>
        {s.changedAt ? (
          <p className="text-sm text-slate-700" data-testid="rx-exception-last">
            Thay đổi lần cuối: {formatDateTime(s.changedAt)} bởi {s.changedByName ?? '(không rõ)'}
            {s.note && <> — “{s.note}”</>}
          </p>
        ) : (
          <p className="text-sm text-slate-600">Chưa từng thay đổi.</p>
        )}
        <ExceptionSwitch enabled={s.enabled} />
      </section>
    </div>
  );
}
