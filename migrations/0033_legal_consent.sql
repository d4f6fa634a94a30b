-- #17 legal (ADR 0041): policy pages as articles of the content system, their published version, sign-up consents,
-- and deleted (anonymised) accounts.
--
-- Policies are articles with a `policy_key` (one row per key; the storefront's article list and article route leave
-- them out, /v1/policies serves them). `version` counts published revisions of any article: 1 when first published,
-- +1 each time an admin publishes a change to its title, summary or body (content/articles-admin.d1.ts).
ALTER TABLE `articles` ADD `policy_key` text CHECK (`policy_key` IS NULL OR `policy_key` IN ('privacy', 'terms', 'shipping', 'returns', 'payment', 'complaints'));
--> statement-breakpoint
ALTER TABLE `articles` ADD `version` integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
UPDATE `articles` SET `version` = 0 WHERE `status` <> 'published';
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_policy_key_uq` ON `articles` (`policy_key`) WHERE `policy_key` IS NOT NULL;
--> statement-breakpoint
-- What an account accepted, when, and which published version of the document (Decree 13/2023/NĐ-CP art. 11: the
-- controller must be able to prove consent). Kept after an account is deleted (no personal data: an id and a time).
CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL REFERENCES `users`(`id`),
	`document` text NOT NULL CHECK (`document` IN ('privacy', 'terms')),
	`version` integer NOT NULL CHECK (`version` >= 1),
	`source` text NOT NULL CHECK (`source` IN ('sign_up')),
	`accepted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `consents_user_idx` ON `consents` (`user_id`, `accepted_at`);
--> statement-breakpoint
-- Set when the account's owner asked for deletion: personal fields are anonymised in the same batch (legal/deletion.ts).
ALTER TABLE `users` ADD `deleted_at` integer;
--> statement-breakpoint
INSERT INTO `articles` (`id`, `slug`, `title`, `summary`, `body`, `topic`, `tags`, `status`, `published_at`, `created_at`, `updated_at`, `policy_key`, `version`) VALUES
('01JPLCY0PR1VACY0000000000', 'chinh-sach-bao-mat', 'Chính sách bảo mật và dữ liệu sức khỏe',
 'Medicare thu thập dữ liệu nào, dùng vào việc gì, chia sẻ với ai, lưu bao lâu và bạn thực hiện các quyền của mình với dữ liệu cá nhân như thế nào.',
 '## 1. Ai chịu trách nhiệm về dữ liệu của bạn

Công ty Cổ phần Dược phẩm Medicare (thông tin doanh nghiệp ở chân trang) là bên kiểm soát và xử lý dữ liệu cá nhân khi bạn dùng website Medicare, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Khi đăng ký tài khoản, bạn đồng ý với chính sách này; mỗi lần đồng ý được lưu kèm thời điểm và phiên bản chính sách.

## 2. Dữ liệu chúng tôi thu thập

- **Tài khoản:** họ tên, email, số điện thoại (không bắt buộc), mật khẩu (chỉ lưu dạng băm, không ai đọc được).
- **Sổ địa chỉ và đơn hàng:** tên người nhận, số điện thoại, địa chỉ giao hàng, sản phẩm đã mua, số tiền, phương thức thanh toán, trạng thái giao hàng.
- **Thanh toán chuyển khoản:** số tiền, nội dung và mã tham chiếu giao dịch do ngân hàng gửi qua SePay. Chúng tôi không nhận và không lưu số thẻ hay mật khẩu ngân hàng.
- **Dữ liệu sức khỏe (dữ liệu nhạy cảm):** triệu chứng, ghi chú, ảnh hoặc tệp đơn thuốc bạn gửi khi yêu cầu tư vấn, nội dung trò chuyện với dược sĩ.
- **Kỹ thuật:** thời điểm đăng nhập và trình duyệt của từng phiên đăng nhập; cookie cần thiết cho phiên đăng nhập, giỏ hàng và thiết bị tin cậy. Chúng tôi không dùng cookie quảng cáo.

## 3. Mục đích sử dụng

Xử lý và giao đơn hàng; xác nhận thanh toán; để dược sĩ tư vấn và giữ thuốc kê đơn chờ bạn nhận tại nhà thuốc; gửi email về đơn hàng và yêu cầu tư vấn; xuất hóa đơn; bảo vệ tài khoản (chống đoán mật khẩu); thực hiện nghĩa vụ pháp luật về dược, kế toán và thuế.

## 4. Dữ liệu sức khỏe

Chỉ dược sĩ tiếp nhận yêu cầu của bạn và quản trị viên được phép mới xem được. Tệp đơn thuốc lưu trong kho riêng tư và chỉ mở qua liên kết có hạn 5 phút. Nội dung sức khỏe không bao giờ được ghi vào nhật ký hệ thống và không dùng cho quảng cáo.

## 5. Chia sẻ dữ liệu

Chúng tôi không bán dữ liệu cá nhân. Dữ liệu chỉ được chia sẻ ở mức cần thiết với: đơn vị vận chuyển GHN, GHTK (tên, số điện thoại, địa chỉ người nhận, số tiền thu hộ); SePay và ngân hàng (đối soát chuyển khoản); nhà cung cấp dịch vụ email và hạ tầng máy chủ; cơ quan nhà nước có thẩm quyền khi pháp luật yêu cầu.

## 6. Thời gian lưu trữ

Dữ liệu tài khoản được lưu khi tài khoản còn hoạt động. Đơn hàng và hóa đơn là chứng từ kế toán, được lưu 10 năm theo Luật Kế toán. Khi bạn yêu cầu xóa tài khoản, họ tên, email, số điện thoại, sổ địa chỉ, phiên đăng nhập và nội dung sức khỏe trong yêu cầu tư vấn bị xóa hoặc ẩn danh ngay; đơn hàng được giữ lại ở mức pháp luật yêu cầu.

## 7. Quyền của bạn

Bạn có quyền được biết, đồng ý hoặc rút lại đồng ý, truy cập, chỉnh sửa, xóa, hạn chế xử lý, phản đối xử lý và nhận bản sao dữ liệu của mình. Trong trang **Tài khoản → Dữ liệu của tôi**, bạn có thể tải toàn bộ dữ liệu (tệp JSON) và yêu cầu xóa tài khoản. Bạn cũng có thể gửi yêu cầu qua email hỗ trợ; chúng tôi phản hồi trong tối đa 72 giờ.

## 8. Bảo mật

Kết nối được mã hóa (HTTPS), mật khẩu được băm, cookie phiên chỉ máy chủ đọc được, mọi thao tác của nhân viên với đơn hàng và dữ liệu đều được ghi nhật ký.

## 9. Thay đổi chính sách

Mỗi lần chính sách thay đổi, số phiên bản tăng lên và ngày cập nhật được ghi ở trang này.',
 'Chính sách', '["chính sách","bảo mật"]', 'published', 1767225600000, 1767225600000, 1767225600000, 'privacy', 1),
('01JPLCY0TERMS000000000000', 'dieu-khoan-su-dung', 'Điều khoản sử dụng',
 'Các điều khoản khi bạn tạo tài khoản, mua hàng và nhận tư vấn trên website Medicare, gồm quy định riêng đối với thuốc kê đơn.',
 '## 1. Phạm vi

Điều khoản này áp dụng cho mọi người dùng website Medicare. Khi đăng ký tài khoản hoặc đặt hàng, bạn đồng ý với điều khoản này và Chính sách bảo mật.

## 2. Tài khoản

Bạn cung cấp thông tin chính xác, giữ bí mật mật khẩu và chịu trách nhiệm về hoạt động trên tài khoản của mình. Mỗi email chỉ đăng ký một tài khoản. Bạn có thể tải dữ liệu hoặc yêu cầu xóa tài khoản bất cứ lúc nào trong trang Tài khoản.

## 3. Sản phẩm và giá

- Giá niêm yết bằng đồng Việt Nam, đã gồm thuế giá trị gia tăng. Giá và khuyến mãi có hiệu lực tại thời điểm bạn đặt hàng.
- Thông tin thuốc (số đăng ký, thành phần, chỉ định, cách dùng) theo tài liệu được cơ quan quản lý phê duyệt và được dược sĩ kiểm tra trước khi hiển thị.
- Thông tin trên website chỉ để tham khảo, không thay thế chẩn đoán và chỉ định của bác sĩ.

## 4. Thuốc kê đơn

Theo Luật Dược (sửa đổi bởi Luật 44/2024/QH15), Medicare chỉ bán trực tuyến thuốc không kê đơn. Với thuốc kê đơn, bạn gửi đơn thuốc để dược sĩ tư vấn; thuốc được giữ tại nhà thuốc và chỉ bán khi bạn xuất trình đơn thuốc bản gốc tại quầy. Thuốc thuộc diện kiểm soát đặc biệt không được bán trực tuyến.

## 5. Đặt hàng

Đơn hàng được xác nhận khi bạn nhận được mã đơn (MC…). Chúng tôi có thể hủy đơn khi sản phẩm hết hàng, thông tin giao hàng không liên lạc được, hoặc đơn chuyển khoản không được thanh toán trong thời hạn giữ hàng; tiền đã trả (nếu có) được hoàn lại theo Chính sách đổi trả và hoàn tiền.

## 6. Hành vi không được phép

Không dùng website để mua thuốc cho mục đích trái pháp luật, không gửi đơn thuốc giả, không can thiệp vào hệ thống hay dùng dữ liệu của người khác.

## 7. Trách nhiệm

Medicare chịu trách nhiệm về chất lượng thuốc bán ra như khi bán tại nhà thuốc. Chúng tôi không chịu trách nhiệm với thiệt hại do sử dụng sản phẩm sai hướng dẫn của dược sĩ hoặc nhà sản xuất.

## 8. Luật áp dụng

Điều khoản này theo pháp luật Việt Nam. Tranh chấp được giải quyết theo Chính sách giải quyết khiếu nại; nếu không thương lượng được, tranh chấp được đưa ra tòa án có thẩm quyền.',
 'Chính sách', '["chính sách","điều khoản"]', 'published', 1767225600000, 1767225600000, 1767225600000, 'terms', 1),
('01JPLCY0SH1PP1NG000000000', 'chinh-sach-van-chuyen', 'Chính sách vận chuyển',
 'Medicare giao hàng toàn quốc qua GHN và GHTK: phí giao hàng, thời gian dự kiến, theo dõi đơn và kiểm tra hàng khi nhận.',
 '## 1. Phạm vi giao hàng

Medicare giao hàng đến 34 tỉnh, thành phố trên cả nước qua các đơn vị vận chuyển Giao Hàng Nhanh (GHN) và Giao Hàng Tiết Kiệm (GHTK). Thuốc kê đơn không được giao; bạn nhận tại nhà thuốc sau khi dược sĩ tư vấn.

## 2. Phí giao hàng

Phí được tính theo địa chỉ nhận và khối lượng kiện hàng, hiển thị rõ ở bước thanh toán trước khi bạn đặt hàng. Mã giảm phí giao hàng (nếu có) được trừ ngay trên đơn.

## 3. Thời gian giao hàng dự kiến

- Nội thành Thành phố Hồ Chí Minh và Hà Nội: 1–2 ngày làm việc.
- Các tỉnh, thành phố khác: 2–5 ngày làm việc.

Đơn chuyển khoản được chuẩn bị sau khi thanh toán được xác nhận; đơn thanh toán khi nhận hàng (COD) được chuẩn bị ngay sau khi đặt.

## 4. Theo dõi đơn hàng

Khi đơn được bàn giao cho đơn vị vận chuyển, bạn nhận email kèm mã vận đơn. Trạng thái giao hàng được cập nhật trong trang Đơn hàng hoặc trang Tra cứu đơn hàng (nhập mã đơn và số điện thoại).

## 5. Nhận hàng

Bạn được kiểm tra bên ngoài kiện hàng và số lượng sản phẩm trước khi nhận. Nếu kiện hàng móp, rách hoặc sai sản phẩm, hãy từ chối nhận và gọi hotline. Nếu giao không thành công, đơn vị vận chuyển liên hệ lại; đơn không giao được sẽ được hoàn về và xử lý theo Chính sách đổi trả và hoàn tiền.

## 6. Bảo quản

Thuốc được đóng gói chống sốc, tránh ánh sáng và nhiệt độ cao theo hướng dẫn bảo quản của nhà sản xuất.',
 'Chính sách', '["chính sách","giao hàng"]', 'published', 1767225600000, 1767225600000, 1767225600000, 'shipping', 1),
('01JPLCY0RETURNS0000000000', 'chinh-sach-doi-tra-hoan-tien', 'Chính sách đổi trả và hoàn tiền',
 'Khi nào bạn được đổi trả, cách gửi yêu cầu, và Medicare hoàn tiền trong bao lâu, bằng cách nào.',
 '## 1. Trường hợp được đổi trả

Trong 7 ngày kể từ khi nhận hàng, bạn được đổi hoặc trả sản phẩm khi:

- sản phẩm giao sai so với đơn hàng;
- sản phẩm bị hư hỏng, móp méo, rò rỉ, mất niêm phong do vận chuyển;
- sản phẩm hết hạn sử dụng hoặc có lỗi chất lượng từ nhà sản xuất;
- sản phẩm bị cơ quan quản lý thu hồi.

Vì an toàn cho người dùng, thuốc và sản phẩm đã mở niêm phong không được trả lại vì lý do đổi ý, trừ các trường hợp trên.

## 2. Cách gửi yêu cầu

Gọi hotline hoặc gửi email hỗ trợ kèm mã đơn hàng (MC…), sản phẩm cần đổi trả và ảnh chụp sản phẩm. Dược sĩ hoặc nhân viên chăm sóc khách hàng sẽ xác nhận trong 24 giờ làm việc và hướng dẫn gửi trả qua đơn vị vận chuyển. Medicare chịu phí vận chuyển khi lỗi thuộc về chúng tôi.

## 3. Hoàn tiền

- Đơn hủy trước khi giao, đơn không giao được và hàng trả lại đã được kiểm tra sẽ được hoàn tiền trong 7 ngày làm việc.
- Đơn đã chuyển khoản: hoàn về tài khoản ngân hàng đã chuyển tiền.
- Đơn thanh toán khi nhận hàng (COD): hoàn bằng chuyển khoản vào tài khoản ngân hàng bạn cung cấp.
- Chuyển khoản thừa so với giá trị đơn được hoàn phần chênh lệch.

Bạn nhận email khi khoản hoàn tiền được ghi nhận và khi đã chuyển tiền.',
 'Chính sách', '["chính sách","đổi trả","hoàn tiền"]', 'published', 1767225600000, 1767225600000, 1767225600000, 'returns', 1),
('01JPLCY0PAYMENT0000000000', 'chinh-sach-thanh-toan', 'Chính sách thanh toán',
 'Các hình thức thanh toán trên Medicare: thanh toán khi nhận hàng (COD) và chuyển khoản ngân hàng qua mã VietQR, xác nhận tự động.',
 '## 1. Thanh toán khi nhận hàng (COD)

Bạn trả tiền mặt cho nhân viên giao hàng khi nhận hàng. Số tiền thu hộ đúng bằng tổng tiền trên đơn, gồm phí giao hàng.

## 2. Chuyển khoản ngân hàng (VietQR)

- Sau khi đặt hàng, trang thanh toán hiển thị mã VietQR với số tài khoản, số tiền và nội dung chuyển khoản là mã đơn hàng (MC…). Quét mã bằng ứng dụng ngân hàng bất kỳ.
- Giao dịch được xác nhận tự động qua dịch vụ đối soát SePay, thường trong vài giây; trang thanh toán tự cập nhật và bạn nhận email xác nhận.
- Đơn chưa thanh toán được giữ hàng trong 30 phút; quá thời hạn, đơn tự hủy và sản phẩm được trả về kho.
- Vui lòng giữ nguyên nội dung chuyển khoản. Nếu chuyển thiếu, đơn chờ bạn chuyển bổ sung; nếu chuyển thừa hoặc chuyển sau khi đơn đã hủy, khoản tiền được hoàn lại theo Chính sách đổi trả và hoàn tiền.

## 3. Hóa đơn

Khi đơn được thanh toán, Medicare xuất hóa đơn bán hàng có đánh số; bạn tải hóa đơn (PDF) trong trang chi tiết đơn hàng.

## 4. An toàn thanh toán

Medicare không thu thập số thẻ, mã OTP hay mật khẩu ngân hàng. Nhân viên Medicare không bao giờ yêu cầu bạn chuyển khoản vào tài khoản cá nhân.',
 'Chính sách', '["chính sách","thanh toán"]', 'published', 1767225600000, 1767225600000, 1767225600000, 'payment', 1),
('01JPLCY0COMPLA1NTS0000000', 'chinh-sach-giai-quyet-khieu-nai', 'Chính sách giải quyết khiếu nại',
 'Cách gửi khiếu nại về sản phẩm, đơn hàng, dịch vụ tư vấn hoặc dữ liệu cá nhân, thời hạn phản hồi và các bước giải quyết.',
 '## 1. Kênh tiếp nhận

- Hotline (8:00–22:00 hằng ngày) và email hỗ trợ ghi ở chân trang.
- Trò chuyện trực tuyến với dược sĩ trên website.
- Trực tiếp tại nhà thuốc Medicare.

Vui lòng cung cấp mã đơn hàng hoặc mã yêu cầu tư vấn (nếu có), nội dung khiếu nại và hình ảnh liên quan.

## 2. Thời hạn xử lý

- Xác nhận đã tiếp nhận: trong 24 giờ làm việc.
- Phản hồi kết quả: trong 7 ngày làm việc; trường hợp phức tạp (cần xác minh với nhà sản xuất hoặc đơn vị vận chuyển) không quá 30 ngày, và chúng tôi thông báo tiến độ cho bạn.
- Khiếu nại về phản ứng có hại của thuốc được dược sĩ phụ trách chuyên môn tiếp nhận ngay và báo cáo theo quy định của Bộ Y tế.

## 3. Giải quyết

Medicare ưu tiên thương lượng với khách hàng. Nếu không đạt thỏa thuận, bạn có quyền đề nghị hòa giải, gửi yêu cầu đến cơ quan bảo vệ quyền lợi người tiêu dùng theo Luật Bảo vệ quyền lợi người tiêu dùng 2023, hoặc khởi kiện tại tòa án có thẩm quyền.

## 4. Bảo mật thông tin khiếu nại

Thông tin trong khiếu nại chỉ được dùng để giải quyết khiếu nại và được bảo vệ theo Chính sách bảo mật.',
 'Chính sách', '["chính sách","khiếu nại"]', 'published', 1767225600000, 1767225600000, 1767225600000, 'complaints', 1);
