/**
 * The import/export sheets' columns (#14, ADR 0028). The products sheet keeps the original system's 33-column
 * template (`template_import_products.xlsx`: the shape the pharmacy's staff already know) in its order and spelling,
 * then adds the fields the original lacked. Exports write the same columns, so an export can be imported back.
 */

export interface Column {
  key: string;
  /** Vietnamese explanation, shown in the template's guide sheet. */
  help: string;
}

const IMAGE_COLUMNS: Column[] = Array.from({ length: 8 }, (_, i) => ({ key: `images_${i + 1}`, help: `Ảnh phụ ${i + 1}: đường dẫn ảnh (URL). Khi nhập chỉ kiểm tra định dạng, chưa tải ảnh về: hãy tải ảnh lên trong trang sản phẩm.` }));

export const PRODUCT_COLUMNS: readonly Column[] = [
  { key: 'product_name', help: 'Tên sản phẩm (bắt buộc).' },
  { key: 'name_primary', help: 'Tên gọi chung/tên hoạt chất chính (tuỳ chọn; chỉ để tham khảo, hệ thống không lưu).' },
  {
    key: 'prices',
    help: 'Đơn vị bán (JSON): [{"unit":"Hộp","factor":100,"price":50000,"sale_price":45000,"sale_starts":"2026-12-01","sale_ends":"2026-12-31","weight":120,"barcode":"893...","default":true}]. factor = số đơn vị cơ bản trong một đơn vị bán; giá là số nguyên VND; đúng một đơn vị mặc định.',
  },
  { key: 'ingredients', help: 'Thành phần (JSON): [{"name":"Paracetamol","strength":"500mg"}].' },
  { key: 'slug', help: 'Đường dẫn sản phẩm (tuỳ chọn; để trống sẽ tạo từ tên). Nhập lại cùng slug sẽ cập nhật sản phẩm đó thay vì tạo mới.' },
  { key: 'description', help: 'Mô tả ngắn (bắt buộc).' },
  { key: 'full_descriptions', help: 'Mô tả chi tiết (Markdown, bắt buộc).' },
  { key: 'origin', help: 'Xuất xứ (quốc gia, bắt buộc).' },
  { key: 'uses', help: 'Công dụng / chỉ định (bắt buộc).' },
  { key: 'dosage', help: 'Liều dùng, cách dùng.' },
  { key: 'side_effects', help: 'Tác dụng phụ.' },
  { key: 'precautions', help: 'Thận trọng.' },
  { key: 'storage', help: 'Bảo quản.' },
  { key: 'dosage_form', help: 'Dạng bào chế (bắt buộc), ví dụ Viên nén.' },
  { key: 'brand', help: 'Thương hiệu: tên một thương hiệu đã có (bắt buộc).' },
  { key: 'prescription_required', help: 'Thuốc kê đơn: Có / Không.' },
  { key: 'registration_number', help: 'Số đăng ký (SĐK), ví dụ VD-12345-12.' },
  { key: 'main_category_name', help: 'Danh mục cấp 1 (tên, bắt buộc).' },
  { key: 'sub_category_name', help: 'Danh mục cấp 2 (tên, bắt buộc).' },
  { key: 'child_category_name', help: 'Danh mục cấp 3 (tên). Sản phẩm luôn nằm trong một danh mục cấp 3.' },
  { key: 'manufacture_name', help: 'Nhà sản xuất: tên.' },
  { key: 'manufacture_address', help: 'Nhà sản xuất: địa chỉ.' },
  { key: 'manufacture_contact', help: 'Nhà sản xuất: liên hệ (chỉ để tham khảo, hệ thống không lưu).' },
  ...IMAGE_COLUMNS,
  { key: 'images_primary', help: 'Ảnh chính: đường dẫn ảnh (URL). Khi nhập chỉ kiểm tra định dạng, chưa tải ảnh về: hãy tải ảnh lên trong trang sản phẩm.' },
  { key: 'certificate_file', help: 'Giấy chứng nhận: tên tệp PDF đã tải lên trong trang sản phẩm (chỉ để tham khảo khi xuất).' },
  // Fields the original template lacked.
  { key: 'contraindications', help: 'Chống chỉ định.' },
  { key: 'pack_spec', help: 'Quy cách đóng gói (bắt buộc), ví dụ Hộp 10 vỉ x 10 viên.' },
  { key: 'base_unit', help: 'Đơn vị cơ bản tính tồn kho (bắt buộc), ví dụ viên.' },
  { key: 'special_control', help: 'Thuốc kiểm soát đặc biệt (không bán trực tuyến): Có / Không.' },
  { key: 'manufacture_country', help: 'Nhà sản xuất: quốc gia (bắt buộc khi có tên nhà sản xuất).' },
  { key: 'low_stock_threshold', help: 'Ngưỡng cảnh báo sắp hết hàng (số đơn vị mặc định; 0 = tắt).' },
  { key: 'visible', help: 'Hiển thị trên cửa hàng: Có / Không.' },
];

/** The original template's columns: the first 33 of PRODUCT_COLUMNS. */
export const ORIGINAL_COLUMN_COUNT = 33;

export const BATCH_COLUMNS: readonly Column[] = [
  { key: 'slug', help: 'Slug của sản phẩm (bắt buộc).' },
  { key: 'product_name', help: 'Tên sản phẩm (chỉ để tham khảo).' },
  { key: 'lot_number', help: 'Số lô (bắt buộc). Lô đã có của sản phẩm sẽ được bỏ qua (không nhập trùng).' },
  { key: 'expiry_date', help: 'Hạn dùng YYYY-MM-DD (bắt buộc).' },
  { key: 'quantity', help: 'Số lượng nhập theo đơn vị ở cột unit (số nguyên dương).' },
  { key: 'unit', help: 'Đơn vị nhập (tên một đơn vị bán của sản phẩm; để trống = đơn vị cơ bản).' },
  { key: 'cost_price', help: 'Giá nhập (VND cho mỗi đơn vị ở cột unit, số nguyên).' },
  { key: 'supplier', help: 'Nhà cung cấp.' },
  { key: 'received_date', help: 'Ngày nhập YYYY-MM-DD (để trống = hôm nay).' },
  { key: 'confirm_short_expiry', help: 'Xác nhận nhập lô đã hết hạn hoặc còn dưới 30 ngày: Có / Không.' },
];

export const STOCK_COLUMNS: readonly Column[] = [
  { key: 'slug', help: 'Slug của sản phẩm.' },
  { key: 'product_name', help: 'Tên sản phẩm.' },
  { key: 'base_unit', help: 'Đơn vị cơ bản.' },
  { key: 'on_hand', help: 'Tồn kho (đơn vị cơ bản).' },
  { key: 'reserved', help: 'Đang giữ cho đơn chưa giao.' },
  { key: 'available', help: 'Có thể bán (chưa hết hạn).' },
  { key: 'low_stock_threshold', help: 'Ngưỡng cảnh báo (đơn vị mặc định).' },
];

export type SheetKind = 'products' | 'batches' | 'stock';
export const COLUMNS: Record<SheetKind, readonly Column[]> = { products: PRODUCT_COLUMNS, batches: BATCH_COLUMNS, stock: STOCK_COLUMNS };

/** Vietnamese sheet names in the workbooks (import reads the first sheet whatever its name). */
export const SHEET_NAMES: Record<SheetKind, string> = { products: 'San pham', batches: 'Lo hang', stock: 'Ton kho' };

export type Cells = Record<string, string>;
