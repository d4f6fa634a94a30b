/**
 * The audit log's vocabulary: every action a staff member's write records in `audit_log`, with its Vietnamese label.
 * ONE map: the audit API answers `actionLabel` from it and lists its keys as the filter choices, the console shows
 * these labels. A new audited action adds its row here (`auditActionLabel` answers a generic label for anything else).
 */
export const AUDIT_ACTION_LABELS = {
  'user.create': 'Tạo tài khoản nhân viên',
  'user.update': 'Đổi vai trò / trạng thái tài khoản',
  'product.update': 'Sửa thông tin sản phẩm',
  'product.image.add': 'Thêm ảnh sản phẩm',
  'voucher.create': 'Tạo mã giảm giá',
  'voucher.update': 'Sửa mã giảm giá',
  'shipment.create': 'Tạo vận đơn',
  'payment.refund': 'Ghi nhận hoàn tiền',
  'payment.match': 'Ghép chuyển khoản với đơn hàng',
  'event.replay': 'Gửi lại sự kiện lỗi',
  // Import/export (issue 14, admin-imports.ts).
  'import.create': 'Tải lên tệp nhập dữ liệu (chạy thử)',
  'import.commit': 'Ghi dữ liệu từ tệp nhập',
  'import.cancel': 'Huỷ lần nhập dữ liệu',
  // Staff order operations (issue 13, admin-orders.ts).
  'order.status': 'Chuyển trạng thái đơn hàng',
  'order.cancel': 'Hủy đơn hàng',
  'order.return': 'Nhận hàng hoàn trả',
  'order.note': 'Thêm ghi chú nội bộ',
  'order.email': 'Gửi lại email đơn hàng',
  // Product write model and pharmacist approval (issue 14, admin-products.ts / admin-approvals.ts).
  'product.create': 'Tạo sản phẩm',
  'product.delete': 'Xóa sản phẩm (xóa mềm)',
  'product.restore': 'Khôi phục sản phẩm',
  'product.approve': 'Dược sĩ duyệt thông tin thuốc',
  'product.reject': 'Dược sĩ từ chối thông tin thuốc',
  // Stock (issue 14, admin-stock.ts).
  'stock.receive': 'Nhập lô hàng',
  'stock.adjust': 'Điều chỉnh tồn kho lô hàng',
  // #15 advice: pharmacist decisions, pickup reservations, pharmacy locations, the epidemic exception switch.
  'consultation.advise': 'Dược sĩ tư vấn phiếu tư vấn',
  'consultation.reject': 'Dược sĩ từ chối phiếu tư vấn',
  'pickup.reserve': 'Giữ thuốc chờ nhận tại nhà thuốc',
  'pickup.dispense': 'Bán thuốc giữ tại quầy',
  'pickup.cancel': 'Hủy giữ thuốc',
  'pickup.expire': 'Hết hạn giữ thuốc',
  'pharmacy_location.create': 'Thêm nhà thuốc',
  'pharmacy_location.update': 'Sửa thông tin nhà thuốc',
  'settings.rx_online_exception': 'Đổi công tắc ngoại lệ bán thuốc kê đơn trực tuyến (dịch bệnh)',
  // #14 products: media and bulk actions (admin-product-media.ts, admin-product-list.ts).
  'product.image.reorder': 'Sắp xếp lại ảnh sản phẩm',
  'product.image.primary': 'Đặt ảnh chính của sản phẩm',
  'product.image.delete': 'Xóa ảnh sản phẩm',
  'product.certificate.upload': 'Tải lên tệp chứng nhận sản phẩm',
  'product.certificate.delete': 'Xóa tệp chứng nhận sản phẩm',
  'product.bulk.hide': 'Ẩn sản phẩm (hàng loạt)',
  'product.bulk.show': 'Hiện sản phẩm (hàng loạt)',
  'product.bulk.move_category': 'Chuyển danh mục sản phẩm (hàng loạt)',
  'product.bulk.set_sale': 'Đặt giá khuyến mãi (hàng loạt)',
  'product.bulk.clear_sale': 'Bỏ giá khuyến mãi (hàng loạt)',
  // #14 content: categories, brands, articles (shared/src/content).
  'category.create': 'Tạo danh mục',
  'category.update': 'Sửa danh mục',
  'category.move': 'Chuyển danh mục',
  'category.delete': 'Xóa danh mục',
  'category.image': 'Đổi ảnh danh mục',
  'brand.create': 'Tạo thương hiệu',
  'brand.update': 'Sửa thương hiệu',
  'brand.delete': 'Xóa thương hiệu',
  'brand.logo': 'Đổi logo thương hiệu',
  'article.create': 'Tạo bài viết',
  'article.update': 'Sửa bài viết',
  'article.publish': 'Đăng bài viết',
  'article.unpublish': 'Gỡ bài viết về bản nháp',
  'article.delete': 'Xóa bài viết',
  'article.cover': 'Đổi ảnh bìa bài viết',
  // #15 consultations (shared/src/consultations, consultations.ts / pharmacist-consultations.ts).
  'consultation.claim': 'Dược sĩ nhận yêu cầu tư vấn',
  'consultation.release': 'Dược sĩ trả yêu cầu tư vấn về hàng chờ',
  'consultation.file_viewed': 'Xem tệp đơn thuốc của yêu cầu tư vấn',
  // #18 prescription reading (shared/src/prescriptions, pharmacist-rx-drafts.ts); counts only, never the drugs.
  'consultation.rx_draft_read': 'Đọc đơn thuốc bằng AI thành bản nháp',
  'consultation.rx_draft_save': 'Dược sĩ lưu bản nháp đơn thuốc',
  'consultation.rx_draft_discard': 'Dược sĩ bỏ bản nháp đơn thuốc',
  'consultation.rx_draft_viewed': 'Xem bản nháp đơn thuốc',
  // #15 chat (pharmacist-chat.ts).
  'chat.take': 'Dược sĩ nhận cuộc trò chuyện',
  'chat.handover': 'Chuyển cuộc trò chuyện thành phiếu tư vấn',
  // #17 reviews (shared/src/reviews, admin-reviews.ts).
  'review.approve': 'Duyệt đánh giá sản phẩm',
  'review.hide': 'Ẩn đánh giá sản phẩm',
  'review.reply': 'Dược sĩ trả lời đánh giá',
  // #17 product questions (shared/src/questions, pharmacist-questions.ts); never the question's text.
  'question.answer': 'Dược sĩ trả lời câu hỏi về sản phẩm',
  'question.answer_edit': 'Sửa câu trả lời câu hỏi về sản phẩm',
  'question.hide': 'Ẩn câu hỏi về sản phẩm',
  // #17 legal: the account owner's data rights (shared/src/legal).
  'account.export': 'Khách hàng tải dữ liệu tài khoản',
  'account.delete': 'Khách hàng xóa tài khoản (ẩn danh hóa)',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action);
}

/** The Vietnamese label of an action, and a generic one for an action recorded before it had a label. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : `Thao tác khác (${action})`;
}

/** What the rows' `entity_type` names, in Vietnamese. */
export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  user: 'Tài khoản',
  product: 'Sản phẩm',
  voucher: 'Mã giảm giá',
  order: 'Đơn hàng',
  bank_transaction: 'Giao dịch ngân hàng',
  dead_letter: 'Sự kiện lỗi',
  import: 'Lần nhập dữ liệu',
  stock_batch: 'Lô hàng',
  pickup_reservation: 'Phiếu giữ thuốc',
  pharmacy_location: 'Nhà thuốc',
  platform_setting: 'Cài đặt hệ thống',
  category: 'Danh mục',
  brand: 'Thương hiệu',
  article: 'Bài viết',
  consultation: 'Yêu cầu tư vấn',
  conversation: 'Cuộc trò chuyện', // #15 chat
};
