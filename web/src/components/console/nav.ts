import { SCREEN_ROLES, type Screen, type StaffRole } from '../../lib/staff';

/** The console's screens, in navigation order; each is shown only to the roles that may open it (SCREEN_ROLES). */
export const NAV: Array<{ screen: Screen; href: string; label: string }> = [
  { screen: 'overview', href: '/quan-tri', label: 'Tổng quan' },
  { screen: 'dashboard', href: '/quan-tri/bao-cao', label: 'Báo cáo' },
  { screen: 'orders', href: '/quan-tri/don-hang', label: 'Đơn hàng' },
  { screen: 'products', href: '/quan-tri/san-pham', label: 'Sản phẩm' },
  { screen: 'approvals', href: '/quan-tri/duyet-thuoc', label: 'Duyệt thuốc' },
  { screen: 'consultations', href: '/quan-tri/tu-van', label: 'Tư vấn đơn thuốc' },
  { screen: 'pickups', href: '/quan-tri/giu-thuoc', label: 'Giữ thuốc tại quầy' },
  { screen: 'chat', href: '/quan-tri/tro-chuyen', label: 'Trò chuyện' },
  { screen: 'reviews', href: '/quan-tri/danh-gia', label: 'Đánh giá sản phẩm' },
  { screen: 'questions', href: '/quan-tri/hoi-dap', label: 'Hỏi đáp sản phẩm' }, // #17 questions
  { screen: 'payments', href: '/quan-tri/thanh-toan', label: 'Thanh toán' },
  { screen: 'categories', href: '/quan-tri/danh-muc', label: 'Danh mục' },
  { screen: 'brands', href: '/quan-tri/thuong-hieu', label: 'Thương hiệu' },
  { screen: 'articles', href: '/quan-tri/bai-viet', label: 'Bài viết' },
  { screen: 'vouchers', href: '/quan-tri/ma-giam-gia', label: 'Mã giảm giá' },
  { screen: 'stock', href: '/quan-tri/kho', label: 'Kho hàng' },
  { screen: 'imports', href: '/quan-tri/nhap-xuat', label: 'Nhập/xuất dữ liệu' },
  { screen: 'users', href: '/quan-tri/nguoi-dung', label: 'Người dùng' },
  { screen: 'audit', href: '/quan-tri/nhat-ky', label: 'Nhật ký thao tác' },
  { screen: 'deadLetters', href: '/quan-tri/su-kien-loi', label: 'Sự kiện lỗi' },
  { screen: 'pharmacies', href: '/quan-tri/nha-thuoc', label: 'Nhà thuốc' },
  { screen: 'settings', href: '/quan-tri/cai-dat', label: 'Cài đặt' },
];

export const navFor = (role: StaffRole) => NAV.filter((n) => (SCREEN_ROLES[n.screen] as readonly StaffRole[]).includes(role));
