/**
 * How a prescription medicine is bought at Medicare, within the law (Law 44/2024/QH15: since 1 July 2025 only
 * non-prescription drugs are sold by online checkout; prescription drugs go through the pharmacist and the counter).
 * A server component: no JavaScript reaches the browser for it.
 */
export function LegalPath({ compact = false }: { compact?: boolean }) {
  return (
    <section aria-labelledby="legal-path-title" className={`rounded-xl border border-amber-200 bg-amber-50 text-amber-950 ${compact ? 'p-3 text-sm' : 'p-4'}`}>
      <h2 id="legal-path-title" className={`font-semibold text-amber-900 ${compact ? '' : 'text-lg'}`}>
        Mua thuốc kê đơn tại Medicare như thế nào?
      </h2>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        <li>
          <strong>Gửi yêu cầu tư vấn</strong>: ảnh đơn thuốc của bác sĩ (hoặc tệp PDF), thuốc bạn cần hỏi và triệu chứng.
        </li>
        <li>
          <strong>Dược sĩ kiểm tra và tư vấn</strong>: gọi lại cho bạn, hướng dẫn cách dùng; câu trả lời có trong tài khoản và email của bạn.
        </li>
        <li>
          <strong>Thuốc không kê đơn</strong> được đặt mua trực tuyến theo báo giá của dược sĩ và giao tận nơi.{' '}
          <strong>Thuốc kê đơn</strong> được giữ tại nhà thuốc: bạn mang <strong>đơn thuốc gốc</strong> đến quầy, dược sĩ kiểm tra rồi bán.
        </li>
      </ol>
      <p className={`mt-2 text-amber-900 ${compact ? 'text-xs' : 'text-sm'}`}>
        Theo Luật Dược sửa đổi (Luật số 44/2024/QH15, hiệu lực từ 01/07/2025), thuốc kê đơn không được bán qua đặt hàng trực tuyến, trừ khi có dịch bệnh nhóm A được công bố và theo quy định của Bộ Y tế.
      </p>
    </section>
  );
}
