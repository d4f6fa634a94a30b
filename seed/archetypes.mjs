// Archetypes the seed generator combines with manufacturers/brands and strengths to build realistic variety around
// the well-known products. Every archetype states its active ingredients, dosage form, pack, price band (VND per
// base unit), prescription status and Vietnamese label texts.

// ----- makers (brand = maker for generics) -----
export const VN_MAKERS = [
  ['DHG Pharma', 'Việt Nam'], ['Traphaco', 'Việt Nam'], ['Imexpharm', 'Việt Nam'], ['Domesco', 'Việt Nam'],
  ['Pymepharco', 'Việt Nam'], ['Mekophar', 'Việt Nam'], ['Stellapharm', 'Việt Nam'], ['OPC', 'Việt Nam'],
  ['Vidipha', 'Việt Nam'], ['Pharmedic', 'Việt Nam'], ['Agimexpharm', 'Việt Nam'], ['Savipharm', 'Việt Nam'],
  ['Bidiphar', 'Việt Nam'], ['Hataphar', 'Việt Nam'], ['Dược phẩm Nam Hà', 'Việt Nam'], ['Khapharco', 'Việt Nam'],
  ['Medipharco', 'Việt Nam'], ['Davipharm', 'Việt Nam'], ['Tipharco', 'Việt Nam'], ['Boston Việt Nam', 'Việt Nam'],
  ['Mediplantex', 'Việt Nam'], ['Quapharco', 'Việt Nam'], ['Armephaco', 'Việt Nam'], ['Danapha', 'Việt Nam'],
  ['TV.Pharm', 'Việt Nam'], ['Hà Tây Pharma', 'Việt Nam'], ['Cửu Long Pharma', 'Việt Nam'], ['Ampharco U.S.A', 'Việt Nam'],
  ['Glomed', 'Việt Nam'], ['Vinphaco', 'Việt Nam'], ['Nadyphar', 'Việt Nam'], ['Hasan-Dermapharm', 'Việt Nam'],
];
export const FOREIGN_MAKERS = [
  ['Sanofi', 'Pháp'], ['Abbott', 'Mỹ'], ['Pfizer', 'Mỹ'], ['GSK', 'Anh'], ['Novartis', 'Thụy Sĩ'], ['Bayer', 'Đức'],
  ['Servier', 'Pháp'], ['Merck', 'Đức'], ['AstraZeneca', 'Anh'], ['Boehringer Ingelheim', 'Đức'], ['Teva', 'Israel'],
  ['Sandoz', 'Slovenia'], ['Krka', 'Slovenia'], ['Gedeon Richter', 'Hungary'], ['Egis', 'Hungary'], ['Polpharma', 'Ba Lan'],
  ['Stada', 'Đức'], ['Mega We Care', 'Thái Lan'], ['Siam Pharmaceutical', 'Thái Lan'], ['Berlin Pharmaceutical', 'Thái Lan'],
  ['Micro Labs', 'Ấn Độ'], ['Sun Pharma', 'Ấn Độ'], ['Cipla', 'Ấn Độ'], ["Dr. Reddy's", 'Ấn Độ'], ['Zydus', 'Ấn Độ'],
  ['Hanmi', 'Hàn Quốc'], ['Daewoong', 'Hàn Quốc'], ['Boryung', 'Hàn Quốc'], ['Menarini', 'Ý'], ['Recordati', 'Ý'],
];
const SUPP = [
  ['Blackmores', 'Úc'], ["Nature's Bounty", 'Mỹ'], ['Nature Made', 'Mỹ'], ['Kirkland Signature', 'Mỹ'], ["Puritan's Pride", 'Mỹ'],
  ['Healthy Care', 'Úc'], ['Swisse', 'Úc'], ['DHC', 'Nhật Bản'], ['Orihiro', 'Nhật Bản'], ['Fancl', 'Nhật Bản'],
  ['Youtheory', 'Mỹ'], ['Neocell', 'Mỹ'], ['Doppelherz', 'Đức'], ['Vitabiotics', 'Anh'], ['Jamieson', 'Canada'],
  ['Now Foods', 'Mỹ'], ['Solgar', 'Mỹ'], ['GNC', 'Mỹ'], ['Brauer', 'Úc'], ['Bio Island', 'Úc'],
  ['Abbott Nutrition', 'Mỹ'], ['Kudos', 'Việt Nam'], ['Ích Nhân', 'Việt Nam'], ['Nhất Nhất', 'Việt Nam'], ['Sao Thái Dương', 'Việt Nam'],
];
const COSME = [
  ['CeraVe', 'Mỹ'], ['Vichy', 'Pháp'], ['Avène', 'Pháp'], ['Eucerin', 'Đức'], ['Uriage', 'Pháp'], ['SVR', 'Pháp'],
  ['Neutrogena', 'Mỹ'], ['Hada Labo', 'Nhật Bản'], ['Senka', 'Nhật Bản'], ['Simple', 'Anh'], ['Cosrx', 'Hàn Quốc'],
  ['Some By Mi', 'Hàn Quốc'], ["Paula's Choice", 'Mỹ'], ['Klairs', 'Hàn Quốc'], ['Bioré', 'Nhật Bản'], ['The Ordinary', 'Canada'],
  ['Skin Aqua', 'Nhật Bản'], ['Sunplay', 'Nhật Bản'], ['Garnier', 'Pháp'], ['Nivea', 'Đức'], ['Vaseline', 'Mỹ'],
  ['Dove', 'Anh'], ['Obagi', 'Mỹ'], ['Cetaphil', 'Canada'], ['La Roche-Posay', 'Pháp'], ['Bioderma', 'Pháp'],
  ['Innisfree', 'Hàn Quốc'], ['Laneige', 'Hàn Quốc'], ['Ducray', 'Pháp'], ['A-Derma', 'Pháp'],
];
const CARE = [
  ['Lactacyd', 'Pháp'], ['Saforelle', 'Pháp'], ['Femfresh', 'Anh'], ['Sensodyne', 'Anh'], ['Colgate', 'Mỹ'], ['P/S', 'Việt Nam'],
  ['Listerine', 'Mỹ'], ['Oral-B', 'Mỹ'], ['Durex', 'Anh'], ['OK', 'Ấn Độ'], ['Sagami', 'Nhật Bản'], ['Okamoto', 'Nhật Bản'],
  ['Trường Sơn', 'Việt Nam'], ['Cao Sao Vàng', 'Việt Nam'], ['Eagle Brand', 'Singapore'], ['Famapro', 'Việt Nam'],
  ['Kichilachi', 'Việt Nam'], ['3M', 'Mỹ'], ['Unicharm', 'Nhật Bản'], ['Dạ Hương', 'Việt Nam'],
];
const DEVICE = [
  ['Omron', 'Nhật Bản'], ['Microlife', 'Thụy Sĩ'], ['Beurer', 'Đức'], ['Rossmax', 'Đài Loan'], ['Yuwell', 'Trung Quốc'],
  ['Accu-Chek', 'Đức'], ['OneTouch', 'Mỹ'], ['Contour', 'Thụy Sĩ'], ['Urgo', 'Pháp'], ['Quickstick', 'Việt Nam'],
  ['Bông Bạch Tuyết', 'Việt Nam'], ['Salonsip', 'Nhật Bản'], ['Humasis', 'Hàn Quốc'], ['SD Biosensor', 'Hàn Quốc'], ['Vinphaco', 'Việt Nam'],
];
const BABY = [
  ["Johnson's Baby", 'Mỹ'], ['Pigeon', 'Nhật Bản'], ['Lactacyd Baby', 'Pháp'], ['Chicco', 'Ý'], ['Kodomo', 'Thái Lan'],
  ['Arau Baby', 'Nhật Bản'], ['Sudocrem', 'Anh'], ['Fysoline', 'Pháp'], ['Physiomer', 'Pháp'], ['Buona', 'Ý'],
  ['BioGaia', 'Thụy Điển'], ['Elevit', 'Đức'], ['Obimin', 'Philippines'], ['Pediakid', 'Pháp'], ['Brauer Baby', 'Úc'],
];
export const MAKER_GROUPS = { VN_MAKERS, FOREIGN_MAKERS, SUPP, COSME, CARE, DEVICE, BABY };

const GEN = [...VN_MAKERS, ...FOREIGN_MAKERS];
/** The named brands of a group, in the given order (for categories where only some brands make such products). */
const only = (group, ...names) => names.map((n) => {
  const m = group.find(([x]) => x === n);
  if (!m) throw new Error(`unknown brand ${n}`);
  return m;
});
const pick = (list, n, offset = 0) => Array.from({ length: n }, (_, i) => list[(i * 7 + offset) % list.length]);

const STORAGE = 'Bảo quản nơi khô ráo, thoáng mát, nhiệt độ dưới 30°C, tránh ánh sáng.';
const SUPP_NOTE = 'Thực phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh.';
const RX_NOTE = 'Thuốc kê đơn: chỉ dùng theo đơn và dưới sự giám sát của bác sĩ.';

/** Archetypes per leaf category key. `makers`: brand/maker list; `strengths`: variants that enter the name. */
export const ARCHETYPES = {
  'giam-dau-ha-sot': [
    { base: 'Paracetamol', strengths: ['325mg', '500mg', '650mg'], ing: (s) => [['Paracetamol', s]], form: 'Viên nén', pack: 'hop10x10', price: [250, 900], makers: pick(GEN, 14),
      ind: 'Giảm đau từ nhẹ đến vừa (đau đầu, đau răng, đau cơ, đau bụng kinh) và hạ sốt.', dosage: 'Người lớn: 1 viên mỗi 4–6 giờ, tối đa 4g paracetamol/ngày.', side: 'Hiếm: ban da, dị ứng.', contra: 'Suy gan nặng.', prec: 'Không dùng cùng thuốc khác chứa paracetamol.' },
    { base: 'Paracetamol sủi', strengths: ['500mg'], ing: () => [['Paracetamol', '500mg']], form: 'Viên sủi', pack: 'hop4x4', price: [1500, 3500], makers: pick(GEN, 6, 3),
      ind: 'Giảm đau, hạ sốt nhanh trong cảm cúm, đau đầu, đau răng.', dosage: 'Hòa tan 1 viên trong nước, cách nhau ít nhất 4 giờ.', side: 'Hiếm gặp.', contra: 'Suy gan nặng.', prec: 'Chứa natri.' },
    { base: 'Paracetamol trẻ em', strengths: ['80mg', '150mg', '250mg'], ing: (s) => [['Paracetamol', s]], form: 'Thuốc cốm', pack: 'hop20goi', price: [1200, 2800], makers: pick(VN_MAKERS, 8, 2),
      ind: 'Hạ sốt, giảm đau cho trẻ em khi sốt, mọc răng, sau tiêm chủng.', dosage: 'Liều 10–15mg/kg/lần, cách nhau 4–6 giờ.', side: 'Hiếm gặp.', contra: 'Trẻ suy gan.', prec: 'Dùng đúng liều theo cân nặng.' },
  ],
  'khang-viem': [
    { base: 'Ibuprofen', strengths: ['200mg', '400mg'], ing: (s) => [['Ibuprofen', s]], form: 'Viên nén bao phim', pack: 'hop10x10', price: [400, 1500], makers: pick(GEN, 10, 1),
      ind: 'Giảm đau, kháng viêm trong đau cơ xương khớp, đau răng, đau bụng kinh; hạ sốt.', dosage: 'Người lớn: 1 viên x 3 lần/ngày sau ăn.', side: 'Đau thượng vị, buồn nôn.', contra: 'Loét dạ dày tá tràng; 3 tháng cuối thai kỳ.', prec: 'Uống sau ăn.' },
    { base: 'Meloxicam', strengths: ['7,5mg', '15mg'], ing: (s) => [['Meloxicam', s]], form: 'Viên nén', pack: 'hop2x10', price: [800, 3000], makers: pick(GEN, 8, 5), rx: true,
      ind: 'Điều trị triệu chứng thoái hóa khớp, viêm khớp dạng thấp, viêm cột sống dính khớp.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Khó tiêu, đau bụng.', contra: 'Loét dạ dày tiến triển.', prec: RX_NOTE },
    { base: 'Diclofenac', strengths: ['50mg', '75mg'], ing: (s) => [['Diclofenac natri', s]], form: 'Viên nén bao tan trong ruột', pack: 'hop10x10', price: [300, 1200], makers: pick(GEN, 6, 9), rx: true,
      ind: 'Điều trị viêm và đau trong bệnh xương khớp, đau sau chấn thương, đau bụng kinh.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Đau thượng vị, chóng mặt.', contra: 'Loét dạ dày; suy tim nặng.', prec: RX_NOTE },
  ],
  'giam-dau-xuong-khop': [
    { base: 'Gel giảm đau Diclofenac', strengths: ['1%'], ing: (s) => [['Diclofenac', s]], form: 'Gel bôi da', pack: 'tuyp30', price: [25000, 60000], makers: pick(GEN, 8, 4),
      ind: 'Giảm đau, kháng viêm tại chỗ: đau cơ, bong gân, đau khớp nhẹ.', dosage: 'Bôi lên vùng đau 3–4 lần/ngày.', side: 'Kích ứng da.', contra: 'Dị ứng NSAID.', prec: 'Không bôi lên vết thương hở.' },
    { base: 'Cao dán giảm đau', strengths: ['nóng', 'lạnh'], ing: () => [['Methyl salicylate', ''], ['Menthol', '']], form: 'Cao dán', pack: 'hop20mieng', price: [1200, 3000], makers: pick([...DEVICE.slice(11, 12), ...VN_MAKERS], 8, 1),
      ind: 'Giảm đau vai gáy, đau lưng, đau cơ, bong gân.', dosage: 'Dán lên vùng đau, không quá 8 giờ/lần.', side: 'Ngứa, đỏ da.', contra: 'Vết thương hở.', prec: 'Ngưng dùng nếu kích ứng.' },
    { base: 'Dầu xoa bóp', strengths: ['50ml', '100ml'], ing: () => [['Tinh dầu quế', ''], ['Methyl salicylate', ''], ['Long não', '']], form: 'Dầu xoa', pack: 'chai', price: [25000, 70000], makers: pick(VN_MAKERS, 8, 6),
      ind: 'Giảm đau nhức xương khớp, tê bì chân tay, đau lưng, bong gân.', dosage: 'Xoa bóp lên vùng đau 2–3 lần/ngày.', side: 'Nóng rát nhẹ.', contra: 'Trẻ dưới 2 tuổi.', prec: 'Tránh mắt và niêm mạc.' },
  ],
  'thuoc-ho': [
    { base: 'Siro ho thảo dược', strengths: ['100ml', '125ml'], ing: () => [['Cao lá thường xuân', ''], ['Cát cánh', ''], ['Mật ong', '']], form: 'Siro', pack: 'chai', price: [35000, 95000], makers: pick([...VN_MAKERS, ...SUPP.slice(21)], 10, 2),
      ind: 'Giảm ho, long đờm, dịu họng trong ho khan, ho có đờm do cảm lạnh, viêm họng.', dosage: 'Người lớn: 10–15ml x 3 lần/ngày; trẻ em: 5ml x 3 lần/ngày.', side: 'Chưa ghi nhận.', contra: 'Trẻ dưới 1 tuổi.', prec: 'Người tiểu đường lưu ý thành phần đường.' },
    { base: 'Acetylcystein', strengths: ['200mg'], ing: () => [['Acetylcystein', '200mg']], form: 'Thuốc cốm', pack: 'hop30goi', price: [1200, 3000], makers: pick(GEN, 10, 8),
      ind: 'Làm loãng đờm trong viêm phế quản cấp và mạn, bệnh hô hấp có nhiều đờm đặc.', dosage: 'Người lớn: 1 gói x 3 lần/ngày.', side: 'Buồn nôn, tiêu chảy.', contra: 'Hen phế quản nặng.', prec: 'Không dùng cùng thuốc giảm ho.' },
    { base: 'Bromhexin', strengths: ['8mg'], ing: () => [['Bromhexin hydroclorid', '8mg']], form: 'Viên nén', pack: 'hop10x10', price: [200, 700], makers: pick(VN_MAKERS, 8, 11),
      ind: 'Tiêu đờm trong các bệnh phế quản phổi cấp và mạn tính.', dosage: 'Người lớn: 1–2 viên x 3 lần/ngày.', side: 'Rối loạn tiêu hóa nhẹ.', contra: 'Loét dạ dày.', prec: 'Thận trọng người hen.' },
  ],
  'cam-cum': [
    { base: 'Thuốc cảm cúm', strengths: ['ngày', 'đêm'], ing: (s) => (s === 'đêm' ? [['Paracetamol', '500mg'], ['Chlorpheniramine', '4mg'], ['Phenylephrine', '10mg']] : [['Paracetamol', '500mg'], ['Phenylephrine', '10mg'], ['Dextromethorphan', '15mg']]), form: 'Viên nén bao phim', pack: 'hop10x10', price: [600, 1800], makers: pick(GEN, 12, 3),
      ind: 'Giảm các triệu chứng cảm cúm: sốt, nhức đầu, sổ mũi, nghẹt mũi, ho.', dosage: 'Người lớn: 1 viên x 3 lần/ngày.', side: 'Buồn ngủ, khô miệng.', contra: 'Tăng huyết áp nặng; trẻ dưới 12 tuổi.', prec: 'Không lái xe khi dùng loại có thuốc kháng histamin.' },
    { base: 'Cốm cảm cúm trẻ em', strengths: ['1,5g'], ing: () => [['Paracetamol', '160mg'], ['Chlorpheniramine', '1mg']], form: 'Thuốc cốm', pack: 'hop20goi', price: [1500, 3500], makers: pick(VN_MAKERS, 8, 4),
      ind: 'Giảm sốt, sổ mũi, hắt hơi do cảm cúm ở trẻ em.', dosage: 'Theo tuổi, xem hướng dẫn trên bao bì.', side: 'Buồn ngủ.', contra: 'Trẻ dưới 2 tuổi.', prec: 'Không dùng quá 5 ngày.' },
  ],
  'hen-suyen': [
    { base: 'Salbutamol', strengths: ['2mg', '4mg'], ing: (s) => [['Salbutamol', s]], form: 'Viên nén', pack: 'hop10x10', price: [200, 800], makers: pick(GEN, 6, 2), rx: true,
      ind: 'Điều trị co thắt phế quản trong hen phế quản, viêm phế quản mạn.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Run tay, tim nhanh.', contra: 'Quá mẫn với salbutamol.', prec: RX_NOTE },
    { base: 'Budesonide xịt', strengths: ['100mcg', '200mcg'], ing: (s) => [['Budesonide', `${s}/liều`]], form: 'Bình xịt định liều', pack: 'binh', price: [150000, 320000], makers: pick(FOREIGN_MAKERS, 4, 1), rx: true,
      ind: 'Điều trị duy trì hen phế quản.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Khàn tiếng, nấm miệng.', contra: 'Lao phổi tiến triển.', prec: RX_NOTE },
  ],
  'viem-hong': [
    { base: 'Viên ngậm đau họng', strengths: ['bạc hà', 'chanh mật ong', 'gừng'], ing: () => [['Amylmetacresol', '0,6mg'], ['2,4-Dichlorobenzyl alcohol', '1,2mg']], form: 'Viên ngậm', pack: 'hop2x12', price: [1200, 2500], makers: pick(GEN, 10, 5),
      ind: 'Giảm đau họng, rát họng; sát khuẩn họng miệng.', dosage: 'Ngậm 1 viên mỗi 2–3 giờ, tối đa 12 viên/ngày.', side: 'Hiếm gặp.', contra: 'Trẻ dưới 6 tuổi.', prec: 'Không nhai hoặc nuốt cả viên.' },
    { base: 'Xịt họng keo ong', strengths: ['30ml'], ing: () => [['Keo ong (propolis)', ''], ['Mật ong', '']], form: 'Dung dịch xịt họng', pack: 'chai', price: [60000, 160000], makers: only(SUPP, 'Kudos', 'Ích Nhân', 'Nhất Nhất', 'Sao Thái Dương', 'Healthy Care', 'Blackmores').concat(only(VN_MAKERS, 'Traphaco', 'OPC')),
      ind: 'Hỗ trợ làm dịu họng, giảm ho, giảm đau rát họng.', dosage: 'Xịt 2–3 lần/ngày.', side: 'Hiếm gặp.', contra: 'Dị ứng phấn hoa, keo ong.', prec: SUPP_NOTE },
  ],
  'da-day': [
    { base: 'Omeprazol', strengths: ['20mg', '40mg'], ing: (s) => [['Omeprazol', s]], form: 'Viên nang cứng', pack: 'hop2x14', price: [600, 3500], makers: pick(GEN, 8, 6), rx: true,
      ind: 'Điều trị loét dạ dày tá tràng, trào ngược dạ dày thực quản, hội chứng Zollinger-Ellison.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Đau đầu, tiêu chảy.', contra: 'Quá mẫn với omeprazol.', prec: RX_NOTE },
    { base: 'Gel dạ dày', strengths: ['nhôm magnesi'], ing: () => [['Nhôm hydroxyd', '400mg'], ['Magnesi hydroxyd', '800mg'], ['Simethicone', '80mg']], form: 'Hỗn dịch uống', pack: 'hop20goi', price: [3000, 7000], makers: pick(GEN, 10, 1),
      ind: 'Giảm ợ nóng, ợ chua, đầy hơi, khó tiêu do tăng acid dạ dày.', dosage: '1 gói sau ăn 1–2 giờ và trước khi ngủ.', side: 'Táo bón hoặc tiêu chảy.', contra: 'Suy thận nặng.', prec: 'Uống cách thuốc khác 2 giờ.' },
    { base: 'Famotidin', strengths: ['20mg', '40mg'], ing: (s) => [['Famotidin', s]], form: 'Viên nén bao phim', pack: 'hop10x10', price: [400, 1500], makers: pick(GEN, 6, 13),
      ind: 'Giảm triệu chứng ợ nóng, khó tiêu do tăng acid.', dosage: 'Người lớn: 1 viên x 1–2 lần/ngày.', side: 'Đau đầu, chóng mặt.', contra: 'Quá mẫn với thuốc kháng H2.', prec: 'Không dùng quá 2 tuần khi chưa có ý kiến bác sĩ.' },
  ],
  'tieu-chay': [
    { base: 'Oresol cam', strengths: ['4,1g', '27,9g'], ing: () => [['Glucose khan', ''], ['Natri clorid', ''], ['Kali clorid', ''], ['Natri citrat', '']], form: 'Thuốc bột pha dung dịch uống', pack: 'hop20goi', price: [1200, 4000], makers: pick(VN_MAKERS, 10, 3),
      ind: 'Bù nước và điện giải khi tiêu chảy, nôn, sốt, ra nhiều mồ hôi.', dosage: 'Pha đúng lượng nước ghi trên gói, uống từng ngụm.', side: 'Nôn nhẹ.', contra: 'Vô niệu.', prec: 'Pha đúng hướng dẫn.' },
    { base: 'Diosmectit', strengths: ['3g'], ing: () => [['Diosmectit', '3g']], form: 'Thuốc bột pha hỗn dịch uống', pack: 'hop30goi', price: [2500, 4500], makers: pick(GEN, 8, 10),
      ind: 'Điều trị tiêu chảy cấp và mạn ở trẻ em và người lớn.', dosage: 'Người lớn: 3 gói/ngày.', side: 'Táo bón.', contra: 'Quá mẫn.', prec: 'Uống cách thuốc khác 2 giờ.' },
    { base: 'Loperamid', strengths: ['2mg'], ing: () => [['Loperamid hydroclorid', '2mg']], form: 'Viên nang cứng', pack: 'hop10x10', price: [300, 1000], makers: pick(VN_MAKERS, 12, 12),
      ind: 'Điều trị triệu chứng tiêu chảy cấp không biến chứng ở người lớn.', dosage: 'Khởi đầu 2 viên, sau đó 1 viên sau mỗi lần đi lỏng.', side: 'Táo bón, đau bụng.', contra: 'Trẻ dưới 6 tuổi; lỵ có sốt.', prec: 'Ngưng nếu không đỡ sau 48 giờ.' },
  ],
  'tao-bon': [
    { base: 'Lactulose', strengths: ['10g/15ml'], ing: () => [['Lactulose', '10g/15ml']], form: 'Dung dịch uống', pack: 'hop20goi', price: [3000, 6000], makers: pick(GEN, 8, 7),
      ind: 'Điều trị táo bón; bệnh não do gan.', dosage: 'Người lớn: 1–2 gói/ngày.', side: 'Đầy hơi.', contra: 'Galactosemia, tắc ruột.', prec: 'Uống nhiều nước.' },
    { base: 'Bisacodyl', strengths: ['5mg'], ing: () => [['Bisacodyl', '5mg']], form: 'Viên nén bao tan trong ruột', pack: 'hop10x10', price: [300, 900], makers: pick(VN_MAKERS, 12, 5),
      ind: 'Điều trị táo bón; làm sạch ruột trước phẫu thuật, nội soi.', dosage: 'Người lớn: 1–2 viên vào buổi tối.', side: 'Đau quặn bụng.', contra: 'Tắc ruột, viêm ruột thừa.', prec: 'Không dùng kéo dài.' },
    { base: 'Macrogol', strengths: ['4g', '10g'], ing: (s) => [['Macrogol 4000', s]], form: 'Thuốc bột pha dung dịch uống', pack: 'hop20goi', price: [3000, 7000], makers: pick(GEN, 6, 15),
      ind: 'Điều trị triệu chứng táo bón ở người lớn và trẻ em.', dosage: '1–2 gói/ngày vào buổi sáng.', side: 'Đầy bụng.', contra: 'Viêm ruột thực thể.', prec: 'Không dùng kéo dài.' },
  ],
  'men-tieu-hoa': [
    { base: 'Men vi sinh Bacillus clausii', strengths: ['2 tỷ/5ml', '4 tỷ/5ml'], ing: (s) => [['Bacillus clausii', s]], form: 'Hỗn dịch uống', pack: 'hop20ong', price: [5000, 12000], makers: pick([...VN_MAKERS, ...FOREIGN_MAKERS.slice(0, 3)], 16, 4),
      ind: 'Phòng và điều trị rối loạn tiêu hóa, tiêu chảy do mất cân bằng vi khuẩn đường ruột.', dosage: 'Người lớn: 2–3 ống/ngày; trẻ em: 1–2 ống/ngày.', side: 'Hiếm gặp.', contra: 'Quá mẫn.', prec: 'Uống cách kháng sinh 2 giờ.' },
    { base: 'Men tiêu hóa Lactobacillus', strengths: ['1g'], ing: () => [['Lactobacillus acidophilus', '10^8 CFU']], form: 'Thuốc bột', pack: 'hop30goi', price: [2000, 5000], makers: pick(VN_MAKERS, 16, 9),
      ind: 'Bổ sung vi khuẩn có lợi, hỗ trợ điều trị tiêu chảy, đầy bụng, khó tiêu.', dosage: '1 gói x 2–3 lần/ngày.', side: 'Hiếm gặp.', contra: 'Quá mẫn.', prec: 'Không pha với nước nóng.' },
  ],
  'khang-sinh': [
    { base: 'Cefuroxim', strengths: ['250mg', '500mg'], ing: (s) => [['Cefuroxim', s]], form: 'Viên nén bao phim', pack: 'hop1x10', price: [3000, 12000], makers: pick(GEN, 8, 2), rx: true,
      ind: 'Điều trị nhiễm khuẩn hô hấp, tai mũi họng, tiết niệu, da do vi khuẩn nhạy cảm.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Tiêu chảy, buồn nôn.', contra: 'Dị ứng cephalosporin.', prec: RX_NOTE },
    { base: 'Azithromycin', strengths: ['250mg', '500mg'], ing: (s) => [['Azithromycin', s]], form: 'Viên nén bao phim', pack: 'hop1x6', price: [4000, 15000], makers: pick(GEN, 8, 5), rx: true,
      ind: 'Điều trị nhiễm khuẩn đường hô hấp, da và mô mềm, nhiễm Chlamydia.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Rối loạn tiêu hóa.', contra: 'Dị ứng macrolid.', prec: RX_NOTE },
    { base: 'Ciprofloxacin', strengths: ['500mg'], ing: () => [['Ciprofloxacin', '500mg']], form: 'Viên nén bao phim', pack: 'hop10x10', price: [800, 3000], makers: pick(GEN, 6, 11), rx: true,
      ind: 'Điều trị nhiễm khuẩn tiết niệu, tiêu hóa, hô hấp do vi khuẩn nhạy cảm.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Buồn nôn, đau gân.', contra: 'Trẻ em, phụ nữ có thai.', prec: RX_NOTE },
  ],
  'khang-nam': [
    { base: 'Kem Clotrimazol', strengths: ['1%'], ing: () => [['Clotrimazol', '1%']], form: 'Kem bôi da', pack: 'tuyp10', price: [10000, 30000], makers: pick(GEN, 16, 6),
      ind: 'Điều trị nấm da, nấm kẽ chân, nấm bẹn, lang ben.', dosage: 'Bôi 2–3 lần/ngày trong 2–4 tuần.', side: 'Kích ứng tại chỗ.', contra: 'Quá mẫn.', prec: 'Tránh mắt.' },
    { base: 'Fluconazol', strengths: ['150mg'], ing: () => [['Fluconazol', '150mg']], form: 'Viên nang cứng', pack: 'hop1x1', price: [10000, 40000], makers: pick(GEN, 6, 3), rx: true,
      ind: 'Điều trị nấm Candida âm đạo, nấm miệng, nấm da.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Đau đầu, buồn nôn.', contra: 'Quá mẫn với azol.', prec: RX_NOTE },
  ],
  'huyet-ap': [
    { base: 'Amlodipin', strengths: ['5mg', '10mg'], ing: (s) => [['Amlodipin', s]], form: 'Viên nén', pack: 'hop3x10', price: [300, 2500], makers: pick(GEN, 6, 4), rx: true,
      ind: 'Điều trị tăng huyết áp, đau thắt ngực.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Phù cổ chân, đau đầu.', contra: 'Hạ huyết áp nặng.', prec: RX_NOTE },
    { base: 'Losartan', strengths: ['50mg', '100mg'], ing: (s) => [['Losartan kali', s]], form: 'Viên nén bao phim', pack: 'hop3x10', price: [800, 4000], makers: pick(GEN, 6, 9), rx: true,
      ind: 'Điều trị tăng huyết áp; bảo vệ thận ở người đái tháo đường typ 2.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Chóng mặt, tăng kali máu.', contra: 'Phụ nữ có thai.', prec: RX_NOTE },
  ],
  'mo-mau': [
    { base: 'Atorvastatin', strengths: ['10mg', '20mg'], ing: (s) => [['Atorvastatin', s]], form: 'Viên nén bao phim', pack: 'hop3x10', price: [800, 6000], makers: pick(GEN, 6, 7), rx: true,
      ind: 'Điều trị tăng cholesterol máu, dự phòng bệnh tim mạch.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Đau cơ, tăng men gan.', contra: 'Bệnh gan tiến triển.', prec: RX_NOTE },
    { base: 'Fenofibrat', strengths: ['145mg', '300mg'], ing: (s) => [['Fenofibrat', s]], form: 'Viên nang cứng', pack: 'hop3x10', price: [1500, 6000], makers: pick(GEN, 5, 12), rx: true,
      ind: 'Điều trị tăng triglycerid máu, rối loạn lipid máu hỗn hợp.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Rối loạn tiêu hóa.', contra: 'Suy gan, suy thận nặng.', prec: RX_NOTE },
  ],
  'chong-dong': [
    { base: 'Clopidogrel', strengths: ['75mg'], ing: () => [['Clopidogrel', '75mg']], form: 'Viên nén bao phim', pack: 'hop3x10', price: [1500, 9000], makers: pick(GEN, 8, 1), rx: true,
      ind: 'Phòng ngừa huyết khối sau nhồi máu cơ tim, đột quỵ, bệnh động mạch ngoại biên.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Chảy máu, bầm tím.', contra: 'Đang chảy máu.', prec: RX_NOTE },
    { base: 'Aspirin', strengths: ['81mg', '100mg'], ing: (s) => [['Acid acetylsalicylic', s]], form: 'Viên nén bao tan trong ruột', pack: 'hop3x10', price: [300, 1500], makers: pick(GEN, 6, 14), rx: true,
      ind: 'Dự phòng thứ phát nhồi máu cơ tim và đột quỵ.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Đau dạ dày, chảy máu.', contra: 'Loét dạ dày; trẻ dưới 16 tuổi.', prec: RX_NOTE },
  ],
  'tieu-duong': [
    { base: 'Metformin', strengths: ['500mg', '850mg', '1000mg'], ing: (s) => [['Metformin hydroclorid', s]], form: 'Viên nén bao phim', pack: 'hop5x10', price: [300, 2500], makers: pick(GEN, 6, 6), rx: true,
      ind: 'Điều trị đái tháo đường typ 2.', dosage: 'Theo chỉ định của bác sĩ, uống trong hoặc sau ăn.', side: 'Buồn nôn, tiêu chảy.', contra: 'Suy thận nặng, nhiễm toan.', prec: RX_NOTE },
    { base: 'Gliclazid', strengths: ['30mg', '60mg'], ing: (s) => [['Gliclazid', s]], form: 'Viên nén phóng thích kéo dài', pack: 'hop2x15', price: [800, 4000], makers: pick(GEN, 5, 10), rx: true,
      ind: 'Điều trị đái tháo đường typ 2.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Hạ đường huyết.', contra: 'Đái tháo đường typ 1.', prec: RX_NOTE },
  ],
  'kem-boi-da': [
    { base: 'Kem bôi ngoài da', strengths: ['10g', '15g'], ing: () => [['Dexpanthenol', '5%']], form: 'Kem bôi da', pack: 'tuyp10', price: [20000, 80000], makers: pick(GEN, 12, 2),
      ind: 'Làm dịu da, hỗ trợ phục hồi da bị khô, nứt nẻ, trầy xước nhẹ, bỏng nhẹ.', dosage: 'Bôi 1–3 lần/ngày.', side: 'Hiếm gặp.', contra: 'Quá mẫn.', prec: 'Chỉ dùng ngoài da.' },
    { base: 'Kem trị bỏng', strengths: ['20g'], ing: () => [['Bạc sulfadiazin', '1%']], form: 'Kem bôi da', pack: 'tuyp10', price: [25000, 70000], makers: pick(VN_MAKERS, 8, 7),
      ind: 'Phòng và điều trị nhiễm khuẩn trên vết bỏng.', dosage: 'Bôi lớp dày 1–3mm, 1–2 lần/ngày.', side: 'Nóng rát.', contra: 'Trẻ sơ sinh; dị ứng sulfonamid.', prec: 'Tránh diện rộng kéo dài.' },
  ],
  'sat-trung': [
    { base: 'Povidon iod', strengths: ['10% 20ml', '10% 90ml'], ing: () => [['Povidon iod', '10%']], form: 'Dung dịch dùng ngoài', pack: 'chai', price: [10000, 45000], makers: pick(VN_MAKERS, 10, 1),
      ind: 'Sát khuẩn da, vết thương, vết bỏng nhẹ.', dosage: 'Bôi lên vùng da 1–3 lần/ngày.', side: 'Kích ứng da.', contra: 'Cường giáp.', prec: 'Không dùng kéo dài diện rộng.' },
    { base: 'Oxy già', strengths: ['3% 60ml'], ing: () => [['Hydrogen peroxid', '3%']], form: 'Dung dịch dùng ngoài', pack: 'chai', price: [5000, 15000], makers: pick(VN_MAKERS, 8, 5),
      ind: 'Rửa vết thương, sát khuẩn.', dosage: 'Dùng ngoài.', side: 'Rát nhẹ.', contra: 'Không dùng cho khoang kín.', prec: 'Đậy kín, tránh ánh sáng.' },
  ],
  'nho-mat': [
    { base: 'Nước mắt nhân tạo', strengths: ['10ml', '15ml'], ing: () => [['Natri hyaluronat', '0,1%']], form: 'Dung dịch nhỏ mắt', pack: 'lo', price: [30000, 120000], makers: pick(GEN, 10, 3),
      ind: 'Giảm khô mắt, mỏi mắt, cộm mắt khi làm việc với máy tính.', dosage: 'Nhỏ 1–2 giọt/lần, 3–6 lần/ngày.', side: 'Nhìn mờ thoáng qua.', contra: 'Quá mẫn.', prec: 'Dùng trong 1 tháng sau khi mở.' },
    { base: 'Thuốc nhỏ mắt kháng sinh', strengths: ['0,3%'], ing: () => [['Tobramycin', '0,3%']], form: 'Dung dịch nhỏ mắt', pack: 'lo', price: [25000, 70000], makers: pick(GEN, 6, 8), rx: true,
      ind: 'Điều trị nhiễm khuẩn mắt: viêm kết mạc, viêm bờ mi.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Kích ứng mắt.', contra: 'Quá mẫn aminoglycosid.', prec: RX_NOTE },
  ],
  'xit-mui': [
    { base: 'Xịt mũi Xylometazolin', strengths: ['0,05%', '0,1%'], ing: (s) => [['Xylometazolin hydroclorid', s]], form: 'Dung dịch xịt mũi', pack: 'lo', price: [20000, 60000], makers: pick(GEN, 8, 5),
      ind: 'Giảm nghẹt mũi do cảm lạnh, viêm mũi, viêm xoang.', dosage: 'Xịt 1 lần mỗi bên, 2–3 lần/ngày, không quá 7 ngày.', side: 'Khô mũi.', contra: 'Trẻ dưới 2 tuổi (loại 0,1% cho trẻ dưới 12 tuổi).', prec: 'Dùng kéo dài gây nghẹt mũi hồi ứng.' },
    { base: 'Xịt mũi nước biển', strengths: ['70ml', '100ml'], ing: () => [['Nước biển sâu tinh khiết', '']], form: 'Dung dịch xịt mũi', pack: 'chai', price: [45000, 150000], makers: pick([...BABY.slice(7, 9), ...VN_MAKERS], 8, 1),
      ind: 'Vệ sinh mũi hằng ngày, hỗ trợ giảm nghẹt mũi, sổ mũi.', dosage: 'Xịt 1–2 lần mỗi bên mũi, 2–6 lần/ngày.', side: 'Không có.', contra: 'Không có.', prec: 'Vệ sinh đầu xịt sau khi dùng.' },
  ],
  'nuoc-muoi': [
    { base: 'Nước muối sinh lý Natri clorid 0,9%', strengths: ['10ml', '500ml', '1000ml'], ing: () => [['Natri clorid', '0,9%']], form: 'Dung dịch dùng ngoài', pack: 'chai', price: [2000, 20000], makers: pick(VN_MAKERS, 12, 4),
      ind: 'Nhỏ mắt, nhỏ mũi, súc miệng, rửa vết thương.', dosage: 'Dùng ngoài theo nhu cầu.', side: 'Không có.', contra: 'Không có.', prec: 'Không dùng để tiêm truyền.' },
  ],
  'hoat-huyet': [
    { base: 'Hoạt huyết dưỡng não', strengths: ['viên bao đường', 'viên nang'], ing: () => [['Cao đinh lăng', '150mg'], ['Cao bạch quả', '5mg']], form: 'Viên bao đường', pack: 'hop5x20', price: [400, 1500], makers: pick(VN_MAKERS, 10, 2),
      ind: 'Hỗ trợ điều trị thiểu năng tuần hoàn não, đau đầu, chóng mặt, mất ngủ, suy giảm trí nhớ.', dosage: '2 viên x 2–3 lần/ngày.', side: 'Chưa ghi nhận.', contra: 'Phụ nữ có thai.', prec: 'Thận trọng khi dùng cùng thuốc chống đông.' },
    { base: 'Piracetam', strengths: ['400mg', '800mg'], ing: (s) => [['Piracetam', s]], form: 'Viên nang cứng', pack: 'hop10x10', price: [400, 2000], makers: pick(GEN, 6, 9), rx: true,
      ind: 'Điều trị suy giảm nhận thức, chóng mặt, di chứng sau đột quỵ.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Bồn chồn, mất ngủ.', contra: 'Suy thận nặng.', prec: RX_NOTE },
  ],
  'bo-gan': [
    { base: 'Silymarin', strengths: ['70mg', '140mg'], ing: (s) => [['Silymarin', s]], form: 'Viên nang cứng', pack: 'hop10x10', price: [500, 2500], makers: pick(GEN, 10, 4),
      ind: 'Hỗ trợ điều trị viêm gan, xơ gan, gan nhiễm mỡ, tổn thương gan do rượu, thuốc.', dosage: '1–2 viên x 3 lần/ngày.', side: 'Tiêu chảy nhẹ.', contra: 'Quá mẫn.', prec: 'Dùng theo đợt.' },
    { base: 'Giải độc gan Actiso', strengths: ['viên', 'ống'], ing: () => [['Cao Actiso', '200mg']], form: 'Viên bao đường', pack: 'hop5x20', price: [300, 1200], makers: pick(VN_MAKERS, 10, 8),
      ind: 'Giải độc gan, thông mật, hỗ trợ tiêu hóa; mẩn ngứa, mụn nhọt do nóng gan.', dosage: '2 viên x 3 lần/ngày.', side: 'Đi ngoài phân lỏng.', contra: 'Tắc mật.', prec: 'Phụ nữ có thai hỏi ý kiến bác sĩ.' },
  ],
  corticoid: [
    { base: 'Loratadin', strengths: ['10mg'], ing: () => [['Loratadin', '10mg']], form: 'Viên nén', pack: 'hop10x10', price: [300, 1500], makers: pick(GEN, 10, 1),
      ind: 'Điều trị viêm mũi dị ứng, mày đay, ngứa do dị ứng.', dosage: 'Người lớn: 1 viên/ngày.', side: 'Đau đầu, khô miệng.', contra: 'Quá mẫn.', prec: 'Thận trọng ở người suy gan.' },
    { base: 'Cetirizin', strengths: ['10mg'], ing: () => [['Cetirizin dihydroclorid', '10mg']], form: 'Viên nén bao phim', pack: 'hop10x10', price: [300, 1500], makers: pick(GEN, 8, 7),
      ind: 'Điều trị viêm mũi dị ứng theo mùa và quanh năm, mày đay mạn tính.', dosage: 'Người lớn: 1 viên/ngày.', side: 'Buồn ngủ nhẹ.', contra: 'Suy thận nặng.', prec: 'Thận trọng khi lái xe.' },
    { base: 'Prednisolon', strengths: ['5mg'], ing: () => [['Prednisolon', '5mg']], form: 'Viên nén', pack: 'hop10x10', price: [200, 800], makers: pick(VN_MAKERS, 6, 3), rx: true,
      ind: 'Điều trị các bệnh viêm, dị ứng, tự miễn theo chỉ định.', dosage: 'Theo chỉ định của bác sĩ.', side: 'Tăng đường huyết, loãng xương khi dùng kéo dài.', contra: 'Nhiễm nấm toàn thân.', prec: RX_NOTE },
  ],
  // ---------------- Thực phẩm chức năng ----------------
  'vitamin-tong-hop': [
    { base: 'Vitamin tổng hợp', strengths: ['người lớn', 'nam', 'nữ', '50+'], ing: () => [['Vitamin A', ''], ['Vitamin B', ''], ['Vitamin C', ''], ['Vitamin D3', ''], ['Kẽm', '']], form: 'Viên nén bao phim', pack: 'lo60', price: [3000, 12000], makers: pick(SUPP, 16, 1), supp: true,
      ind: 'Bổ sung vitamin và khoáng chất, hỗ trợ tăng cường sức khỏe, giảm mệt mỏi.', dosage: '1 viên/ngày sau ăn sáng.' },
    { base: 'Vitamin nhóm B', strengths: ['B-Complex'], ing: () => [['Vitamin B1', ''], ['Vitamin B6', ''], ['Vitamin B12', '']], form: 'Viên nén', pack: 'lo100', price: [1000, 5000], makers: pick(SUPP, 10, 4), supp: true,
      ind: 'Bổ sung vitamin nhóm B, hỗ trợ hệ thần kinh, giảm mệt mỏi.', dosage: '1 viên/ngày.' },
  ],
  'vitamin-c': [
    { base: 'Vitamin C', strengths: ['500mg', '1000mg'], ing: (s) => [['Vitamin C', s]], form: 'Viên nén', pack: 'lo100', price: [500, 4000], makers: pick([...SUPP, ...VN_MAKERS.slice(0, 10)], 22, 2), supp: true,
      ind: 'Bổ sung vitamin C, hỗ trợ tăng sức đề kháng, chống oxy hóa.', dosage: '1 viên/ngày sau ăn.' },
    { base: 'Vitamin C sủi', strengths: ['1000mg'], ing: () => [['Vitamin C', '1000mg']], form: 'Viên sủi', pack: 'tuyp10vien', price: [3000, 8000], makers: pick([...SUPP, ...VN_MAKERS], 8, 9), supp: true,
      ind: 'Bổ sung vitamin C, giúp tăng sức đề kháng, giảm mệt mỏi.', dosage: '1 viên/ngày, hòa tan trong nước.' },
  ],
  'canxi-vitamin-d': [
    { base: 'Canxi + D3', strengths: ['600mg', '1200mg'], ing: (s) => [['Calci carbonat', s], ['Vitamin D3', '400IU']], form: 'Viên nén', pack: 'lo60', price: [2000, 9000], makers: pick(SUPP, 14, 3), supp: true,
      ind: 'Bổ sung canxi và vitamin D3, hỗ trợ xương răng chắc khỏe, phòng loãng xương.', dosage: '1 viên/ngày sau ăn.' },
    { base: 'Vitamin D3 K2', strengths: ['giọt 10ml'], ing: () => [['Vitamin D3', '400IU/giọt'], ['Vitamin K2 (MK7)', '']], form: 'Dung dịch nhỏ giọt', pack: 'lo', price: [150000, 420000], makers: pick([...SUPP, ...BABY.slice(10)], 8, 6), supp: true,
      ind: 'Bổ sung vitamin D3 và K2 cho trẻ, hỗ trợ phát triển chiều cao, xương chắc khỏe.', dosage: '1 giọt/ngày.' },
  ],
  'kem-sat': [
    { base: 'Kẽm gluconat', strengths: ['10mg', '15mg', '25mg'], ing: (s) => [['Kẽm', s]], form: 'Viên nén', pack: 'lo60', price: [1500, 6000], makers: pick([...SUPP, ...VN_MAKERS.slice(0, 8)], 12, 5), supp: true,
      ind: 'Bổ sung kẽm, hỗ trợ tăng sức đề kháng, cải thiện vị giác, hỗ trợ da khỏe.', dosage: '1 viên/ngày sau ăn.' },
    { base: 'Sắt + Acid folic', strengths: ['sắt hữu cơ'], ing: () => [['Sắt bisglycinat', '30mg'], ['Acid folic', '400mcg']], form: 'Viên nang mềm', pack: 'lo60', price: [2500, 8000], makers: pick(SUPP, 8, 8), supp: true,
      ind: 'Bổ sung sắt và acid folic, hỗ trợ giảm nguy cơ thiếu máu do thiếu sắt.', dosage: '1 viên/ngày.' },
  ],
  'omega-3': [
    { base: 'Dầu cá Omega-3', strengths: ['1000mg', '1200mg'], ing: (s) => [['Dầu cá (EPA, DHA)', s]], form: 'Viên nang mềm', pack: 'lo100', price: [2000, 7000], makers: pick(SUPP, 18, 2), supp: true,
      ind: 'Bổ sung Omega-3, hỗ trợ tim mạch, não bộ và thị lực.', dosage: '1–2 viên/ngày trong bữa ăn.' },
  ],
  'bo-nao': [
    { base: 'Ginkgo Biloba', strengths: ['60mg', '120mg', '240mg'], ing: (s) => [['Chiết xuất bạch quả', s]], form: 'Viên nang', pack: 'lo60', price: [2000, 8000], makers: pick(SUPP, 14, 7), supp: true,
      ind: 'Hỗ trợ tăng cường tuần hoàn não, cải thiện trí nhớ, giảm đau đầu, hoa mắt chóng mặt.', dosage: '1 viên x 1–2 lần/ngày.' },
  ],
  'xuong-khop': [
    { base: 'Glucosamine', strengths: ['1500mg', '2000mg'], ing: (s) => [['Glucosamine sulfat', s], ['Chondroitin', '']], form: 'Viên nén', pack: 'lo100', price: [3000, 10000], makers: pick(SUPP, 16, 3), supp: true,
      ind: 'Hỗ trợ tái tạo sụn khớp, giảm thoái hóa khớp, giúp khớp vận động linh hoạt.', dosage: '1 viên/ngày sau ăn.' },
  ],
  'ho-tro-gan': [
    { base: 'Bổ gan Milk Thistle', strengths: ['500mg', '1000mg'], ing: (s) => [['Chiết xuất cây kế sữa', s]], form: 'Viên nang', pack: 'lo60', price: [3000, 9000], makers: pick(SUPP, 14, 5), supp: true,
      ind: 'Hỗ trợ thanh nhiệt, giải độc gan, bảo vệ tế bào gan.', dosage: '1 viên x 1–2 lần/ngày.' },
  ],
  collagen: [
    { base: 'Collagen', strengths: ['thủy phân', 'type 1&3', '+C'], ing: () => [['Collagen thủy phân', '6000mg'], ['Vitamin C', '']], form: 'Viên nén', pack: 'lo120', price: [2000, 7000], makers: pick(SUPP, 14, 9), supp: true,
      ind: 'Hỗ trợ làm đẹp da, giảm nếp nhăn, giúp tóc và móng chắc khỏe.', dosage: '3–6 viên/ngày.' },
  ],
  'tieu-hoa-tpcn': [
    { base: 'Chất xơ hòa tan', strengths: ['hộp 20 gói'], ing: () => [['Inulin', ''], ['Psyllium', '']], form: 'Thuốc bột', pack: 'hop20goi', price: [4000, 12000], makers: pick(SUPP, 16, 11), supp: true,
      ind: 'Bổ sung chất xơ, hỗ trợ nhuận tràng, giảm táo bón.', dosage: '1–2 gói/ngày.' },
    { base: 'Men vi sinh 10 chủng', strengths: ['hộp 30 gói'], ing: () => [['Lợi khuẩn (10 chủng)', '10 tỷ CFU']], form: 'Thuốc bột', pack: 'hop30goi', price: [5000, 15000], makers: pick(SUPP, 16, 13), supp: true,
      ind: 'Bổ sung lợi khuẩn, hỗ trợ cân bằng hệ vi sinh đường ruột.', dosage: '1 gói/ngày.' },
  ],
  // ---------------- Dược mỹ phẩm ----------------
  'sua-rua-mat': [
    { base: 'Sữa rửa mặt', prefix: true, strengths: ['Gentle Cleanser 236ml', 'Foaming Cleanser 150ml', 'Hydrating Cleanser 473ml', 'Gel rửa mặt da dầu 200ml'], ing: () => [['Glycerin', ''], ['Ceramide', '']], form: 'Sữa rửa mặt', pack: 'chai', price: [120000, 450000], makers: pick(COSME, 20, 1), cosme: true,
      ind: 'Làm sạch bụi bẩn, dầu thừa, giữ ẩm cho da; phù hợp da nhạy cảm.', dosage: 'Dùng 2 lần/ngày sáng và tối.' },
  ],
  'kem-duong-am': [
    { base: 'Kem dưỡng ẩm', prefix: true, strengths: ['Moisturizing Cream 50ml', 'Gel dưỡng ẩm 50ml', 'Kem phục hồi 40ml'], ing: () => [['Ceramide', ''], ['Hyaluronic acid', ''], ['Niacinamide', '']], form: 'Kem dưỡng da', pack: 'hu', price: [180000, 650000], makers: pick(COSME, 20, 4), cosme: true,
      ind: 'Cấp ẩm, phục hồi hàng rào bảo vệ da, giúp da mềm mịn.', dosage: 'Thoa lên da sạch sáng và tối.' },
  ],
  serum: [
    { base: 'Serum', prefix: true, strengths: ['Niacinamide 10% 30ml', 'Vitamin C 30ml', 'Hyaluronic Acid B5 30ml', 'Retinol 0,3% 30ml'], ing: () => [['Niacinamide', ''], ['Vitamin C', ''], ['Hyaluronic acid', '']], form: 'Serum', pack: 'lo', price: [200000, 900000], makers: pick(COSME, 20, 6), cosme: true,
      ind: 'Dưỡng sáng da, mờ thâm, se khít lỗ chân lông, cấp ẩm chuyên sâu.', dosage: 'Thoa 2–3 giọt sau bước làm sạch.' },
  ],
  'tri-mun': [
    { base: 'Kem trị mụn', prefix: true, strengths: ['Spot Gel 15g', 'Duo+ 40ml', 'BHA 2% 30ml'], ing: () => [['Salicylic acid', ''], ['Niacinamide', ''], ['Zinc', '']], form: 'Gel bôi da', pack: 'tuyp10', price: [90000, 480000], makers: only(COSME, 'Cosrx', 'Some By Mi', "Paula's Choice", 'La Roche-Posay', 'Bioderma', 'Vichy', 'Avène', 'Eucerin', 'Obagi', 'Ducray', 'The Ordinary', 'Klairs', 'Neutrogena', 'Cetaphil', 'SVR', 'Uriage', 'Innisfree', 'A-Derma'), cosme: true,
      ind: 'Hỗ trợ giảm mụn viêm, mụn đầu đen, ngừa thâm sau mụn.', dosage: 'Thoa lên vùng mụn 1–2 lần/ngày.' },
  ],
  'chong-nang': [
    { base: 'Kem chống nắng', prefix: true, strengths: ['SPF50+ PA++++ 50ml', 'SPF50 Fluid 40ml', 'Gel chống nắng SPF50+ 80g'], ing: () => [['Tinosorb S', ''], ['Zinc oxide', '']], form: 'Kem chống nắng', pack: 'tuyp10', price: [150000, 620000], makers: only(COSME, 'Skin Aqua', 'Sunplay', 'La Roche-Posay', 'Bioderma', 'Vichy', 'Avène', 'Eucerin', 'Neutrogena', 'Cetaphil', 'Bioré', 'Klairs', 'Some By Mi', 'Innisfree', 'Uriage', 'SVR', 'Nivea', 'Garnier', 'Laneige', 'A-Derma', 'Cosrx'), cosme: true,
      ind: 'Bảo vệ da khỏi tia UVA/UVB, ngăn sạm nám, lão hóa do ánh nắng.', dosage: 'Thoa 15 phút trước khi ra nắng, thoa lại sau 2 giờ.' },
  ],
  'tay-trang': [
    { base: 'Nước tẩy trang', prefix: true, strengths: ['Micellar Water 400ml', 'Micellar 250ml', 'Dầu tẩy trang 150ml'], ing: () => [['Micelle', ''], ['Glycerin', '']], form: 'Nước tẩy trang', pack: 'chai', price: [120000, 480000], makers: pick(COSME, 18, 12), cosme: true,
      ind: 'Làm sạch lớp trang điểm và bụi bẩn dịu nhẹ, không gây khô da.', dosage: 'Thấm bông tẩy trang, lau nhẹ lên da.' },
  ],
  'sua-tam': [
    { base: 'Sữa tắm', prefix: true, strengths: ['dưỡng ẩm 500ml', 'cho da nhạy cảm 400ml', 'trị mụn lưng 200ml'], ing: () => [['Glycerin', ''], ['Bơ hạt mỡ', '']], form: 'Sữa tắm', pack: 'chai', price: [90000, 420000], makers: only(COSME, 'Dove', 'Nivea', 'Cetaphil', 'CeraVe', 'Eucerin', 'A-Derma', 'La Roche-Posay', 'Bioré', 'Neutrogena', 'Vaseline', 'Avène', 'Uriage', 'Bioderma', 'SVR', 'Simple', 'Garnier'), cosme: true,
      ind: 'Làm sạch và dưỡng ẩm cơ thể, dịu nhẹ với da nhạy cảm.', dosage: 'Dùng hằng ngày khi tắm.' },
  ],
  'duong-the': [
    { base: 'Sữa dưỡng thể', prefix: true, strengths: ['Lotion 400ml', 'Body Cream 200ml', 'Urea 10% 250ml'], ing: () => [['Urea', ''], ['Ceramide', ''], ['Glycerin', '']], form: 'Kem dưỡng thể', pack: 'chai', price: [110000, 450000], makers: only(COSME, 'Dove', 'Nivea', 'Cetaphil', 'CeraVe', 'Eucerin', 'A-Derma', 'La Roche-Posay', 'Bioré', 'Neutrogena', 'Vaseline', 'Avène', 'Uriage', 'Bioderma', 'SVR', 'Simple', 'Garnier'), cosme: true,
      ind: 'Dưỡng ẩm sâu, làm mềm da khô, thô ráp.', dosage: 'Thoa toàn thân sau khi tắm.' },
  ],
  // ---------------- Chăm sóc cá nhân ----------------
  've-sinh-phu-nu': [
    { base: 'Dung dịch vệ sinh phụ nữ', prefix: true, strengths: ['150ml', '250ml', 'hằng ngày 100ml', 'kháng khuẩn 150ml', 'dịu nhẹ 250ml', 'bạc hà 100ml'], ing: () => [['Acid lactic', ''], ['Chiết xuất thảo dược', '']], form: 'Dung dịch vệ sinh', pack: 'chai', price: [35000, 180000], makers: only(CARE, 'Lactacyd', 'Saforelle', 'Femfresh', 'Dạ Hương'), cosme: true,
      ind: 'Làm sạch dịu nhẹ, cân bằng pH, khử mùi vùng kín.', dosage: 'Dùng 1–2 lần/ngày.' },
  ],
  'cham-soc-rang-mieng': [
    { base: 'Kem đánh răng', prefix: true, strengths: ['cho răng nhạy cảm 100g', 'trắng răng 120g', 'ngừa sâu răng 180g', 'bảo vệ nướu 100g', 'than hoạt tính 120g', 'trẻ em 75g'], ing: () => [['Natri fluorid', '0,145%']], form: 'Kem đánh răng', pack: 'tuyp10', price: [25000, 120000], makers: only(CARE, 'Sensodyne', 'Colgate', 'P/S', 'Oral-B'), cosme: true,
      ind: 'Làm sạch răng, ngừa sâu răng, giảm ê buốt.', dosage: 'Chải răng 2 lần/ngày.' },
    { base: 'Nước súc miệng', prefix: true, strengths: ['250ml', '500ml', 'không cồn 500ml', 'trà xanh 250ml'], ing: () => [['Cetylpyridinium chlorid', ''], ['Tinh dầu bạc hà', '']], form: 'Nước súc miệng', pack: 'chai', price: [40000, 150000], makers: only(CARE, 'Listerine', 'Colgate', 'P/S', 'Oral-B'), cosme: true,
      ind: 'Diệt khuẩn, ngừa mảng bám, hơi thở thơm mát.', dosage: 'Súc miệng 20ml trong 30 giây, 2 lần/ngày.' },
  ],
  'bao-cao-su': [
    { base: 'Bao cao su', prefix: true, strengths: ['siêu mỏng hộp 3', 'có gai hộp 10', 'kéo dài thời gian hộp 12', 'siêu mỏng hộp 10', 'hương dâu hộp 3', 'size lớn hộp 10'], ing: () => [], form: 'Bao cao su', pack: 'hopcai', price: [5000, 25000], makers: only(CARE, 'Durex', 'OK', 'Sagami', 'Okamoto'), cosme: true,
      ind: 'Tránh thai, phòng ngừa bệnh lây truyền qua đường tình dục.', dosage: 'Dùng một lần.' },
  ],
  'gel-boi-tron': [
    { base: 'Gel bôi trơn', prefix: true, strengths: ['50ml', '100ml', 'hương dâu 50ml', 'lô hội 100ml'], ing: () => [['Glycerin', ''], ['Nước tinh khiết', '']], form: 'Gel bôi trơn', pack: 'tuyp10', price: [60000, 250000], makers: only(CARE, 'Durex', 'OK', 'Sagami', 'Okamoto'), cosme: true,
      ind: 'Tăng độ trơn, giảm khô rát.', dosage: 'Dùng lượng vừa đủ.' },
  ],
  'dau-gio': [
    { base: 'Dầu gió', strengths: ['3ml', '6ml', '12ml'], ing: () => [['Menthol', ''], ['Methyl salicylate', ''], ['Tinh dầu khuynh diệp', '']], form: 'Dầu xoa', pack: 'chai', price: [15000, 80000], makers: pick([...CARE.slice(12, 15), ...VN_MAKERS], 10, 1),
      ind: 'Giảm nhức đầu, chóng mặt, say tàu xe, đau bụng, côn trùng cắn.', dosage: 'Xoa vài giọt lên vùng cần thiết.', side: 'Kích ứng da nhạy cảm.', contra: 'Trẻ dưới 2 tuổi.', prec: 'Tránh mắt và niêm mạc.' },
    { base: 'Cao xoa', strengths: ['10g', '20g'], ing: () => [['Long não', ''], ['Menthol', ''], ['Tinh dầu bạc hà', '']], form: 'Cao xoa', pack: 'hu', price: [10000, 45000], makers: pick([...CARE.slice(12, 15), ...VN_MAKERS], 8, 5),
      ind: 'Giảm đau nhức, cảm lạnh, nghẹt mũi, côn trùng cắn.', dosage: 'Xoa lên vùng cần thiết.', side: 'Nóng rát nhẹ.', contra: 'Trẻ dưới 2 tuổi.', prec: 'Không dùng trên vết thương hở.' },
  ],
  'khau-trang': [
    { base: 'Khẩu trang y tế', strengths: ['3 lớp hộp 50 cái', '4 lớp hộp 50 cái', 'KN95 hộp 10 cái', 'trẻ em hộp 20 cái', 'N95 hộp 20 cái', 'than hoạt tính hộp 50 cái'], ing: () => [], form: 'Khẩu trang', pack: 'hopcai', price: [800, 5000], makers: only(CARE, 'Famapro', 'Kichilachi', '3M', 'Unicharm'), device: true,
      ind: 'Ngăn bụi mịn, giọt bắn và vi khuẩn.', dosage: 'Đeo kín mũi miệng, dùng một lần.' },
  ],
  // ---------------- Thiết bị y tế ----------------
  'may-do-huyet-ap': [
    { base: 'Máy đo huyết áp', strengths: ['bắp tay tự động', 'cổ tay', 'bắp tay có giọng nói', 'bắp tay kết nối Bluetooth'], ing: () => [], form: 'Thiết bị y tế', pack: 'may', price: [550000, 1900000], makers: only(DEVICE, 'Omron', 'Microlife', 'Beurer', 'Rossmax', 'Yuwell'), device: true,
      ind: 'Đo huyết áp và nhịp tim tự động tại nhà, cảnh báo nhịp tim không đều.', dosage: 'Ngồi nghỉ 5 phút trước khi đo.' },
  ],
  'nhiet-ke': [
    { base: 'Nhiệt kế', strengths: ['điện tử đầu mềm', 'hồng ngoại đo trán', 'hồng ngoại đo tai', 'điện tử kẹp nách'], ing: () => [], form: 'Thiết bị y tế', pack: 'may', price: [60000, 1200000], makers: only(DEVICE, 'Omron', 'Microlife', 'Beurer', 'Rossmax', 'Yuwell'), device: true,
      ind: 'Đo thân nhiệt nhanh và chính xác, báo sốt.', dosage: 'Dùng theo hướng dẫn của nhà sản xuất.' },
  ],
  'may-do-duong-huyet': [
    { base: 'Máy đo đường huyết', strengths: ['kèm 10 que', 'kèm 25 que'], ing: () => [], form: 'Thiết bị y tế', pack: 'may', price: [450000, 1500000], makers: only(DEVICE, 'Accu-Chek', 'OneTouch', 'Contour', 'Yuwell', 'Rossmax'), device: true,
      ind: 'Đo đường huyết mao mạch tại nhà, cho kết quả sau 5 giây.', dosage: 'Dùng theo hướng dẫn của nhà sản xuất.' },
    { base: 'Que thử đường huyết', strengths: ['hộp 25 que', 'hộp 50 que'], ing: () => [], form: 'Que thử', pack: 'hopque', price: [5000, 12000], makers: only(DEVICE, 'Accu-Chek', 'OneTouch', 'Contour', 'Yuwell', 'Rossmax'), device: true,
      ind: 'Que thử dùng cho máy đo đường huyết cùng hãng.', dosage: 'Dùng một lần.' },
  ],
  'bang-gac': [
    { base: 'Băng cá nhân', strengths: ['hộp 100 miếng', 'chống nước hộp 20 miếng', 'trẻ em hộp 20 miếng'], ing: () => [], form: 'Băng dán', pack: 'hopmieng', price: [300, 1500], makers: only(DEVICE, 'Urgo', 'Bông Bạch Tuyết', 'Vinphaco').concat(only(CARE, '3M')), device: true,
      ind: 'Bảo vệ vết thương nhỏ, vết trầy xước.', dosage: 'Thay băng hằng ngày.' },
    { base: 'Gạc y tế tiệt trùng', strengths: ['10x10cm gói 10 miếng', '5x7cm gói 10 miếng'], ing: () => [], form: 'Gạc y tế', pack: 'goi', price: [8000, 30000], makers: only(DEVICE, 'Urgo', 'Bông Bạch Tuyết', 'Vinphaco').concat(only(VN_MAKERS, 'Mediplantex', 'Danapha')), device: true,
      ind: 'Băng bó, che phủ vết thương.', dosage: 'Dùng một lần.' },
    { base: 'Bông y tế', strengths: ['25g', '100g'], ing: () => [], form: 'Bông y tế', pack: 'goi', price: [8000, 35000], makers: only(DEVICE, 'Urgo', 'Bông Bạch Tuyết', 'Vinphaco').concat(only(VN_MAKERS, 'Mediplantex', 'Danapha')), device: true,
      ind: 'Thấm hút, sát khuẩn, vệ sinh vết thương.', dosage: 'Dùng ngoài.' },
  ],
  'con-sat-khuan': [
    { base: 'Cồn y tế', strengths: ['70 độ 60ml', '90 độ 60ml', '70 độ 1000ml'], ing: () => [['Ethanol', '']], form: 'Dung dịch dùng ngoài', pack: 'chai', price: [8000, 60000], makers: pick(VN_MAKERS, 8, 6),
      ind: 'Sát khuẩn da, dụng cụ, bề mặt.', dosage: 'Dùng ngoài.', side: 'Khô da.', contra: 'Vết thương hở lớn.', prec: 'Dễ cháy.' },
    { base: 'Gel rửa tay khô', strengths: ['100ml', '500ml'], ing: () => [['Ethanol', '70%'], ['Glycerin', '']], form: 'Gel rửa tay', pack: 'chai', price: [25000, 120000], makers: pick([...CARE, ...VN_MAKERS], 8, 2),
      ind: 'Diệt khuẩn nhanh trên tay không cần rửa lại với nước.', dosage: 'Xoa đều lên tay đến khi khô.', side: 'Khô da.', contra: 'Không có.', prec: 'Dễ cháy.' },
  ],
  'que-thu-thai': [
    { base: 'Que thử thai', strengths: ['nhanh', 'dạng bút', 'dạng khay', 'siêu nhạy 10 mIU'], ing: () => [], form: 'Que thử', pack: 'que', price: [12000, 60000], makers: only(DEVICE, 'Quickstick', 'Humasis', 'SD Biosensor'), device: true,
      ind: 'Phát hiện sớm thai kỳ bằng nước tiểu.', dosage: 'Dùng theo hướng dẫn trên bao bì.' },
    { base: 'Que thử rụng trứng', strengths: ['hộp 5 que', 'hộp 10 que'], ing: () => [], form: 'Que thử', pack: 'hopque', price: [10000, 25000], makers: only(DEVICE, 'Quickstick', 'Humasis', 'SD Biosensor'), device: true,
      ind: 'Xác định thời điểm rụng trứng bằng hormone LH trong nước tiểu.', dosage: 'Dùng theo hướng dẫn.' },
  ],
  'test-nhanh': [
    { base: 'Bộ xét nghiệm nhanh', strengths: ['cúm A/B', 'sốt xuất huyết NS1', 'COVID-19 kháng nguyên', 'viêm gan B HBsAg', 'Helicobacter pylori'], ing: () => [], form: 'Bộ xét nghiệm', pack: 'hopque', price: [40000, 150000], makers: only(DEVICE, 'Humasis', 'SD Biosensor', 'Quickstick'), device: true,
      ind: 'Phát hiện nhanh tác nhân gây bệnh, cho kết quả sau 15 phút. Kết quả cần được bác sĩ xác nhận.', dosage: 'Dùng theo hướng dẫn.' },
  ],
  // ---------------- Mẹ và bé ----------------
  'kem-ham': [
    { base: 'Kem chống hăm', prefix: true, strengths: ['30g', '60g', '125g'], ing: () => [['Kẽm oxyd', ''], ['Dexpanthenol', '']], form: 'Kem bôi da', pack: 'tuyp10', price: [60000, 280000], makers: only(BABY, 'Sudocrem', "Johnson's Baby", 'Pigeon', 'Chicco', 'Arau Baby', 'Kodomo'), cosme: true,
      ind: 'Ngăn ngừa và làm dịu hăm tã, bảo vệ da bé.', dosage: 'Thoa sau mỗi lần thay tã.' },
  ],
  'tam-goi-be': [
    { base: 'Sữa tắm gội cho bé', prefix: true, strengths: ['200ml', '500ml', 'hoa cúc 400ml', 'dịu nhẹ 750ml'], ing: () => [['Chiết xuất hoa cúc', ''], ['Glycerin', '']], form: 'Sữa tắm', pack: 'chai', price: [60000, 320000], makers: only(BABY, "Johnson's Baby", 'Pigeon', 'Lactacyd Baby', 'Chicco', 'Kodomo', 'Arau Baby'), cosme: true,
      ind: 'Làm sạch dịu nhẹ da và tóc bé, không cay mắt.', dosage: 'Dùng hằng ngày.' },
  ],
  've-sinh-mui-be': [
    { base: 'Nước muối biển cho bé', prefix: true, strengths: ['ống 5ml hộp 40', 'xịt 100ml', 'ưu trương xịt 50ml', 'ống 5ml hộp 20'], ing: () => [['Nước biển đẳng trương', '']], form: 'Dung dịch nhỏ mũi', pack: 'hop20ong', price: [3000, 9000], makers: only(BABY, 'Fysoline', 'Physiomer', 'Buona', 'Chicco'), cosme: true,
      ind: 'Vệ sinh mũi hằng ngày cho trẻ sơ sinh và trẻ nhỏ.', dosage: 'Nhỏ hoặc xịt 2–3 lần/ngày.' },
  ],
  'vitamin-bau': [
    { base: 'Vitamin bầu', strengths: ['tổng hợp', 'DHA', 'sắt acid folic'], ing: () => [['Acid folic', '800mcg'], ['Sắt', '30mg'], ['DHA', '200mg'], ['Iod', '150mcg']], form: 'Viên nang mềm', pack: 'lo30', price: [8000, 25000], makers: only(BABY, 'Elevit', 'Obimin').concat(only(SUPP, 'Blackmores', 'Nature Made', 'Bio Island', 'Vitabiotics', 'Healthy Care')), supp: true,
      ind: 'Bổ sung vitamin, khoáng chất và DHA cho phụ nữ mang thai và cho con bú.', dosage: '1 viên/ngày sau ăn.' },
  ],
  'vitamin-be': [
    { base: 'Siro vitamin cho bé', strengths: ['tổng hợp 150ml', 'ăn ngon 100ml', 'D3 + canxi 120ml'], ing: () => [['Lysin', ''], ['Vitamin nhóm B', ''], ['Kẽm', '']], form: 'Siro', pack: 'chai', price: [80000, 350000], makers: only(BABY, 'Pediakid', 'Brauer Baby', 'BioGaia', 'Buona').concat(only(SUPP, 'Healthy Care', 'Bio Island', 'Blackmores', 'Kudos', 'Brauer')), supp: true,
      ind: 'Bổ sung vitamin và khoáng chất cho trẻ, hỗ trợ ăn ngon, tăng đề kháng.', dosage: 'Theo độ tuổi, xem hướng dẫn trên bao bì.' },
  ],
};

export const NOTES = { SUPP_NOTE, RX_NOTE, STORAGE };
