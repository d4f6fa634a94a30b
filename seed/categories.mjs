// The seed category tree: 6 main categories, each with two more levels beneath.
// Keys of the leaves are used by seed/products.mjs and seed/archetypes.mjs to place products.

export const CATEGORY_TREE = [
  {
    name: 'Thuốc',
    description: 'Thuốc không kê đơn và thuốc kê đơn (thuốc kê đơn chỉ bán qua tư vấn của dược sĩ).',
    children: [
      {
        name: 'Thuốc giảm đau, hạ sốt, kháng viêm',
        children: [
          { key: 'giam-dau-ha-sot', name: 'Thuốc giảm đau, hạ sốt' },
          { key: 'khang-viem', name: 'Thuốc kháng viêm không steroid' },
          { key: 'giam-dau-xuong-khop', name: 'Thuốc giảm đau xương khớp dùng ngoài' },
        ],
      },
      {
        name: 'Thuốc hô hấp',
        children: [
          { key: 'thuoc-ho', name: 'Thuốc ho, long đờm' },
          { key: 'cam-cum', name: 'Thuốc cảm cúm' },
          { key: 'hen-suyen', name: 'Thuốc hen suyễn, COPD' },
          { key: 'viem-hong', name: 'Thuốc trị đau họng, viêm họng' },
        ],
      },
      {
        name: 'Thuốc tiêu hóa',
        children: [
          { key: 'da-day', name: 'Thuốc dạ dày, trào ngược' },
          { key: 'tieu-chay', name: 'Thuốc tiêu chảy, bù nước điện giải' },
          { key: 'tao-bon', name: 'Thuốc nhuận tràng, táo bón' },
          { key: 'men-tieu-hoa', name: 'Men vi sinh, men tiêu hóa' },
        ],
      },
      {
        name: 'Thuốc kháng sinh, kháng nấm',
        children: [
          { key: 'khang-sinh', name: 'Thuốc kháng sinh' },
          { key: 'khang-nam', name: 'Thuốc kháng nấm' },
        ],
      },
      {
        name: 'Thuốc tim mạch, huyết áp, tiểu đường',
        children: [
          { key: 'huyet-ap', name: 'Thuốc huyết áp' },
          { key: 'mo-mau', name: 'Thuốc mỡ máu' },
          { key: 'chong-dong', name: 'Thuốc chống kết tập tiểu cầu' },
          { key: 'tieu-duong', name: 'Thuốc tiểu đường' },
        ],
      },
      {
        name: 'Thuốc da liễu, sát trùng',
        children: [
          { key: 'kem-boi-da', name: 'Kem bôi da' },
          { key: 'sat-trung', name: 'Thuốc sát trùng' },
        ],
      },
      {
        name: 'Thuốc mắt, tai, mũi',
        children: [
          { key: 'nho-mat', name: 'Thuốc nhỏ mắt' },
          { key: 'xit-mui', name: 'Thuốc xịt, nhỏ mũi' },
          { key: 'nuoc-muoi', name: 'Nước muối sinh lý' },
        ],
      },
      {
        name: 'Thuốc thần kinh, gan, nội tiết',
        children: [
          { key: 'hoat-huyet', name: 'Thuốc hoạt huyết, bổ não' },
          { key: 'bo-gan', name: 'Thuốc bổ gan, giải độc gan' },
          { key: 'corticoid', name: 'Thuốc corticoid, chống dị ứng' },
        ],
      },
    ],
  },
  {
    name: 'Thực phẩm chức năng',
    description: 'Thực phẩm bảo vệ sức khỏe, không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh.',
    children: [
      {
        name: 'Vitamin và khoáng chất',
        children: [
          { key: 'vitamin-tong-hop', name: 'Vitamin tổng hợp' },
          { key: 'vitamin-c', name: 'Vitamin C' },
          { key: 'canxi-vitamin-d', name: 'Canxi và vitamin D' },
          { key: 'kem-sat', name: 'Kẽm, sắt và khoáng chất' },
        ],
      },
      {
        name: 'Hỗ trợ tim mạch, não bộ',
        children: [
          { key: 'omega-3', name: 'Dầu cá, Omega-3' },
          { key: 'bo-nao', name: 'Hỗ trợ trí nhớ, tuần hoàn não' },
        ],
      },
      {
        name: 'Hỗ trợ xương khớp, gan',
        children: [
          { key: 'xuong-khop', name: 'Hỗ trợ xương khớp' },
          { key: 'ho-tro-gan', name: 'Hỗ trợ chức năng gan' },
        ],
      },
      {
        name: 'Làm đẹp',
        children: [
          { key: 'collagen', name: 'Collagen, da tóc móng' },
          { key: 'tieu-hoa-tpcn', name: 'Chất xơ, hỗ trợ tiêu hóa' },
        ],
      },
    ],
  },
  {
    name: 'Dược mỹ phẩm',
    description: 'Dược mỹ phẩm chăm sóc da mặt và cơ thể.',
    children: [
      {
        name: 'Chăm sóc da mặt',
        children: [
          { key: 'sua-rua-mat', name: 'Sữa rửa mặt' },
          { key: 'kem-duong-am', name: 'Kem dưỡng ẩm' },
          { key: 'serum', name: 'Serum, tinh chất' },
          { key: 'tri-mun', name: 'Kem, gel trị mụn' },
        ],
      },
      {
        name: 'Chống nắng, tẩy trang',
        children: [
          { key: 'chong-nang', name: 'Kem chống nắng' },
          { key: 'tay-trang', name: 'Nước tẩy trang' },
        ],
      },
      {
        name: 'Chăm sóc cơ thể',
        children: [
          { key: 'sua-tam', name: 'Sữa tắm' },
          { key: 'duong-the', name: 'Dưỡng thể' },
        ],
      },
    ],
  },
  {
    name: 'Chăm sóc cá nhân',
    description: 'Sản phẩm vệ sinh và chăm sóc cá nhân hằng ngày.',
    children: [
      {
        name: 'Vệ sinh cá nhân',
        children: [
          { key: 've-sinh-phu-nu', name: 'Dung dịch vệ sinh phụ nữ' },
          { key: 'cham-soc-rang-mieng', name: 'Chăm sóc răng miệng' },
        ],
      },
      {
        name: 'Sức khỏe tình dục',
        children: [
          { key: 'bao-cao-su', name: 'Bao cao su' },
          { key: 'gel-boi-tron', name: 'Gel bôi trơn' },
        ],
      },
      {
        name: 'Dầu gió, khẩu trang',
        children: [
          { key: 'dau-gio', name: 'Dầu gió, dầu xoa' },
          { key: 'khau-trang', name: 'Khẩu trang' },
        ],
      },
    ],
  },
  {
    name: 'Thiết bị y tế',
    description: 'Thiết bị, dụng cụ y tế dùng tại nhà.',
    children: [
      {
        name: 'Dụng cụ theo dõi sức khỏe',
        children: [
          { key: 'may-do-huyet-ap', name: 'Máy đo huyết áp' },
          { key: 'nhiet-ke', name: 'Nhiệt kế' },
          { key: 'may-do-duong-huyet', name: 'Máy đo đường huyết' },
        ],
      },
      {
        name: 'Dụng cụ sơ cứu',
        children: [
          { key: 'bang-gac', name: 'Băng, gạc, bông y tế' },
          { key: 'con-sat-khuan', name: 'Cồn, dung dịch sát khuẩn' },
        ],
      },
      {
        name: 'Dụng cụ xét nghiệm',
        children: [
          { key: 'que-thu-thai', name: 'Que thử thai, rụng trứng' },
          { key: 'test-nhanh', name: 'Bộ xét nghiệm nhanh' },
        ],
      },
    ],
  },
  {
    name: 'Mẹ và bé',
    description: 'Chăm sóc sức khỏe mẹ bầu và trẻ nhỏ.',
    children: [
      {
        name: 'Chăm sóc bé',
        children: [
          { key: 'kem-ham', name: 'Kem chống hăm' },
          { key: 'tam-goi-be', name: 'Sữa tắm gội cho bé' },
          { key: 've-sinh-mui-be', name: 'Vệ sinh mũi cho bé' },
        ],
      },
      {
        name: 'Dinh dưỡng cho mẹ và bé',
        children: [
          { key: 'vitamin-bau', name: 'Vitamin cho mẹ bầu' },
          { key: 'vitamin-be', name: 'Vitamin, siro cho bé' },
        ],
      },
    ],
  },
];
