'use client';
import { browserApi } from '../../lib/api';
import { ConfirmDialog } from './ConfirmDialog';
import { useAction } from './use-action';

/** Turns the epidemic exception on or off, behind a confirmation with a mandatory note (e.g. the MoH declaration). */
export function ExceptionSwitch({ enabled }: { enabled: boolean }) {
  const run = useAction();
  const next = !enabled;
  return (
    <div className="mt-3">
      <ConfirmDialog
        trigger={next ? 'Bật ngoại lệ' : 'Tắt ngoại lệ'}
        danger={next}
        triggerClassName={next ? 'btn-danger' : 'btn-primary'}
        title={next ? 'Bật bán thuốc kê đơn online?' : 'Tắt bán thuốc kê đơn online?'}
        body={
          next ? (
            <>Chỉ bật khi Bộ Y tế đã công bố dịch bệnh nhóm A. Ghi rõ văn bản công bố (số, ngày) trong ghi chú; thay đổi được ghi vào nhật ký thao tác.</>
          ) : (
            <>Từ lúc tắt, giỏ hàng và thanh toán lại từ chối mọi thuốc kê đơn; thuốc kê đơn chỉ được giữ để nhận tại quầy.</>
          )
        }
        reason={{ label: 'Ghi chú (căn cứ thay đổi)' }}
        confirmLabel={next ? 'Bật ngoại lệ' : 'Tắt ngoại lệ'}
        onConfirm={(note) => run(() => browserApi().v1.admin.settings['rx-online-exception'].$put({ json: { enabled: next, note } }), next ? 'Đã bật ngoại lệ dịch bệnh.' : 'Đã tắt ngoại lệ dịch bệnh.')}
      />
    </div>
  );
}
