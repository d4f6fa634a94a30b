// Health articles ("Cẩm nang sức khỏe") for the storefront's home page and article pages: general, non-prescriptive
// guidance written for this seed, always pointing to a pharmacist or doctor for individual advice. Markdown bodies.
import { seedId } from './generate.mjs';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 9, 1, 2, 0); // 2026-10-01 09:00 in Vietnam

const ARTICLES = [
  {
    slug: 'dung-thuoc-ha-sot-paracetamol-an-toan',
    title: 'Dùng thuốc hạ sốt paracetamol an toàn cho cả nhà',
    topic: 'Dùng thuốc đúng cách',
    tags: ['paracetamol', 'hạ sốt', 'trẻ em'],
    summary: 'Paracetamol là thuốc hạ sốt, giảm đau phổ biến nhất trong tủ thuốc gia đình. Dùng đúng liều và đúng khoảng cách giữa các lần uống giúp thuốc hiệu quả và tránh hại gan.',
    body: `## Khi nào nên dùng
Paracetamol giúp hạ sốt và giảm các cơn đau nhẹ đến vừa như đau đầu, đau răng, đau cơ. Sốt là phản ứng tự nhiên của cơ thể; mục tiêu của thuốc là giúp người bệnh dễ chịu hơn, không nhất thiết phải đưa nhiệt độ về bình thường ngay.

## Liều dùng tham khảo
- Người lớn: thường 500 mg đến 1 g mỗi lần, cách nhau ít nhất 4–6 giờ, không quá 4 g mỗi ngày.
- Trẻ em: liều tính theo cân nặng, khoảng 10–15 mg/kg mỗi lần, cách nhau 4–6 giờ. Hãy dùng đúng dụng cụ đong đi kèm sản phẩm.

## Những lưu ý quan trọng
- Nhiều thuốc cảm cúm đã chứa sẵn paracetamol: đọc kỹ thành phần để không uống trùng.
- Người uống rượu bia thường xuyên hoặc có bệnh gan cần hỏi ý kiến bác sĩ trước khi dùng.
- Sốt trên 3 ngày, sốt cao trên 39 °C không hạ, trẻ dưới 3 tháng tuổi bị sốt, hoặc có co giật, li bì: cần đi khám ngay.

Dược sĩ Medicare luôn sẵn sàng tư vấn liều phù hợp cho từng thành viên trong gia đình bạn.`,
  },
  {
    slug: 'bao-quan-thuoc-tai-nha-dung-cach',
    title: 'Bảo quản thuốc tại nhà đúng cách',
    topic: 'Dùng thuốc đúng cách',
    tags: ['bảo quản', 'tủ thuốc gia đình'],
    summary: 'Nhiệt độ, độ ẩm và ánh sáng có thể làm thuốc giảm tác dụng trước hạn dùng. Vài thói quen đơn giản giúp tủ thuốc gia đình luôn an toàn.',
    body: `## Nơi cất thuốc
Phần lớn thuốc cần được bảo quản ở nơi khô ráo, thoáng mát, dưới 30 °C và tránh ánh nắng trực tiếp. Phòng tắm và gian bếp thường nóng ẩm, không phải là nơi lý tưởng.

## Giữ nguyên bao bì
- Để thuốc trong vỉ, lọ và hộp gốc: trên đó có tên thuốc, hàm lượng, số lô và hạn dùng.
- Siro, thuốc nhỏ mắt sau khi mở nắp chỉ nên dùng trong thời gian ghi trên nhãn (thường 15–30 ngày).
- Một số thuốc như insulin, men vi sinh dạng lỏng cần bảo quản lạnh theo hướng dẫn.

## Kiểm tra định kỳ
Mỗi vài tháng, hãy kiểm tra tủ thuốc: loại bỏ thuốc hết hạn, thuốc đổi màu, chảy nước hoặc có mùi lạ. Luôn để thuốc xa tầm tay trẻ em.`,
  },
  {
    slug: 'phan-biet-cam-lanh-va-cam-cum',
    title: 'Phân biệt cảm lạnh và cảm cúm',
    topic: 'Bệnh thường gặp',
    tags: ['cảm cúm', 'cảm lạnh', 'hô hấp'],
    summary: 'Cảm lạnh và cảm cúm đều do virus gây ra nhưng mức độ khác nhau. Nhận biết sớm giúp bạn chăm sóc đúng cách và biết khi nào cần đi khám.',
    body: `## Cảm lạnh
Thường khởi phát từ từ với sổ mũi, hắt hơi, đau họng nhẹ; có thể sốt nhẹ. Người bệnh vẫn sinh hoạt được và thường khỏi sau 7–10 ngày.

## Cảm cúm
Khởi phát đột ngột với sốt cao, đau nhức cơ, mệt mỏi nhiều, ho khan. Cúm có thể gây biến chứng, đặc biệt ở người cao tuổi, trẻ nhỏ, phụ nữ mang thai và người có bệnh mạn tính.

## Chăm sóc tại nhà
- Nghỉ ngơi, uống đủ nước, ăn thức ăn mềm dễ tiêu.
- Có thể dùng thuốc hạ sốt, giảm đau, nước muối sinh lý rửa mũi theo hướng dẫn.
- Kháng sinh không có tác dụng với virus cúm và cảm lạnh; chỉ dùng khi bác sĩ chỉ định.

## Khi nào cần đi khám
Khó thở, đau ngực, sốt cao kéo dài, lừ đừ hoặc các triệu chứng nặng dần sau vài ngày cần được bác sĩ thăm khám. Tiêm vắc xin cúm hằng năm là cách phòng bệnh hiệu quả.`,
  },
  {
    slug: 'do-huyet-ap-tai-nha-dung-cach',
    title: 'Đo huyết áp tại nhà sao cho đúng',
    topic: 'Thiết bị y tế',
    tags: ['huyết áp', 'máy đo huyết áp'],
    summary: 'Theo dõi huyết áp tại nhà giúp phát hiện sớm và kiểm soát tăng huyết áp. Kết quả chỉ đáng tin khi đo đúng tư thế và đúng thời điểm.',
    body: `## Chuẩn bị
- Không hút thuốc, uống cà phê hoặc vận động mạnh trong 30 phút trước khi đo.
- Ngồi nghỉ yên lặng 5 phút, lưng tựa ghế, hai chân đặt trên sàn, không bắt chéo.

## Cách đo
- Quấn vòng bít sát da, mép dưới cách nếp khuỷu tay khoảng 2 cm, ngang mức tim.
- Không nói chuyện khi máy đang đo. Đo 2 lần cách nhau 1 phút và ghi lại cả hai kết quả.
- Nên đo vào cùng khung giờ mỗi ngày, buổi sáng trước khi uống thuốc và buổi tối.

## Đọc kết quả
Huyết áp đo tại nhà từ 135/85 mmHg trở lên thường được xem là cao. Mang sổ ghi chép khi đi tái khám để bác sĩ điều chỉnh điều trị; không tự ý ngừng hoặc đổi thuốc huyết áp.`,
  },
  {
    slug: 'bo-sung-vitamin-d-ai-can',
    title: 'Vitamin D: ai cần bổ sung và bổ sung thế nào',
    topic: 'Dinh dưỡng',
    tags: ['vitamin D', 'canxi', 'xương khớp'],
    summary: 'Vitamin D giúp cơ thể hấp thu canxi và giữ xương chắc khỏe. Dù sống ở xứ nắng, nhiều người Việt vẫn thiếu vitamin D vì ít ra ngoài trời.',
    body: `## Vì sao dễ thiếu
Da tổng hợp vitamin D nhờ ánh nắng, nhưng làm việc trong nhà, che chắn kỹ khi ra đường và tuổi cao đều làm giảm lượng vitamin D cơ thể tự tạo ra.

## Nhóm nên quan tâm
- Trẻ bú mẹ hoàn toàn, người cao tuổi, phụ nữ mang thai và cho con bú.
- Người ít tiếp xúc ánh nắng, người thừa cân, người mắc bệnh gan, thận hoặc rối loạn hấp thu.

## Bổ sung hợp lý
Nguồn thực phẩm gồm cá hồi, cá thu, trứng, sữa tăng cường vitamin D. Khi cần dùng viên bổ sung, liều thông thường cho người lớn là 600–800 IU mỗi ngày; dùng liều cao kéo dài có thể gây thừa canxi. Hãy hỏi dược sĩ hoặc bác sĩ để chọn liều phù hợp với bạn.`,
  },
  {
    slug: 'bu-nuoc-dien-giai-khi-tieu-chay',
    title: 'Bù nước và điện giải đúng cách khi bị tiêu chảy',
    topic: 'Bệnh thường gặp',
    tags: ['tiêu chảy', 'oresol', 'trẻ em'],
    summary: 'Mất nước là nguy cơ lớn nhất khi bị tiêu chảy, nhất là ở trẻ nhỏ. Dung dịch bù nước pha đúng cách là biện pháp quan trọng hàng đầu.',
    body: `## Dấu hiệu mất nước
Khát nhiều, môi khô, tiểu ít và sẫm màu, mệt lả; ở trẻ nhỏ có thể thấy khóc không có nước mắt, mắt trũng, thóp lõm.

## Pha dung dịch bù nước
- Pha đúng lượng nước ghi trên gói (ví dụ gói pha với 200 ml hoặc 1 lít nước đun sôi để nguội). Không pha đặc hơn hoặc loãng hơn.
- Uống từng ngụm nhỏ, thường xuyên; dung dịch đã pha chỉ dùng trong 24 giờ.
- Không dùng nước ngọt có gas hay nước trái cây đóng hộp để thay thế.

## Ăn uống và theo dõi
Tiếp tục cho trẻ bú mẹ và ăn thức ăn dễ tiêu. Đi khám ngay nếu có máu trong phân, sốt cao, nôn liên tục không uống được, hoặc dấu hiệu mất nước nặng. Không tự ý dùng thuốc cầm tiêu chảy cho trẻ nhỏ.`,
  },
];

export function buildArticles() {
  return ARTICLES.map((a, i) => {
    const publishedAt = BASE + i * 5 * DAY;
    return { id: seedId('article', a.slug, publishedAt), ...a, tags: JSON.stringify(a.tags), status: 'published', publishedAt, createdAt: publishedAt, updatedAt: publishedAt };
  });
}
