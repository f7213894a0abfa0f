## Khung trang

service-name = Dữ liệu cá nhân của tôi
# Tiêu đề thẻ trình duyệt: "Trang – Dịch vụ"
page-title = { $page } – Dữ liệu cá nhân của tôi
nav-skip-to-content = Chuyển đến nội dung chính
phase-tag = Thử nghiệm
phase-text = Đây là dịch vụ mới. Ý kiến của bạn giúp chúng tôi cải thiện dịch vụ.
footer-nav-label = Liên kết hỗ trợ
footer-privacy = Thông báo về quyền riêng tư
footer-cookies = Cookie
footer-accessibility = Tuyên bố về khả năng tiếp cận
footer-officers = Người phụ trách bảo vệ dữ liệu cá nhân
footer-licence = Phần mềm mã nguồn mở. Dữ liệu hiển thị trong bản trình diễn là dữ liệu mẫu.
loading = Đang tải…

## Chọn ngôn ngữ (mỗi ngôn ngữ được gọi bằng chính tên của nó)

language-name = Tiếng Việt
language-switch-hidden = Chuyển ngôn ngữ sang
language-switcher-label = Ngôn ngữ

## Lỗi

error-summary-title = Đã có lỗi
error-reference = Mã tham chiếu: { $reference }. Hãy nêu mã này khi liên hệ hỗ trợ.
error-unauthenticated = Bạn cần đăng nhập để xem trang này.
error-forbidden = Bạn không có quyền xem trang này.
error-not-found = Không tìm thấy nội dung bạn yêu cầu.
error-conflict = Nội dung này vừa được người khác thay đổi. Hãy tải lại trang và thử lại.
error-unavailable = Dịch vụ tạm thời không hoạt động. Hãy thử lại sau vài phút.
error-internal = Đã xảy ra lỗi ở phía chúng tôi. Thông tin của bạn không bị mất.
error-invalid-request = Yêu cầu không hợp lệ. Hãy kiểm tra lại thông tin và thử lại.
error-page-title = Đã xảy ra lỗi
error-page-body = Rất tiếc, đã có lỗi ở phía chúng tôi. Hãy thử lại sau ít phút.
error-page-home-link = Về trang chủ
error-too-large-title = Dữ liệu gửi lên quá lớn
error-too-large-body = Dữ liệu bạn gửi lớn hơn mức cho phép. Hãy gửi tệp nhỏ hơn hoặc ít nội dung hơn.

## Trang không tồn tại

not-found-title = Không tìm thấy trang
not-found-body = Địa chỉ bạn nhập có thể bị sai, hoặc trang đã được chuyển đi. Nếu bạn gõ địa chỉ, hãy kiểm tra lại chính tả.
not-found-home-link = Về trang chủ

## Trang chủ

home-title = Trang chủ
home-heading = Dữ liệu cá nhân của bạn: ai giữ, ai dùng, và quyền của bạn
home-lead = Dịch vụ này cho bạn biết cơ quan nhà nước nào đang giữ dữ liệu cá nhân của bạn, ai đã chia sẻ dữ liệu đó, và giúp bạn thực hiện các quyền của mình theo Luật Bảo vệ dữ liệu cá nhân.
home-can-heading = Bạn có thể
home-can-holdings = xem cơ quan nào giữ dữ liệu nào của bạn, để làm gì, theo căn cứ pháp lý nào và giữ trong bao lâu;
home-can-sharing = xem cơ quan nào đã chia sẻ dữ liệu của bạn cho cơ quan nào, khi nào và vì sao, với nhật ký mà bạn tự kiểm chứng được;
home-can-consent = đồng ý hoặc rút lại đồng ý cho từng mục đích xử lý dữ liệu, và nhận biên nhận cho mỗi lần thay đổi;
home-can-requests = yêu cầu xem, sửa, xóa dữ liệu, phản đối việc xử lý hoặc khiếu nại; yêu cầu được chuyển đến người phụ trách bảo vệ dữ liệu cá nhân của tỉnh, thành phố có trách nhiệm;
home-can-follow = theo dõi tiến độ xử lý yêu cầu và thời hạn trả lời theo quy định.
home-need-heading = Bạn cần có
home-need-body = Tài khoản định danh điện tử VNeID. Để yêu cầu sửa hoặc xóa dữ liệu, bạn cần tài khoản VNeID mức độ 2.
home-other-heading = Cách khác để liên hệ
home-other-body = Bạn cũng có thể liên hệ trực tiếp người phụ trách bảo vệ dữ liệu cá nhân của tỉnh, thành phố nơi bạn sinh sống.
home-other-link = Xem danh sách người phụ trách
home-law-heading = Căn cứ pháp lý
home-law-body = Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định 356/2025/NĐ-CP, có hiệu lực từ ngày 1 tháng 1 năm 2026.

## Người phụ trách bảo vệ dữ liệu cá nhân

officers-title = Người phụ trách bảo vệ dữ liệu cá nhân
officers-lead = Mỗi tỉnh, thành phố có một người (hoặc bộ phận) chịu trách nhiệm trả lời yêu cầu của bạn về dữ liệu cá nhân. Thông tin liên hệ của họ được công khai.
officers-caption = Người phụ trách của { $count } tỉnh, thành phố
officers-empty = Chưa có thông tin người phụ trách nào.
officers-col-province = Tỉnh, thành phố
officers-col-officer = Người phụ trách
officers-col-email = Thư điện tử
officers-col-phone = Điện thoại
province-kind-city = Thành phố
province-kind-province = Tỉnh

## Thông báo về quyền riêng tư

privacy-title = Thông báo về quyền riêng tư
privacy-lead = Thông báo này giải thích dịch vụ này xử lý dữ liệu cá nhân của chính bạn như thế nào khi bạn sử dụng nó.
privacy-controller-heading = Ai chịu trách nhiệm
privacy-controller-body = Bên kiểm soát dữ liệu là cơ quan nhà nước vận hành dịch vụ này tại tỉnh, thành phố của bạn. Người phụ trách bảo vệ dữ liệu cá nhân của từng tỉnh, thành phố được nêu tên công khai trong danh sách người phụ trách.
privacy-data-heading = Dữ liệu chúng tôi xử lý
privacy-data-identity = Khi bạn đăng nhập bằng VNeID, chúng tôi nhận họ tên, ngày sinh, mức độ định danh và số định danh cá nhân của bạn. Số định danh cá nhân không bao giờ được lưu ở dạng đọc được: chúng tôi chỉ lưu một mã bí danh được tạo bằng khóa bí mật, và chỉ hiển thị 4 chữ số cuối.
privacy-data-records = Chúng tôi lưu các yêu cầu bạn gửi, tin nhắn trao đổi với người phụ trách, các lần bạn đồng ý hoặc rút lại đồng ý, và lịch sử đăng nhập của tài khoản, để bạn và cơ quan có thẩm quyền có thể kiểm chứng.
privacy-data-technical = Để bảo đảm an toàn, chúng tôi ghi nhật ký kỹ thuật (thời gian, địa chỉ trang, mã lỗi). Địa chỉ IP chỉ được lưu ở dạng băm và nhật ký không chứa số định danh cá nhân.
privacy-basis-heading = Căn cứ xử lý
privacy-basis-body = Chúng tôi xử lý dữ liệu này để thực hiện quyền của chủ thể dữ liệu theo Điều 4 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và nghĩa vụ của bên kiểm soát dữ liệu theo Nghị định 356/2025/NĐ-CP.
privacy-retention-heading = Thời gian lưu trữ
privacy-retention-body = Hồ sơ yêu cầu và biên nhận đồng ý được lưu trong thời gian pháp luật về lưu trữ quy định để làm bằng chứng. Phiên đăng nhập hết hạn sau 15 phút không hoạt động và tối đa sau 12 giờ. Lịch sử đăng nhập của bạn được lưu 12 tháng. Nhật ký kỹ thuật được xóa sau 90 ngày.
privacy-sharing-heading = Chia sẻ dữ liệu
privacy-sharing-body = Chúng tôi không bán và không chia sẻ dữ liệu của bạn cho mục đích quảng cáo. Yêu cầu của bạn chỉ được chuyển đến người phụ trách bảo vệ dữ liệu cá nhân có trách nhiệm và cơ quan liên quan.
privacy-cookies-heading = Cookie
privacy-cookies-body = Dịch vụ chỉ dùng những cookie cần thiết để hoạt động, vì vậy không hỏi ý kiến bạn về cookie. Chúng tôi không dùng cookie quảng cáo hay cookie thống kê.
privacy-cookies-lang = Cookie "lang" ghi nhớ ngôn ngữ bạn chọn trong một năm.
privacy-cookies-session = Cookie phiên đăng nhập giữ cho bạn đăng nhập và bị xóa khi bạn đăng xuất hoặc khi phiên hết hạn.
privacy-rights-heading = Quyền của bạn
privacy-rights-body = Bạn có quyền được biết, đồng ý hoặc rút lại đồng ý, xem, chỉnh sửa, yêu cầu cung cấp, xóa, hạn chế xử lý dữ liệu, phản đối xử lý, khiếu nại, tố cáo và khởi kiện.
privacy-rights-contact = Để thực hiện các quyền này đối với dữ liệu do chính dịch vụ này xử lý, hãy liên hệ người phụ trách bảo vệ dữ liệu cá nhân của tỉnh, thành phố của bạn.

## Tuyên bố về khả năng tiếp cận

accessibility-title = Tuyên bố về khả năng tiếp cận
accessibility-lead = Chúng tôi muốn mọi người đều dùng được dịch vụ này, kể cả người dùng trình đọc màn hình, chỉ dùng bàn phím hoặc phóng to màn hình.
accessibility-standard-heading = Tiêu chuẩn áp dụng
accessibility-standard-body = Dịch vụ được xây dựng để đáp ứng Hướng dẫn về khả năng tiếp cận nội dung web (WCAG) 2.2, mức AA.
accessibility-works-heading = Bạn có thể
accessibility-works-body = dùng toàn bộ dịch vụ chỉ bằng bàn phím; phóng to đến 200% mà không mất nội dung; dùng dịch vụ khi trình duyệt tắt JavaScript; chọn tiếng Việt hoặc tiếng Anh trên mọi trang.
accessibility-testing-heading = Chúng tôi kiểm tra như thế nào
accessibility-testing-body = Mỗi thay đổi của phần mềm đều được kiểm tra tự động bằng công cụ axe trên mọi trang, bằng cả hai ngôn ngữ, trước khi được phát hành.
accessibility-limits-heading = Những hạn chế đã biết
accessibility-limits-body = Dịch vụ chưa được kiểm tra thủ công với trình đọc màn hình NVDA có giọng tiếng Việt và VoiceOver. Chúng tôi sẽ cập nhật tuyên bố này khi hoàn thành việc kiểm tra.
accessibility-report-heading = Báo cáo vấn đề
accessibility-report-body = Nếu bạn gặp khó khăn khi sử dụng dịch vụ, hãy liên hệ người phụ trách bảo vệ dữ liệu cá nhân của tỉnh, thành phố của bạn. Chúng tôi sẽ trả lời trong vòng 2 ngày làm việc.

## Danh tính

identity-error-length = Số định danh cá nhân phải có đúng 12 chữ số.
identity-error-digits = Số định danh cá nhân chỉ gồm các chữ số từ 0 đến 9.

## Đăng nhập, phiên và tài khoản

nav-sign-in = Đăng nhập bằng VNeID
nav-sign-out = Đăng xuất
error-title-prefix = Lỗi:
error-prefix = Lỗi:
error-level2-required = Việc này cần tài khoản định danh điện tử mức 2. Hãy đăng nhập lại bằng tài khoản VNeID mức 2.
error-csrf-title = Yêu cầu bị từ chối
error-csrf-body = Yêu cầu này không đến từ trang của dịch vụ nên đã bị từ chối để bảo vệ bạn. Hãy mở lại trang và thử lại.
error-signed-out-title = Bạn cần đăng nhập
error-rate-limited-title = Quá nhiều lần thử
dev-banner-tag = Đăng nhập thử nghiệm
dev-banner-text = Dịch vụ đang dùng nhà cung cấp định danh thử nghiệm: ai cũng có thể đăng nhập bằng bất kỳ danh tính nào. Không dùng cho dữ liệu thật.

role-dpo = Người phụ trách bảo vệ dữ liệu cá nhân
role-administrator = Quản trị viên
role-auditor = Kiểm toán viên

account-title = Tài khoản của bạn
account-signed-in-as = Đã đăng nhập:
account-name = Họ và tên
account-personal-id = Số định danh cá nhân
account-personal-id-spoken = Số kết thúc bằng { $last }
account-level = Mức định danh
account-level-1 = Mức 1
account-level-2 = Mức 2
account-level-1-note = Bạn đã đăng nhập bằng tài khoản mức 1. Yêu cầu chỉnh sửa hoặc xóa dữ liệu cần tài khoản mức 2.
account-level-2-link = Đăng nhập lại bằng tài khoản mức 2
account-roles = Vai trò
account-role-citizen = Công dân
account-role-in-province = { $role }, { $province }
account-security-heading = Bảo mật tài khoản
account-security-body = Số định danh cá nhân của bạn không được lưu ở dạng đọc được: dịch vụ chỉ giữ một mã bí danh được tính từ số đó. Phiên đăng nhập tự kết thúc sau 15 phút không hoạt động và sau tối đa 12 giờ.
account-activity-link = Xem lịch sử đăng nhập

activity-title = Lịch sử đăng nhập
activity-back = Quay lại tài khoản
activity-lead = Các lần đăng nhập, đăng xuất và đăng nhập không thành công vào tài khoản của bạn, mới nhất ở trên.
activity-caption = { $count } sự kiện gần nhất
activity-empty = Chưa có sự kiện nào.
activity-col-time = Thời gian
activity-col-event = Sự kiện
activity-col-browser = Trình duyệt
activity-col-network = Mạng
activity-network-hint = Cột “Mạng” là một mã rút gọn của địa chỉ mạng: hai dòng có cùng mã là cùng một địa chỉ. Dịch vụ không lưu địa chỉ mạng.
activity-unknown-heading = Thấy lần đăng nhập lạ?
activity-unknown-body = Nếu có lần đăng nhập mà bạn không nhận ra, hãy đổi mật khẩu VNeID và liên hệ người phụ trách bảo vệ dữ liệu cá nhân của tỉnh, thành phố.
activity-sign-in = Đăng nhập
activity-sign-out = Đăng xuất
activity-sign-in-failed = Đăng nhập không thành công

sign-in-failed-title = Chưa đăng nhập được
sign-in-failed-code = Mã lý do: { $code }
sign-in-failed-retry = Đăng nhập lại
sign-in-failed-cancelled = Bạn đã hủy đăng nhập tại VNeID. Bạn có thể đăng nhập lại bất cứ lúc nào.
sign-in-failed-provider-error = VNeID không hoàn tất việc đăng nhập. Hãy thử lại.
sign-in-failed-state-mismatch = Lần đăng nhập này không khớp với lần bắt đầu trên trình duyệt này, hoặc đã được dùng rồi. Hãy đăng nhập lại từ đầu.
sign-in-failed-expired = Lần đăng nhập đã quá hạn. Hãy đăng nhập lại từ đầu.
sign-in-failed-invalid-token = Không xác minh được thông tin VNeID gửi về, nên chúng tôi không đăng nhập cho bạn. Hãy thử lại.
sign-in-failed-missing-claims = VNeID không gửi đủ thông tin cần thiết (số định danh cá nhân, họ và tên). Hãy thử lại hoặc liên hệ hỗ trợ.
sign-in-failed-provider-unavailable = Hiện không kết nối được với VNeID. Hãy thử lại sau vài phút.
sign-in-failed-rate-limited = Có quá nhiều lần đăng nhập từ mạng của bạn. Hãy đợi một phút rồi thử lại.

signed-out-title = Bạn đã đăng xuất
signed-out-body = Phiên đăng nhập đã kết thúc trên dịch vụ này. Nếu dùng máy tính chung, hãy đóng trình duyệt.
signed-out-again = Đăng nhập lại

level2-title = Cần tài khoản định danh mức 2
level2-body = Việc này làm thay đổi hoặc xóa dữ liệu về bạn, nên cần tài khoản định danh điện tử mức 2 (đã đối chiếu với căn cước).
level2-how = Nếu tài khoản VNeID của bạn mới ở mức 1, hãy nâng lên mức 2 tại cơ quan công an hoặc trên ứng dụng VNeID, rồi đăng nhập lại.
level2-sign-in = Đăng nhập bằng tài khoản mức 2

## Nhà cung cấp định danh thử nghiệm

dev-idp-name = VNeID (thử nghiệm)
dev-idp-title = Chọn người đăng nhập
dev-idp-intro = Đây là nhà cung cấp định danh thử nghiệm thay cho VNeID. Mọi người trong danh sách đều là hư cấu.
dev-idp-persona-legend = Đăng nhập với tư cách
dev-idp-persona-citizen = công dân, mức 2, số { $number }
dev-idp-persona-citizen-level1 = công dân, mức 1, số { $number }
dev-idp-persona-dpo = người phụ trách bảo vệ dữ liệu cá nhân của Hà Nội, số { $number }
dev-idp-persona-administrator = quản trị viên, số { $number }
dev-idp-persona-auditor = kiểm toán viên, số { $number }
dev-idp-persona-custom = Người khác (nhập bên dưới)
dev-idp-custom-legend = Người khác
dev-idp-personal-id = Số định danh cá nhân
dev-idp-personal-id-hint = 12 chữ số, ví dụ 001190012345
dev-idp-full-name = Họ và tên
dev-idp-birthdate = Ngày sinh (không bắt buộc)
dev-idp-birthdate-hint = Ví dụ 1990-05-12
dev-idp-level-legend = Mức định danh
dev-idp-level-1 = Mức 1
dev-idp-level-2 = Mức 2
dev-idp-approve = Đăng nhập
dev-idp-cancel = Hủy
dev-idp-error-title = Yêu cầu đăng nhập không hợp lệ
dev-idp-error-client = Ứng dụng yêu cầu đăng nhập không được đăng ký, hoặc địa chỉ quay về không đúng.
dev-idp-error-request = Yêu cầu đăng nhập thiếu hoặc sai tham số.
dev-idp-error-persona = Chọn một người trong danh sách, hoặc chọn “Người khác”.
dev-idp-error-name = Nhập họ và tên.
dev-idp-error-level = Chọn mức định danh.

## Dữ liệu của tôi

nav-my-data = Dữ liệu của tôi
data-title = Dữ liệu của tôi
data-lead = Cơ quan nào đang giữ dữ liệu cá nhân của bạn, và cơ quan nào đã chia sẻ dữ liệu đó cho ai.
data-back = Quay lại Dữ liệu của tôi
data-holders-heading = Ai đang giữ dữ liệu của bạn
data-holders-count = { $count } cơ quan
data-holders-link = Xem chi tiết các cơ quan đang giữ dữ liệu
data-shared-heading = Ai đã chia sẻ dữ liệu của bạn
data-shared-recent = { $count } lần chia sẻ trong 30 ngày qua
data-shared-latest = Gần nhất:
data-shared-link = Xem nhật ký chia sẻ
data-export-heading = Tải về dữ liệu của bạn
data-export-body = Bạn có thể tải về toàn bộ thông tin trên dưới dạng bảng tính (CSV) hoặc dữ liệu máy đọc được (JSON).
data-export-csv = Tải về bảng tính (CSV)
data-export-proof = Tải về bằng chứng toàn vẹn của nhật ký (JSON)
data-export-json = Tải về dữ liệu (JSON)
holdings-title = Ai đang giữ dữ liệu của bạn
holdings-lead = Các hệ thống thông tin đang lưu dữ liệu cá nhân của bạn, mục đích, căn cứ pháp lý và thời hạn lưu trữ, theo báo cáo của từng cơ quan.
holdings-empty = Chưa có cơ quan nào báo cáo đang giữ dữ liệu của bạn.
holdings-categories = Loại dữ liệu
holdings-purpose = Mục đích
holdings-legal-basis = Căn cứ pháp lý
holdings-retention = Thời hạn lưu trữ
holdings-retention-months = { $months } tháng
holdings-retention-law = Theo thời hạn pháp luật quy định
holdings-source = Nguồn dữ liệu
holdings-updated = Cập nhật lần cuối
sharing-title = Ai đã chia sẻ dữ liệu của bạn
sharing-lead = Mỗi lần một cơ quan cung cấp dữ liệu của bạn cho cơ quan khác, mới nhất ở trên. Một số lần chia sẻ phục vụ điều tra chỉ được hiển thị khi pháp luật cho phép.
sharing-filter-heading = Lọc nhật ký
sharing-filter-agency = Cơ quan
sharing-filter-category = Loại dữ liệu
sharing-filter-purpose = Mục đích
sharing-filter-any = Tất cả
sharing-filter-from = Từ ngày
sharing-filter-until = Đến ngày
sharing-filter-apply = Lọc
sharing-filter-clear = Xóa bộ lọc
sharing-empty = Chưa có lần chia sẻ nào được báo cáo.
sharing-empty-filtered = Không có lần chia sẻ nào khớp với bộ lọc. Hãy xóa bộ lọc để xem tất cả.
sharing-details-link = Xem chi tiết
sharing-pagination-label = Trang của nhật ký
sharing-newer = Mới hơn
sharing-older = Cũ hơn
sharing-sentence-provided = { $recipient } đã nhận dữ liệu của bạn từ { $provider }.
sharing-sentence-refused = { $provider } đã từ chối cung cấp dữ liệu của bạn cho { $recipient }.
sharing-method-online-connection = Kết nối trực tuyến giữa các hệ thống
sharing-method-database-synchronisation = Đồng bộ cơ sở dữ liệu
sharing-method-storage-media = Sao chép qua phương tiện lưu trữ
sharing-mode-default = Chia sẻ mặc định
sharing-mode-case-by-case = Chia sẻ theo từng trường hợp
sharing-outcome-provided = Đã cung cấp
sharing-outcome-refused = Đã từ chối
event-title = Chi tiết lần chia sẻ
event-back = Quay lại nhật ký chia sẻ
event-time = Thời gian
event-provider = Cơ quan cung cấp (hệ thống)
event-recipient = Cơ quan nhận (hệ thống)
event-categories = Loại dữ liệu
event-purpose = Mục đích
event-legal-basis = Căn cứ pháp lý
event-method = Phương thức
event-mode = Hình thức
event-outcome = Kết quả
event-request-reference = Số hồ sơ yêu cầu
event-official = Mã cán bộ
event-reference = Mã sự kiện
event-not-given = Không ghi
event-deferred = Việc thông báo lần chia sẻ này đã được hoãn theo quy định của pháp luật và được hiển thị từ { $date }.
event-integrity-heading = Kiểm tra tính toàn vẹn
event-integrity-body = Mỗi lần chia sẻ được nối vào một chuỗi băm, nên không ai có thể sửa hay xóa mà không bị phát hiện. Mã băm của lần chia sẻ này:
nav-consent = Sự đồng ý của tôi
consent-title = Sự đồng ý của bạn
consent-lead = Một số cơ quan chỉ được dùng dữ liệu của bạn cho một mục đích khi bạn đồng ý. Tại đây bạn có thể đồng ý, rút lại sự đồng ý bất cứ lúc nào và xem biên nhận của mỗi quyết định.
consent-state-active = Đang đồng ý
consent-state-withdrawn = Đã rút lại
consent-state-expired = Đã hết hạn
consent-state-none = Chưa đồng ý
consent-action-grant = Đồng ý
consent-action-withdraw = Rút lại sự đồng ý
consent-action-expire = Hết hạn đồng ý
consent-actor-subject = Chính chủ thể dữ liệu
consent-actor-representative = Người đại diện theo pháp luật
consent-actor-system = Hệ thống (hết thời hạn)
consent-actor-you = bạn
consent-error-unknown-purpose = Không có mục đích này. Hãy quay lại trang sự đồng ý và chọn trong danh sách.
consent-error-not-consent-based = Việc xử lý này dựa trên quy định của luật, không dựa trên sự đồng ý của bạn, nên không có gì để đồng ý hay rút lại ở đây.
consent-error-already-active = Bạn đã đồng ý cho mục đích này. Không có gì thay đổi.
consent-error-not-active = Không có sự đồng ý nào đang có hiệu lực cho mục đích này để rút lại. Không có gì thay đổi.
consent-error-not-due = Sự đồng ý này chưa hết thời hạn.
consent-error-child-agreement = Trẻ từ đủ 7 tuổi nên cần cả sự đồng ý của trẻ. Hãy đánh dấu ô để xác nhận trẻ đồng ý, hoặc hủy.
consent-error-not-representative = Bạn không được ghi nhận là người đại diện theo pháp luật của người này.
consent-flag-none = Được cung cấp cho một mục đích cần sự đồng ý của bạn, trong khi bạn chưa đồng ý.
consent-flag-withdrawn = Được cung cấp cho một mục đích cần sự đồng ý của bạn, sau khi bạn đã rút lại.
consent-flag-expired = Được cung cấp cho một mục đích cần sự đồng ý của bạn, sau khi sự đồng ý đã hết hạn.
consent-flag-tag = Cần kiểm tra
representation-kind-child = trẻ em
representation-kind-adult = người được bạn đại diện
consent-acting-label = Đang thực hiện thay người khác
consent-acting-for = Bạn đang thực hiện thay cho { $name }
consent-acting-age = , { $age } tuổi
consent-acting-stop = Quay lại sự đồng ý của chính bạn
consent-act-for = Thực hiện thay cho { $name }
consent-acting-heading = Người bạn đại diện
consent-acting-hint = Là cha mẹ hoặc người giám hộ, bạn có thể quyết định thay cho trẻ em, hoặc cho người thành niên mà bạn là người đại diện theo pháp luật. Mỗi quyết định đều ghi lại người thực hiện là bạn.
consent-history-link = Lịch sử và biên nhận
consent-choices-heading = Các mục đích cần sự đồng ý của bạn
consent-other-heading = Việc xử lý không phụ thuộc vào sự đồng ý của bạn
consent-other-lead = Các cơ quan này xử lý dữ liệu của bạn vì luật yêu cầu hoặc cho phép. Bạn không thể rút lại sự đồng ý ở đây, nhưng có thể yêu cầu xem, chỉnh sửa dữ liệu hoặc phản đối.
consent-any-agency = Cơ quan giải quyết hồ sơ của bạn
consent-active-until = từ { $since }, có hiệu lực đến { $until }
consent-since = từ { $date }
consent-withdraw-link = Rút lại sự đồng ý
consent-grant-link = Đồng ý
consent-data = Dữ liệu được dùng
consent-legal-basis = Căn cứ pháp lý
consent-validity = Thời hạn của sự đồng ý
consent-validity-months = { $months } tháng, trừ khi bạn rút lại sớm hơn
consent-validity-open = Đến khi bạn rút lại
consent-controller = Cơ quan chịu trách nhiệm
consent-processors = Bên xử lý thay mặt cơ quan
consent-decision-title = Đồng ý hoặc rút lại sự đồng ý
consent-back = Quay lại trang sự đồng ý
consent-grant-heading = Đồng ý:
consent-withdraw-heading = Rút lại sự đồng ý:
consent-grant-effect = Nếu bạn đồng ý, cơ quan được dùng các dữ liệu trên chỉ cho mục đích này, đến ngày ghi ở trên hoặc đến khi bạn rút lại. Rút lại sau này cũng chỉ cần một nút bấm như thế này.
consent-withdraw-effect = Nếu bạn rút lại, { $agency } phải ngừng dùng dữ liệu của bạn cho mục đích này.
consent-withdraw-before = Việc dùng dữ liệu trước khi bạn rút lại vẫn hợp pháp. Việc xử lý mà luật yêu cầu cho các mục đích khác không bị ảnh hưởng.
consent-grant-button = Tôi đồng ý
consent-withdraw-button = Rút lại đồng ý
consent-cancel = Hủy
consent-child-legend = Sự đồng ý của trẻ
consent-child-hint = Trẻ từ đủ { $age } tuổi trở lên cũng phải đồng ý.
consent-child-agreed = { $name } đã được giải thích và đồng ý
consent-child-agreed-yes = Có
consent-child-agreed-no = Không
consent-history-title = Lịch sử sự đồng ý
consent-chain-intact = Mọi bản ghi dưới đây được liên kết thành một chuỗi băm, và chuỗi còn nguyên vẹn: không bản ghi nào bị sửa hay xóa.
consent-chain-broken = Cảnh báo: chuỗi băm của các bản ghi này không khớp. Một bản ghi có thể đã bị sửa. Hãy liên hệ người phụ trách bảo vệ dữ liệu cá nhân.
consent-receipt-link = Biên nhận
consent-col-time = Thời gian
consent-col-purpose = Mục đích
consent-col-action = Quyết định
consent-col-actor = Người thực hiện
consent-col-receipt = Biên nhận
consent-receipt-title = Biên nhận sự đồng ý
consent-receipt-id = Số biên nhận
consent-new-state = Trạng thái sau quyết định
consent-valid-until = Có hiệu lực đến
consent-notice-version = Phiên bản thông báo đã hiển thị
consent-notice-shown = Thông báo đã hiển thị
consent-receipt-hash = Mã băm của bản ghi
consent-receipt-purpose = Mục đích theo mô tả hiện nay
consent-receipt-json = Tải biên nhận này (JSON)
consent-flags-title = Dữ liệu được chia sẻ khi không có sự đồng ý
consent-flags-lead = Các cơ quan trong tỉnh, thành phố của bạn đã báo cáo việc cung cấp dữ liệu của người dân cho một mục đích cần sự đồng ý, trong khi sự đồng ý của người đó không có hiệu lực. Cần kiểm tra từng trường hợp với cơ quan.
consent-flags-empty = Chưa có cơ quan nào trong tỉnh, thành phố của bạn báo cáo việc chia sẻ như vậy.
consent-flags-count = { $count } lượt chia sẻ cần kiểm tra, mới nhất trước
consent-flags-why = Lý do cần kiểm tra
admin-purposes-title = Các mục đích cần sự đồng ý
admin-purposes-lead = Các thông báo người dân đọc trước khi đồng ý hoặc rút lại sự đồng ý. Khi sửa thông báo, thông báo mang số phiên bản tiếp theo; các sự đồng ý trước đó giữ nguyên thông báo đã hiển thị.
admin-purposes-back = Quay lại danh sách mục đích
admin-purpose-title = Sửa thông báo:
admin-purpose-edit = Sửa
admin-purpose-actions = Thay đổi
admin-purpose-version = Đang áp dụng phiên bản { $version } của thông báo.
admin-purpose-notice-vi = Thông báo bằng tiếng Việt
admin-purpose-notice-en = Thông báo bằng tiếng Anh
admin-purpose-validity = Thời hạn của sự đồng ý, tính bằng tháng
admin-purpose-validity-hint = Số nguyên từ 1 đến 120; để trống nếu có hiệu lực đến khi rút lại. Áp dụng cho các sự đồng ý từ nay.
admin-purpose-save = Lưu thông báo
admin-purpose-saved = Đã lưu thông báo.
admin-purpose-error-empty = Hãy nhập thông báo: người dân phải được biết họ đồng ý với điều gì.
admin-purpose-error-long = Thông báo quá dài: tối đa 2.000 ký tự.
admin-purpose-error-validity = Hãy nhập số tháng là số nguyên từ 1 đến 120, hoặc để trống.
consent-method = Cách ghi nhận
consent-method-web-form = Qua biểu mẫu của dịch vụ này, sau khi hiển thị thông báo
consent-method-automatic-expiry = Do hệ thống ghi nhận khi hết thời hạn
deadline-error-year = Lịch nghỉ lễ chưa có dữ liệu cho năm mà thời hạn này rơi vào. Quản trị viên cần nhập các ngày nghỉ lễ của năm đó trước.
deadline-error-extension-length = Thời gian gia hạn từ 1 đến 15 ngày.
deadline-error-extended = Thời hạn này đã được gia hạn một lần; không thể gia hạn thêm.
