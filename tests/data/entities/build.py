# ruff: noqa: E501
"""Build the hand-annotated Vietnamese NER evaluation set (dev.jsonl, test.jsonl) from inline markup.

Every sentence below is written by hand for this project (statute sentences are adapted from public-domain
Vietnamese legislation; everything else is invented). Entities are marked inline as ``{TYPE|surface text}``;
the markup is stripped and the character offsets are computed from it, so repeated substrings are never a
problem. See GUIDELINES.md for the annotation rules.

Run ``python tests/data/entities/build.py`` to rewrite the JSONL files; the output is deterministic.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = ("PER", "LOC", "ORG", "DATE", "MONEY", "LAW")
MARK = re.compile(r"\{(" + "|".join(TYPES) + r")\|([^{}|]+)\}")

# Dev takes this many sentences of each source (30 + 38 + 37 + 15 = 120); the rest goes to test (200).
DEV_QUOTA = {"law": 30, "complaint": 38, "judgment": 37, "news": 15}
SEED = 20240615

LAW = """
Người nào trộm cắp tài sản của người khác trị giá từ {MONEY|2.000.000 đồng} đến dưới {MONEY|50.000.000 đồng} thì bị phạt cải tạo không giam giữ đến 03 năm hoặc phạt tù từ 06 tháng đến 03 năm.
Phạm tội chiếm đoạt tài sản trị giá từ {MONEY|200.000.000 đồng} đến dưới {MONEY|500.000.000 đồng} thì bị phạt tù từ 07 năm đến 15 năm.
Pháp nhân thương mại còn có thể bị phạt tiền từ {MONEY|50.000.000 đồng} đến {MONEY|200.000.000 đồng}, cấm kinh doanh, hoạt động trong một số lĩnh vực nhất định hoặc cấm huy động vốn từ 01 năm đến 03 năm.
Căn cứ {LAW|Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam}; {ORG|Quốc hội} ban hành {LAW|Bộ luật Hình sự}.
Căn cứ {LAW|Luật Tổ chức Chính phủ} {DATE|ngày 19 tháng 6 năm 2015}; căn cứ {LAW|Luật Đất đai} {DATE|ngày 18 tháng 01 năm 2024}; theo đề nghị của Bộ trưởng {ORG|Bộ Tài nguyên và Môi trường}, {ORG|Chính phủ} ban hành Nghị định quy định về giá đất.
Nghị định này có hiệu lực thi hành từ {DATE|ngày 01 tháng 8 năm 2024} và thay thế {LAW|Nghị định số 44/2014/NĐ-CP} {DATE|ngày 15 tháng 5 năm 2014} của {ORG|Chính phủ} quy định về giá đất.
Bộ luật này có hiệu lực thi hành từ {DATE|ngày 01 tháng 01 năm 2017}; {LAW|Bộ luật Dân sự số 33/2005/QH11} hết hiệu lực kể từ ngày Bộ luật này có hiệu lực.
Bộ trưởng {ORG|Bộ Tài chính} quy định chi tiết {LAW|điểm d khoản 2 Điều 21 Luật Kinh doanh bảo hiểm năm 2022}.
Chánh án {ORG|Tòa án nhân dân tối cao} quyết định thành lập và quy định nhiệm vụ, quyền hạn của bộ máy giúp việc trong {ORG|Tòa án quân sự trung ương} sau khi thống nhất với Bộ trưởng {ORG|Bộ Quốc phòng}.
Cho thôi quốc tịch {LOC|Việt Nam} đối với bà {PER|Nguyễn Ngọc Diễm}, sinh {DATE|ngày 12/3/1990} tại {LOC|Cần Thơ}, hiện cư trú tại {LOC|Hàn Quốc}.
{ORG|Tòa án nhân dân tối cao}, {ORG|Viện kiểm sát nhân dân tối cao}, {ORG|Kiểm toán nhà nước} căn cứ vào quy định của Luật này thực hiện quản lý công tác thi đua, khen thưởng trong phạm vi ngành.
Trước {DATE|ngày 15 tháng 11} hằng năm, {ORG|Quốc hội} quyết định kế hoạch đầu tư công vốn ngân sách nhà nước năm sau.
Kỳ báo cáo công tác bảo vệ môi trường tính từ {DATE|ngày 01 tháng 01} đến hết {DATE|ngày 31 tháng 12} của năm báo cáo.
Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ, {ORG|Bộ Kế hoạch và Đầu tư} trình Thủ tướng {ORG|Chính phủ} xem xét, quyết định.
{ORG|Cục Quản lý xuất nhập cảnh} thuộc {ORG|Bộ Công an} có trách nhiệm thu thập, cập nhật thông tin về người nước ngoài cư trú tại {LOC|Việt Nam}.
Tư lệnh {ORG|Bộ Tư lệnh Thủ đô Hà Nội} quyết định bổ nhiệm các chức vụ chỉ huy tiểu đoàn, hải đoàn dân quân tự vệ.
Thủ đô nước {LOC|Cộng hòa xã hội chủ nghĩa Việt Nam} là {LOC|Hà Nội}.
{ORG|Hội đồng nhân dân thành phố Hà Nội} được quyết định mức thu một số loại phí, lệ phí cao hơn nhưng không quá 02 lần so với mức thu do cơ quan có thẩm quyền ở trung ương quy định.
Phạt tiền từ {MONEY|800.000 đồng} đến {MONEY|1.000.000 đồng} đối với người điều khiển xe mô tô, xe gắn máy không chấp hành hiệu lệnh của đèn tín hiệu giao thông theo {LAW|điểm e khoản 4 Điều 6 Nghị định số 100/2019/NĐ-CP}.
Mức phạt tiền tối đa trong lĩnh vực bảo vệ môi trường đối với cá nhân là {MONEY|1.000.000.000 đồng}, đối với tổ chức là {MONEY|2.000.000.000 đồng}.
Mức lương tối thiểu tháng đối với người lao động làm việc ở vùng I là {MONEY|4.960.000 đồng}, áp dụng từ {DATE|ngày 01/7/2024}.
Mức lương cơ sở là {MONEY|2.340.000 đồng}/tháng theo quy định tại {LAW|Nghị định số 73/2024/NĐ-CP} của {ORG|Chính phủ}.
Người sử dụng lao động có quyền đơn phương chấm dứt hợp đồng lao động trong các trường hợp quy định tại {LAW|khoản 1 Điều 36 Bộ luật Lao động năm 2019}.
Công dân {LOC|Việt Nam} đi làm việc ở nước ngoài theo hợp đồng phải tuân thủ pháp luật của {LOC|Việt Nam} và pháp luật của nước tiếp nhận người lao động.
{LAW|Luật Doanh nghiệp số 59/2020/QH14} có hiệu lực thi hành từ {DATE|ngày 01 tháng 01 năm 2021}; {LAW|Luật Doanh nghiệp số 68/2014/QH13} hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.
Bộ trưởng {ORG|Bộ Tư pháp} ban hành {LAW|Thông tư 01/2021/TT-BTP} quy định chi tiết một số điều và biện pháp thi hành {LAW|Luật Công chứng}.
Quyết định này có hiệu lực kể từ {DATE|ngày 10 tháng 9 năm 2023} và thay thế {LAW|Quyết định số 25/2019/QĐ-UBND} {DATE|ngày 20 tháng 8 năm 2019} của {ORG|Ủy ban nhân dân tỉnh Khánh Hòa}.
Giám đốc {ORG|Sở Tài nguyên và Môi trường tỉnh Lâm Đồng}, Chủ tịch {ORG|Ủy ban nhân dân thành phố Đà Lạt} và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.
Bổ nhiệm ông {PER|Trần Quốc Hưng}, Phó Giám đốc {ORG|Sở Tư pháp tỉnh Quảng Trị}, giữ chức vụ Giám đốc {ORG|Sở Tư pháp tỉnh Quảng Trị} kể từ {DATE|ngày 01/7/2023}.
Tặng Bằng khen của Chủ tịch {ORG|Ủy ban nhân dân tỉnh Nghệ An} cho bà {PER|Lô Thị Hương}, giáo viên {ORG|Trường Phổ thông Dân tộc nội trú huyện Kỳ Sơn}, đã có thành tích xuất sắc trong công tác giáo dục.
Luật này đã được {ORG|Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam} khóa XIV, kỳ họp thứ 10 thông qua {DATE|ngày 17 tháng 11 năm 2020}.
Chủ tịch {ORG|Quốc hội} {PER|Nguyễn Thị Kim Ngân} đã ký chứng thực {LAW|Luật Bảo vệ môi trường số 72/2020/QH14}.
{LAW|Luật Đất đai số 31/2024/QH15} được {ORG|Quốc hội} thông qua {DATE|ngày 18 tháng 01 năm 2024} và có hiệu lực thi hành từ {DATE|ngày 01 tháng 8 năm 2024}.
Hồ sơ đăng ký kết hôn có yếu tố nước ngoài được nộp tại {ORG|Ủy ban nhân dân huyện Củ Chi} nếu một bên là công dân {LOC|Việt Nam} cư trú tại huyện đó.
Việc chuyển nhượng quyền sử dụng đất phải được công chứng hoặc chứng thực theo quy định tại {LAW|điểm a khoản 3 Điều 27 Luật Đất đai 2024}.
Người phạm tội tham ô tài sản mà tài sản bị chiếm đoạt trị giá {MONEY|1.000.000.000 đồng} trở lên thì bị phạt tù 20 năm, tù chung thân hoặc tử hình.
Thời hiệu khởi kiện để yêu cầu chia di sản đối với bất động sản là 30 năm, đối với động sản là 10 năm, kể từ thời điểm mở thừa kế.
Vợ, chồng có nghĩa vụ thương yêu, chung thủy, tôn trọng, quan tâm, chăm sóc, giúp đỡ nhau; cùng nhau chia sẻ, thực hiện các công việc trong gia đình.
Tàu biển mang cờ quốc tịch nước ngoài khi hoạt động tại vùng biển {LOC|Việt Nam} phải tuân thủ {LAW|Bộ luật Hàng hải Việt Nam 2015} và các điều ước quốc tế có liên quan.
{LAW|Nghị quyết số 02/2018/NQ-HĐTP} {DATE|ngày 15 tháng 5 năm 2018} của {ORG|Hội đồng Thẩm phán Tòa án nhân dân tối cao} hướng dẫn áp dụng {LAW|Điều 65 của Bộ luật Hình sự} về án treo.
{ORG|Ngân hàng Nhà nước Việt Nam} là cơ quan ngang bộ của {ORG|Chính phủ}, là ngân hàng trung ương của nước {LOC|Cộng hòa xã hội chủ nghĩa Việt Nam}.
{LAW|Luật Phòng, chống tác hại của rượu, bia} nghiêm cấm việc bán rượu, bia cho người chưa đủ 18 tuổi.
{ORG|Ủy ban thường vụ Quốc hội} giải thích {LAW|Hiến pháp}, luật, pháp lệnh.
Người có hành vi mua bán người, tùy theo tính chất, mức độ vi phạm, bị xử lý theo {LAW|Điều 150 và Điều 151 Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017)}.
{LAW|Khoản 3 Điều 2 Luật số 03/2022/QH15} sửa đổi, bổ sung một số điều của {LAW|Luật Đầu tư công}.
{LAW|Thông tư số 78/2021/TT-BTC} của {ORG|Bộ Tài chính} hướng dẫn về hóa đơn, chứng từ điện tử được áp dụng từ {DATE|ngày 01/01/2022}.
Tòa án có thẩm quyền giải quyết vụ việc dân sự là Tòa án nơi bị đơn cư trú, làm việc, nếu bị đơn là cá nhân.
Giao ông {PER|Võ Văn Thành}, Phó Chủ tịch {ORG|UBND tỉnh Bình Định}, chỉ đạo giải quyết dứt điểm kiến nghị của các hộ dân tại xã {LOC|Cát Tiến}, huyện {LOC|Phù Cát} trước {DATE|ngày 30/6/2024}.
Cho thôi giữ chức vụ Chánh Văn phòng {ORG|Hội đồng nhân dân tỉnh Gia Lai} đối với ông {PER|Rơ Mah Thuận} để nghỉ hưu theo chế độ từ {DATE|ngày 01 tháng 10 năm 2023}.
Phê duyệt kết quả lựa chọn nhà thầu: {ORG|Công ty Cổ phần Xây dựng Giao thông Thừa Thiên Huế}, đại diện là ông {PER|Trương Công Định}; giá trúng thầu {MONEY|48.756.000.000 đồng}; thời gian thực hiện hợp đồng 540 ngày.
Xử phạt {ORG|Công ty TNHH Chế biến Thủy sản Tân Hưng Phát}, người đại diện theo pháp luật là ông {PER|Lý Quốc Khánh}, số tiền {MONEY|320.000.000 đồng} do xả nước thải vượt quy chuẩn kỹ thuật ra sông {LOC|Hậu}.
Căn cứ {LAW|Nghị định số 45/2022/NĐ-CP} {DATE|ngày 07 tháng 7 năm 2022} của {ORG|Chính phủ} quy định về xử phạt vi phạm hành chính trong lĩnh vực bảo vệ môi trường;
Ông {PER|Nguyễn Hữu Tài} có trách nhiệm bàn giao hồ sơ, tài liệu và công việc đang giải quyết cho người kế nhiệm trước {DATE|ngày 15/8/2023}.
{ORG|Quỹ Hỗ trợ nông dân tỉnh Sóc Trăng} được cấp bổ sung vốn điều lệ {MONEY|5 tỷ đồng} từ nguồn ngân sách tỉnh {DATE|năm 2024}.
Đường biên giới quốc gia trên đất liền giữa {LOC|Việt Nam} và {LOC|Trung Quốc} được xác định theo các điều ước quốc tế mà hai nước đã ký kết.
Theo {LAW|Luật Biên giới quốc gia năm 2003}, {ORG|Bộ Quốc phòng} chủ trì, phối hợp với các bộ, ngành quản lý, bảo vệ biên giới quốc gia trên đất liền.
Người lao động được nghỉ làm việc, hưởng nguyên lương 02 ngày dịp Quốc khánh {DATE|ngày 02 tháng 9} và 01 ngày liền kề trước hoặc sau.
Cá nhân xuất cảnh mang theo ngoại tệ tiền mặt trên {MONEY|5.000 USD} hoặc các loại ngoại tệ khác có giá trị tương đương phải khai báo hải quan cửa khẩu.
Người nộp thuế trốn thuế với số tiền từ {MONEY|100.000.000 đồng} đến dưới {MONEY|300.000.000 đồng} thì bị phạt tiền từ {MONEY|100.000.000 đồng} đến {MONEY|500.000.000 đồng}.
{ORG|Bảo hiểm xã hội Việt Nam} có trách nhiệm hướng dẫn thủ tục hưởng chế độ thai sản theo {LAW|Luật Bảo hiểm xã hội năm 2014}.
Chánh Văn phòng {ORG|UBND tỉnh Cà Mau}, Giám đốc {ORG|Sở Nông nghiệp và Phát triển nông thôn} và Chủ tịch {ORG|UBND huyện Ngọc Hiển} chịu trách nhiệm thi hành Quyết định này kể từ {DATE|ngày 15/3/2024}.
Phê duyệt danh sách 12 hộ gia đình, gồm hộ ông {PER|A Thuyên} và 11 hộ khác, tại xã {LOC|Đăk Hà}, huyện {LOC|Tu Mơ Rông}, tỉnh {LOC|Kon Tum} được hỗ trợ {MONEY|40 triệu đồng}/hộ để xây dựng nhà ở.
Chủ tịch nước {PER|Võ Văn Thưởng} đã ký Lệnh công bố {LAW|Luật Đất đai số 31/2024/QH15}.
{LAW|Bộ luật Tố tụng hình sự số 101/2015/QH13} được {ORG|Quốc hội} thông qua {DATE|ngày 27 tháng 11 năm 2015}.
Việc giải quyết tranh chấp đất đai được thực hiện theo {LAW|Điều 235 và Điều 236 Luật Đất đai năm 2024}.
Kinh phí thực hiện chương trình được bố trí từ nguồn ngân sách nhà nước {DATE|năm 2025} với tổng mức {MONEY|1.250 tỷ đồng}.
{ORG|Bộ Giáo dục và Đào tạo} chủ trì, phối hợp với {ORG|Bộ Lao động - Thương binh và Xã hội} hướng dẫn thực hiện Điều này.
Đại biểu Hội đồng nhân dân có quyền chất vấn Chủ tịch Ủy ban nhân dân, Chánh án Tòa án nhân dân, Viện trưởng Viện kiểm sát nhân dân cùng cấp.
Án phí, lệ phí Tòa án được thu theo {LAW|Nghị quyết số 326/2016/UBTVQH14} {DATE|ngày 30 tháng 12 năm 2016} của {ORG|Ủy ban thường vụ Quốc hội}.
Việc bồi thường khi Nhà nước thu hồi đất tại {LOC|Thành phố Hồ Chí Minh} thực hiện theo bảng giá đất do {ORG|Ủy ban nhân dân Thành phố} ban hành.
Công nhận xã {LOC|Tân Thạnh}, huyện {LOC|Thạnh Hóa}, tỉnh {LOC|Long An} đạt chuẩn nông thôn mới {DATE|năm 2022}.
Khen thưởng ông {PER|Y Khuê Niê}, Trưởng buôn {LOC|Ko Sia}, xã {LOC|Ea Kao}, thành phố {LOC|Buôn Ma Thuột}, vì đã có thành tích trong phong trào toàn dân bảo vệ an ninh Tổ quốc.
Thu hồi Chứng chỉ hành nghề luật sư đã cấp cho ông {PER|Phan Thanh Lâm}, thành viên {ORG|Đoàn Luật sư Thành phố Hồ Chí Minh}, kể từ {DATE|ngày 20/12/2022}.
Kỷ luật bằng hình thức khiển trách đối với ông {PER|Lê Văn Cường}, Chủ tịch {ORG|UBND xã Hương Sơn}, huyện {LOC|Mỹ Đức}, thành phố {LOC|Hà Nội}, do vi phạm trong quản lý đất đai.
Chủ tịch {ORG|Quốc hội} {PER|Vương Đình Huệ} đã ký chứng thực {LAW|Luật Kinh doanh bảo hiểm số 08/2022/QH15}.
Điều động bà {PER|H'Yim Kđoh}, Phó Trưởng {ORG|Ban Dân tộc tỉnh Đắk Lắk}, đến nhận công tác tại {ORG|Sở Văn hóa, Thể thao và Du lịch} từ {DATE|ngày 01/11/2023}.
Chuẩn y kết quả bầu ông {PER|Hà Văn Thưởng} giữ chức Chủ tịch {ORG|UBND huyện Quế Phong}, tỉnh {LOC|Nghệ An}.
Công nhận danh hiệu Người có uy tín trong đồng bào dân tộc thiểu số đối với ông {PER|Sùng A Páo}, thôn {LOC|Lô Lô Chải}, xã {LOC|Lũng Cú}, huyện {LOC|Đồng Văn}, tỉnh {LOC|Hà Giang}.
Hạn mức giao đất ở cho mỗi hộ gia đình tại các phường thuộc {LOC|Thành phố Thủ Đức} không quá 160 m2 theo {LAW|Quyết định số 18/2024/QĐ-UBND} của {ORG|Ủy ban nhân dân Thành phố Hồ Chí Minh}.
Người được bồi thường về đất tại dự án mở rộng {LOC|Quốc lộ 14} đoạn qua tỉnh {LOC|Đắk Nông} được hỗ trợ ổn định đời sống bằng tiền tương đương 30 kg gạo/nhân khẩu/tháng.
"""

COMPLAINT = """
Tôi là {PER|Nguyễn Thị Hoa}, trú tại số 12 ngõ 85 phố {LOC|Hạ Đình}, phường {LOC|Thanh Xuân Trung}, quận {LOC|Thanh Xuân}, xin phản ánh tình trạng ngập úng kéo dài sau mỗi trận mưa lớn.
Cứ mưa là đoạn đường {LOC|Nguyễn Hữu Cảnh} qua {LOC|phường 22}, quận {LOC|Bình Thạnh} ngập tới nửa bánh xe, đề nghị thành phố sớm có giải pháp.
Kính gửi {ORG|UBND phường Linh Đông}: bãi rác tự phát ở đầu hẻm 58 đường {LOC|Tô Ngọc Vân} bốc mùi hôi thối suốt hai tuần nay, người dân rất bức xúc. Người gửi: {PER|Trần Thị Mỹ Lệ}.
Tối nào quán karaoke {ORG|Hoàng Gia} trên đường {LOC|Trần Phú}, phường {LOC|Lộc Thọ}, thành phố {LOC|Nha Trang} cũng hát đến 1-2 giờ sáng, vi phạm {LAW|Nghị định 144/2021/NĐ-CP}, người phản ánh: {PER|Lê Minh Tuấn}.
Toi la {PER|Nguyen Van Chuong}, nha toi o ap {LOC|Phu Hoa}, xa {LOC|Phu Thanh}, huyen {LOC|Tan Phu Dong}, tinh {LOC|Tien Giang}, duong dal bi sat lo tu thang truoc ma chua ai sua.
Gia đình tôi bị ông {PER|Đặng Văn Lợi} lấn chiếm khoảng 40 m2 đất tại thửa đất số 215, tờ bản đồ số 12, xã {LOC|Hòa Phong}, huyện {LOC|Hòa Vang}, thành phố {LOC|Đà Nẵng}.
Tôi là {PER|Lưu Thị Kim Thoa}, đã gửi đơn lên {ORG|UBND xã Tân Phú} từ {DATE|tháng 3/2022} nhưng đến nay chưa được giải quyết, đề nghị cấp trên xem xét.
Ông {PER|Phạm Văn Nam} (SĐT 0912.xxx.678) phản ánh cống thoát nước trên đường {LOC|Lê Lợi}, thành phố {LOC|Thanh Hóa} bị vỡ nắp, rất nguy hiểm cho người đi đường.
Theo bà {PER|K'Hòa}, mấy tháng nay xe tải chở đất chạy suốt đêm qua thị trấn {LOC|Liên Nghĩa}, huyện {LOC|Đức Trọng}, bụi mù mịt, nhà cửa lúc nào cũng bám đầy đất.
Em là {PER|Thảo} ở phường {LOC|Linh Trung}, cho em hỏi sao tiền điện nhà em tháng này lên tới {MONEY|2,8 triệu đồng} trong khi mọi tháng chỉ hơn {MONEY|900 nghìn}, em đã gọi {ORG|Điện lực Thủ Đức} mà chưa ai xuống kiểm tra ạ.
Ông {PER|Lâm Vĩnh Phát} kiến nghị {ORG|Công ty Cổ phần Cấp nước Chợ Lớn} kiểm tra đường ống trên đường {LOC|Kinh Dương Vương}, quận {LOC|Bình Tân}, nước sinh hoạt mấy ngày nay có mùi lạ và màu vàng đục.
Tôi tên {PER|Trần Văn Hùng}, ngụ tổ 7, khu vực {LOC|Bình Thường B}, phường {LOC|Long Tuyền}, quận {LOC|Bình Thủy}, {LOC|TP Cần Thơ}, phản ánh đường đất trong khu vực lầy lội, trẻ em đi học rất khó khăn.
Chị {PER|Nguyễn Thu Trang} phản ánh: ở chung cư {LOC|HH4C Linh Đàm}, thang máy hỏng liên tục, Ban quản lý thu phí {MONEY|8.000 đồng}/m2 mà không sửa, cư dân đề nghị {ORG|UBND quận Hoàng Mai} vào cuộc.
Bà {PER|Huỳnh Thị Bé} ở ấp {LOC|Tân Quới}, xã {LOC|Tân Bình}, huyện {LOC|Thới Lai} cho biết nước mặn xâm nhập làm chết gần hết 3 công lúa.
Ông {PER|Võ Minh Khôi} đề nghị {ORG|Công an phường Bến Thành} xử lý tình trạng lấn chiếm vỉa hè bán hàng rong trên đường {LOC|Lê Lai}, {LOC|Quận 1}, người đi bộ phải đi xuống lòng đường.
toi la {PER|Hoang Anh}, hien tai duong {LOC|Nguyen Trai} doan truoc truong {ORG|THCS Thanh Xuan Nam} dang thi cong bo dang do, khong co rao chan, toi qua thay nguy hiem qua.
Tôi, {PER|Lò Thị Xuân}, bản {LOC|Phiêng Lứa}, xã {LOC|Chiềng Sơn}, huyện {LOC|Mộc Châu}, tỉnh {LOC|Sơn La}, đề nghị chính quyền xem xét việc cấp giấy chứng nhận quyền sử dụng đất cho gia đình tôi.
Theo phản ánh của ông {PER|Nguyễn Bá Thịnh}, trận mưa chiều {DATE|ngày 14/10/2023} làm ngập sâu nhiều tuyến phố ở quận {LOC|Hải Châu}, trong đó đoạn đường {LOC|Hàm Nghi} nước lên gần 60 cm.
Ông {PER|Rmah Đức}, trưởng thôn, cho biết con đường bê tông liên thôn ở xã {LOC|Ia Kriêng}, huyện {LOC|Đức Cơ}, tỉnh {LOC|Gia Lai} mới làm xong {DATE|năm 2021} đã nứt toác, xin các cơ quan chức năng kiểm tra chất lượng công trình.
Tôi là {PER|Vũ Đức Mạnh}, xin phản ánh việc {ORG|Công ty TNHH Môi trường Xanh Hải Phòng} thu gom rác ở phường {LOC|Dư Hàng Kênh}, quận {LOC|Lê Chân} không đúng giờ, rác để tràn ra đường.
em o {LOC|Go Vap} ne, hem 221 {LOC|Le Duc Tho} {LOC|p.6} cu mua xuong la ngap toi dau goi, ngap vay ma ko ai lam gi het.
Gửi {ORG|Sở Giao thông vận tải Hà Nội}: đèn tín hiệu ở ngã tư {LOC|Nguyễn Chí Thanh} – {LOC|Láng} hỏng từ sáng {DATE|ngày 02/8}, gây ùn tắc nghiêm trọng giờ cao điểm. Người gửi: {PER|Đoàn Quang Huy}.
Xưởng gỗ của ông {PER|Ngô Văn Tiến} ở thôn {LOC|Phù Lưu}, xã {LOC|Tân Hồng}, thành phố {LOC|Từ Sơn} chạy máy cưa từ 5 giờ sáng, các hộ xung quanh không thể nghỉ ngơi.
Phản ánh của công dân {PER|Bùi Thị Thanh Tâm}: trường {ORG|Tiểu học Kim Đồng} thu thêm {MONEY|500.000 đồng} mỗi học sinh tiền "cơ sở vật chất" không có hóa đơn, trái với {LAW|Thông tư 55/2011/TT-BGDĐT}.
Bà {PER|Trần Thị Nguyệt} cho biết khu vực chợ {LOC|Xóm Mới}, phường {LOC|Vĩnh Hải}, thành phố {LOC|Nha Trang} thường xuyên xả nước thải ra mương, mùi hôi bốc lên nồng nặc.
Hộ ông {PER|Thạch Sa Rươne} ở ấp {LOC|Đay Tà Ni}, xã {LOC|Hưng Lợi}, huyện {LOC|Thạnh Trị}, tỉnh {LOC|Sóc Trăng} chưa nhận được tiền hỗ trợ hạn mặn dù đã có tên trong danh sách.
Toi ten {PER|Le Van Sang}, o phuong {LOC|Hung Binh}, tp {LOC|Vinh}, phan anh viec cong ty {ORG|Cap nuoc Nghe An} cat nuoc 3 ngay khong bao truoc.
Trên đường {LOC|Kha Vạn Cân}, đoạn qua phường {LOC|Linh Chiểu} có nhiều ổ gà, tối không có đèn, tuần trước chú {PER|Bảy} hàng xóm tôi té xe gãy tay.
Đề nghị {ORG|UBND huyện Bình Chánh} làm rõ việc ông {PER|Lê Văn Nhựt} phân lô bán nền trái phép trên đất nông nghiệp tại xã {LOC|Vĩnh Lộc A}, giá rao bán {MONEY|1,2 tỷ đồng} một nền.
Tôi tên {PER|Đinh Thị Nhàn}, trú tại xóm {LOC|Đồng Tâm}, xã {LOC|Phú Vinh}, huyện {LOC|Tân Lạc}, tỉnh {LOC|Hòa Bình}, phản ánh việc cầu tràn qua suối bị cuốn trôi từ {DATE|tháng 7 năm 2023} mà chưa được làm lại.
Ông {PER|Phạm Văn Hai} cùng hơn 20 hộ dân khu phố {LOC|Bình Đường 2}, phường {LOC|An Bình}, thành phố {LOC|Dĩ An}, tỉnh {LOC|Bình Dương} đề nghị di dời trạm trung chuyển rác ra khỏi khu dân cư.
Nhà hàng xóm là ông {PER|Tư} nuôi heo ngay sát vách, mùi hôi nồng nặc, tôi đã báo ấp nhiều lần mà không được giải quyết.
Kinh gui {ORG|UBND phuong Ben Nghe}, via he duong {LOC|Ton Duc Thang} bi cac quan nhau chiem het, nguoi di bo phai di duoi long duong. Nguoi gui: {PER|Tran Bao Ngoc}, sdt 0903xxx456.
Tôi là {PER|Hồ Thị Ngọc Ánh}, nhà ở kiệt 45 đường {LOC|Trần Cao Vân}, quận {LOC|Thanh Khê}, mỗi lần mưa là nước từ đường dồn vào kiệt ngập tới đầu gối.
{DATE|Ngày 20/5/2023}, tôi ({PER|Nguyễn Đăng Khoa}) nộp hồ sơ xin tách thửa tại Bộ phận một cửa {ORG|UBND thị xã Hương Thủy}, đến nay đã quá hạn hơn hai tháng nhưng chưa có kết quả.
Phản ánh của bà {PER|Tôn Nữ Thanh Hương}: cây xanh trên đường {LOC|Điện Biên Phủ}, phường {LOC|Vĩnh Ninh}, thành phố {LOC|Huế} bị mục gốc, có nguy cơ ngã đổ vào mùa mưa bão.
Con tôi học ở {ORG|Trường THCS Nguyễn Du} bị các bạn bắt nạt nhiều lần, tôi đã báo cô chủ nhiệm là cô {PER|Trang} nhưng nhà trường chưa xử lý.
Tôi là {PER|Nông Văn Quyết}, thôn {LOC|Nà Lẹng}, xã {LOC|Đình Phong}, huyện {LOC|Trùng Khánh}, tỉnh {LOC|Cao Bằng}, phản ánh việc thủy điện xả nước không báo trước làm trôi 2 con trâu của gia đình.
Đoạn {LOC|Quốc lộ 1A} qua thị trấn {LOC|Diễn Châu} có nhiều xe container đỗ dưới lòng đường ban đêm, rất dễ gây tai nạn.
Tui là {PER|Út Hiền}, làm ơn xử lý giùm tụi tui cái bãi xe tự phát ở chân cầu {LOC|Kênh Tẻ}, {LOC|Quận 7}, thu {MONEY|20 nghìn} một lượt mà không có vé.
Bà {PER|Lương Thị Mai} phản ánh {ORG|Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam chi nhánh huyện Lục Ngạn} tự ý trừ {MONEY|3.500.000 đồng} trong tài khoản của bà mà không thông báo.
Rác thải ùn ứ tại bãi rác {LOC|Khánh Sơn}, quận {LOC|Liên Chiểu} bốc mùi khiến hàng nghìn hộ dân xung quanh phải đóng kín cửa suốt ngày.
Tôi tên {PER|Danh Sơn}, ngụ ấp {LOC|Xẻo Nhàu}, xã {LOC|Tân Thạnh}, huyện {LOC|An Minh}, tỉnh {LOC|Kiên Giang}, xin phản ánh việc đê bao bị sạt lở, nước mặn tràn vào ruộng.
Ông {PER|Bùi Văn Mừng} phản ánh nhà máy gạch tuynel ở xã {LOC|Yên Lạc}, huyện {LOC|Yên Thủy} xả khói đen suốt ngày đêm, nhiều người dân bị viêm họng, ho kéo dài.
Tôi là {PER|Nguyễn Văn Tám}, đề nghị {ORG|Phòng Tài nguyên và Môi trường huyện Long Thành} giải quyết tranh chấp ranh giới đất giữa tôi và hộ bà {PER|Trương Thị Lan} theo {LAW|Điều 236 Luật Đất đai 2024}.
Chị {PER|Nay H'Lan} cho biết mấy ngày nay {ORG|Điện lực Pleiku} cắt điện liên tục vào buổi trưa mà không thông báo, bà con ở phường {LOC|Yên Đỗ} rất khổ sở vì nắng nóng.
Ông {PER|Nguyễn Văn Hòa} phản ánh dự án nâng cấp đường {LOC|Trần Hưng Đạo} tại thành phố {LOC|Phan Thiết} thi công kéo dài từ {DATE|năm 2020} đến nay vẫn chưa xong, bụi bặm, kẹt xe.
Chị {PER|Phan Thị Thu Hằng} ở phường {LOC|Hòa Cường Bắc} phản ánh việc một số quán nhậu trên đường {LOC|Núi Thành} mở nhạc lớn sau 23 giờ.
Anh {PER|Lò Văn Đôi} phản ánh {ORG|Công ty TNHH Xây dựng Thành Đạt} chưa trả {MONEY|180 triệu đồng} tiền công cho 15 công nhân xây dựng từ {DATE|tháng 12/2023}, anh em rất khó khăn.
Kính gửi lãnh đạo {ORG|UBND tỉnh Quảng Ngãi}: đề nghị khẩn trương sửa chữa cầu treo bắc qua sông {LOC|Trà Khúc} ở xã {LOC|Sơn Hạ}, cầu đã xuống cấp nghiêm trọng. Người viết: {PER|Đinh Văn Pho}.
Tôi tên {PER|Kpă Y Lơi}, làng {LOC|Plei Ốp}, thị xã {LOC|Ayun Pa}, nhờ cơ quan chức năng xem xét việc người khác tự ý cày xới rẫy cà phê của gia đình tôi.
lam on kiem tra giup cai cong thoat nuoc o duong {LOC|Cach Mang Thang Tam}, {LOC|quan 3}, nghet lau roi, mua la nuoc tran len via he.
Theo anh {PER|A Tú}, đường vào {ORG|Bệnh viện Đa khoa tỉnh Kon Tum} thường xuyên bị xe ôm, taxi chiếm dụng, xe cấp cứu nhiều lần không vào được.
Ông {PER|Trịnh Xuân Bách}, tổ dân phố {LOC|Tân Xuân}, phường {LOC|Xuân Đỉnh}, quận {LOC|Bắc Từ Liêm} phản ánh công trình xây dựng trái phép lấn ra mương thoát nước chung.
Giá nước sinh hoạt ở xã tui tăng lên {MONEY|12.000 đồng}/m3 mà nước vẫn đục ngầu, xin hỏi {ORG|Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Bến Tre} có kiểm tra không. Người hỏi: {PER|Nguyễn Văn Ba}.
Đề nghị {ORG|Công an huyện Cư M'gar} điều tra vụ mất trộm 5 tạ cà phê nhân của gia đình ông {PER|Y Bhim Êban} ở buôn {LOC|Ea Mđróh}, xã {LOC|Quảng Hiệp}.
Tôi là {PER|Hoàng Thị Lý}, trú tại phường {LOC|Hồng Hải}, thành phố {LOC|Hạ Long}, đề nghị xử lý tình trạng xe chở than rơi vãi trên đường {LOC|Nguyễn Văn Cừ}.
Tuyến kênh {LOC|Nhiêu Lộc - Thị Nghè} đoạn qua {LOC|Phường 2}, quận {LOC|Phú Nhuận} lại xuất hiện nhiều rác nổi và cá chết.
Ông {PER|Sáu} bán tạp hóa đầu hẻm kể nước cống tràn vào tận nhà từ tối {DATE|ngày 05/9}, tới giờ vẫn chưa rút hết.
Bà {PER|Lê Thị Xuân} phản ánh con đường dẫn vào khu tái định cư {LOC|Hòa Sơn} của huyện {LOC|Hòa Vang} chưa có đèn chiếu sáng, người dân phải đi trong bóng tối mỗi đêm.
Ong {PER|Pham Quoc Bao} va cu dan chung cu {LOC|Era Town} {LOC|quan 7} phan anh chu dau tu chua ban giao quy bao tri {MONEY|40 ty dong} cho ban quan tri.
Tôi tên {PER|Vi Văn Thắng}, thôn {LOC|Khòn Pát}, xã {LOC|Hòa Sơn}, huyện {LOC|Hữu Lũng}, tỉnh {LOC|Lạng Sơn}, phản ánh việc khai thác đá gây nổ mìn làm nứt tường nhà dân.
{ORG|Trường THPT Phan Châu Trinh} ở {LOC|Đà Nẵng} bị phụ huynh {PER|Hoàng Thị Diệu} phản ánh thu quỹ lớp {MONEY|1,5 triệu đồng} mỗi em ngay đầu năm học.
Gia đình bà {PER|Lê Thị Sương} ở ấp {LOC|An Thới}, xã {LOC|An Khánh}, huyện {LOC|Châu Thành}, tỉnh {LOC|Bến Tre} bị sạt lở bờ sông {LOC|Tiền}, căn nhà có nguy cơ đổ xuống sông.
Phản ánh của ông {PER|Lại Văn Thanh}, người dân phường {LOC|Tân Phong}, thành phố {LOC|Biên Hòa}: nhà máy xử lý rác gây mùi hôi mỗi tối từ 19 giờ đến nửa đêm.
Xin hỏi {ORG|Bảo hiểm xã hội huyện Thọ Xuân} vì sao tôi đóng bảo hiểm tự nguyện từ {DATE|năm 2015} mà nay không tra cứu được quá trình đóng. Người hỏi: {PER|Lê Thị Dung}.
Ông {PER|Bế Văn Khánh} phản ánh {ORG|UBND xã Thành Công} thu {MONEY|2 triệu đồng} mỗi hộ để làm đường nhưng không công khai thu chi.
Trên đường {LOC|Võ Nguyên Giáp} hướng đi {LOC|Hội An} có đoạn cát bay phủ kín mặt đường, xe máy rất dễ trượt ngã.
Tôi là {PER|Dương Văn Phúc}, thường trú tại {LOC|Phường 8}, thành phố {LOC|Đà Lạt}, phản ánh việc chặt phá thông trái phép ở khu vực đồi phía sau nhà.
Ông {PER|Huỳnh Văn Lành} cùng người dân phường {LOC|Lái Thiêu}, thành phố {LOC|Thuận An} kiến nghị nạo vét rạch {LOC|Búng} vì mỗi lần triều cường nước tràn vào nhà.
Bà {PER|H'Bla Mlô} ở buôn {LOC|Trí A}, xã {LOC|Ea Bar}, huyện {LOC|Buôn Đôn} nói con đường đất đỏ vào buôn mùa mưa lầy lội, xe máy không đi được.
Tôi là {PER|Kiều Văn Sơn}, nhờ {ORG|Đội Quản lý trật tự đô thị quận Đống Đa} xử lý tình trạng đổ phế thải xây dựng ban đêm ở bãi đất trống cạnh hồ {LOC|Ba Mẫu}.
Tôi là {PER|Quách Văn Đông}, nhà ở khu phố 3, thị trấn {LOC|Vĩnh Thuận}, đề nghị xem xét việc hàng xóm xây nhà lấn qua ranh giới khoảng 0,5 m.
Hôm {DATE|18/3}, anh {PER|Thành} nhân viên {ORG|Công ty Điện lực Bạc Liêu} đến thay công tơ nhưng không có biên bản, giờ tiền điện tăng gấp đôi.
chi {PER|Ngoc} o hem 45 {LOC|Huynh Tan Phat} phuong {LOC|Tan Thuan Tay} co nguoi do xa ban ra duong moi toi, ai di ngang cung thay ghe.
Ông {PER|Trương Công Thành} và người dân thôn {LOC|Trảng Kèo}, xã {LOC|Cẩm Hà}, thành phố {LOC|Hội An} phản ánh dự án resort ven sông {LOC|Đế Võng} san lấp làm ách tắc dòng chảy.
Ông {PER|Đào Văn Lực} đề nghị {ORG|Sở Tài nguyên và Môi trường tỉnh Bình Định} kiểm tra việc khai thác cát trái phép trên sông {LOC|Kôn} đoạn qua xã {LOC|Nhơn Lộc}, thị xã {LOC|An Nhơn}.
Tôi đã đóng {MONEY|15 triệu đồng} tiền đặt cọc cho {ORG|Công ty Cổ phần Địa ốc Phú Hưng Land} từ {DATE|ngày 10 tháng 4 năm 2022} mà đến nay công ty không ký hợp đồng, không trả lại tiền. Người gửi: {PER|Châu Minh Khoa}.
Mấy ông chạy xe độ pô đua nhau trên đường {LOC|Phạm Văn Đồng} mỗi tối thứ bảy, tiếng nổ inh ỏi, bà con không ai ngủ được, xin hỏi theo {LAW|Nghị định 168/2024/NĐ-CP} thì bị phạt bao nhiêu?
Tôi là {PER|Triệu Thị Mẩy}, dân tộc Dao, thôn {LOC|Khe Vằn}, xã {LOC|Quảng Long}, huyện {LOC|Hải Hà}, tỉnh {LOC|Quảng Ninh}, xin hỏi về chế độ hỗ trợ nhà ở cho hộ nghèo.
Theo ông {PER|Nguyễn Văn Út}, mương thoát nước dọc {LOC|tỉnh lộ 825} qua xã {LOC|Đức Lập Hạ}, huyện {LOC|Đức Hòa} bị lấp, nước không thoát được, ruộng lúa của nhiều hộ bị ngập úng.
Ông {PER|Huỳnh Văn Út} ở xã {LOC|Tân Hưng}, huyện {LOC|Cái Nước}, tỉnh {LOC|Cà Mau} phản ánh giá thu mua tôm của đầu nậu bị ép xuống còn {MONEY|110.000 đồng}/kg.
Anh {PER|Đỗ Minh Trí} cho biết nhiều tuyến đường trong khu dân cư {LOC|Vạn Phúc} ở {LOC|TP.HCM} ngập nặng sau trận mưa tối {DATE|ngày 21/9/2024}, nhiều ô tô chết máy giữa đường.
Chị {PER|Mai} ở phòng 1204 phản ánh nhà bên trên sửa chữa gây thấm dột, đã báo Ban quản trị nhiều lần.
Tôi là giáo viên hợp đồng tại {ORG|Trường Tiểu học Ea Tiêu}, huyện {LOC|Cư Kuin}, bị nợ lương 3 tháng với tổng số tiền {MONEY|19.500.000 đồng}. Người phản ánh: {PER|Đỗ Thị Hạnh}.
Ông {PER|Điểu Ter} và người dân tổ dân phố {LOC|Hòa Bình}, phường {LOC|Nghĩa Thành}, thành phố {LOC|Gia Nghĩa} phản ánh đường {LOC|Lê Duẩn} bị đào lên để lắp cống rồi bỏ đó gần một tháng.
Ông {PER|Mạc Văn Chiến}, đội 5, xã {LOC|Giao Thiện}, huyện {LOC|Giao Thủy}, tỉnh {LOC|Nam Định} phản ánh nước thải từ các đầm nuôi tôm tràn vào ruộng muối.
Tôi xin phản ánh việc cán bộ địa chính xã {LOC|Hương Vân} đòi {MONEY|5 triệu đồng} mới làm hồ sơ đo đạc cho gia đình tôi. Người phản ánh: {PER|Tôn Nữ Diệu Linh}.
Xin hỏi {ORG|Cục Thuế tỉnh Tây Ninh}: tôi bán nông sản tự sản xuất có phải nộp thuế theo {LAW|Luật Thuế thu nhập cá nhân} không? Người hỏi: {PER|Lâm Văn Phụng}, xã {LOC|Long Thành Nam}, thị xã {LOC|Hòa Thành}.
Anh {PER|Tuấn} bán bánh mì ở đầu ngõ cho biết từ {DATE|tháng 10/2023} đến nay đường ống nước thải của phố {LOC|Kim Ngưu} vỡ ba lần.
Ông {PER|Ksor Y Bin}, thôn trưởng, đề nghị {ORG|Ban Quản lý rừng phòng hộ Nam Sông Hinh} ngăn chặn việc phá rừng làm rẫy ở xã {LOC|Ea Trol}, huyện {LOC|Sông Hinh}, tỉnh {LOC|Phú Yên}.
Bà {PER|Cao Thị Nguyệt} ở thị trấn {LOC|Phong Điền}, huyện {LOC|Phong Điền}, thành phố {LOC|Cần Thơ} kiến nghị làm lại cây cầu khỉ bắc qua rạch {LOC|Nhum}.
Sau khi trúng đấu giá lô đất {MONEY|2,1 tỷ đồng} tại xã {LOC|Diễn Kim}, huyện {LOC|Diễn Châu}, tôi nộp đủ tiền nhưng huyện chưa bàn giao đất. Người phản ánh: {PER|Hồ Đức Lương}.
Hệ thống đèn đường trên {LOC|Đại lộ Thăng Long} đoạn qua huyện {LOC|Thạch Thất} tắt cả tuần nay, rất nguy hiểm cho người đi xe máy ban đêm.
Ông {PER|Mua A Dế} ở bản {LOC|Huổi Sang}, xã {LOC|Mường Toong}, huyện {LOC|Mường Nhé} phản ánh bản chưa có điện lưới quốc gia.
Tôi là {PER|Nguyễn Hoàng Yến}, khách hàng của {ORG|Ngân hàng TMCP Sài Gòn Thương Tín}, bị trừ phí duy trì tài khoản {MONEY|11.000 đồng} mỗi tháng mà không được thông báo.
Chính quyền {LOC|phường 4} quận {LOC|Tân Bình} cho tôi hỏi khi nào thì dỡ bỏ rào chắn công trình trên đường {LOC|Hoàng Văn Thụ} đã hoàn thành từ lâu.
Bà {PER|Phan Thị Liễu} cùng người dân xã {LOC|Tân Hiệp}, huyện {LOC|Hóc Môn} phản ánh có người đốt rác thải công nghiệp vào ban đêm, khói độc bay cả khu.
Tôi tên {PER|Y Sa Ma Byă}, xin hỏi thủ tục để được hỗ trợ {MONEY|2,5 triệu đồng} khi con đi học nội trú theo chính sách của tỉnh {LOC|Đắk Lắk}.
Ông {PER|Trần Hữu Nghĩa} phản ánh hàng quán trên đường {LOC|Nguyễn Văn Linh} thuộc phường {LOC|An Khánh}, quận {LOC|Ninh Kiều} lấn chiếm lòng đường làm bãi giữ xe, thu {MONEY|10.000 đồng} mỗi xe.
"""

JUDGMENT = """
{DATE|Ngày 15 tháng 3 năm 2023}, tại trụ sở {ORG|Tòa án nhân dân huyện Krông Pắc}, tỉnh {LOC|Đắk Lắk} xét xử sơ thẩm công khai vụ án hình sự thụ lý số 12/2023/TLST-HS {DATE|ngày 20 tháng 01 năm 2023} đối với bị cáo {PER|Y Thuận Byă}.
Bị cáo: {PER|LÊ VĂN HẬU}, sinh {DATE|ngày 04/8/1992} tại {LOC|Hà Tĩnh}; nơi cư trú: xóm {LOC|Trung Thành}, xã {LOC|Cẩm Thạch}, huyện {LOC|Cẩm Xuyên}, tỉnh {LOC|Hà Tĩnh}; trình độ văn hóa: 9/12; con ông {PER|Lê Văn Sơn} và bà {PER|Trần Thị Lài}.
Người bị hại: anh {PER|Phạm Minh Đức}, sinh {DATE|năm 1990}; trú tại: {LOC|Phường 7}, {LOC|Quận 3}, {LOC|Thành phố Hồ Chí Minh}.
Khoảng 22 giờ {DATE|ngày 14/02/2023}, {PER|Hậu} đi bộ đến nhà anh {PER|Đức}, lợi dụng lúc gia đình anh {PER|Đức} đang ngủ, lén lút lấy trộm 01 xe mô tô trị giá {MONEY|18.500.000 đồng}.
Tại Cáo trạng số 18/CT-VKSKP {DATE|ngày 10/3/2023}, {ORG|Viện kiểm sát nhân dân huyện Krông Pắc} truy tố bị cáo {PER|Lê Văn Hậu} về tội "Trộm cắp tài sản" theo {LAW|khoản 1 Điều 173 Bộ luật Hình sự}.
Tuyên bố bị cáo {PER|NGUYỄN THÀNH LUÂN} phạm tội "Lừa đảo chiếm đoạt tài sản".
Áp dụng {LAW|điểm a khoản 3 Điều 174; điểm b, s khoản 1, khoản 2 Điều 51; Điều 38 Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017)}; xử phạt bị cáo {PER|Nguyễn Thành Luân} 08 (tám) năm tù.
Về trách nhiệm dân sự: buộc bị cáo {PER|Trần Văn Tâm} bồi thường cho bị hại là bà {PER|Huỳnh Thị Kim Liên} số tiền {MONEY|35.000.000 đồng} ({MONEY|ba mươi lăm triệu đồng}).
Nguyên đơn: bà {PER|Đặng Thị Thu}, sinh {DATE|năm 1965}; địa chỉ: ấp {LOC|Mỹ Hòa}, xã {LOC|Mỹ Hiệp}, huyện {LOC|Cao Lãnh}, tỉnh {LOC|Đồng Tháp}.
Bị đơn: {ORG|Công ty TNHH Thương mại Dịch vụ Hoàng Phát}; trụ sở: số 45 đường {LOC|Phạm Văn Đồng}, phường {LOC|Hiệp Bình Chánh}, thành phố {LOC|Thủ Đức}; người đại diện theo pháp luật: ông {PER|Võ Hoàng Phát} – Giám đốc.
{DATE|Ngày 05/6/2020}, bà {PER|Thu} và ông {PER|Nguyễn Văn Bảy} ký hợp đồng vay tài sản, theo đó ông {PER|Bảy} vay của bà {PER|Thu} số tiền {MONEY|500.000.000 đồng}, lãi suất 1%/tháng, thời hạn vay 12 tháng.
Khoảng 14 giờ 30 phút {DATE|ngày 21/11/2022}, tại khu vực bản {LOC|Huổi Lèng}, xã {LOC|Chà Cang}, huyện {LOC|Nậm Pồ}, tỉnh {LOC|Điện Biên}, tổ công tác của {ORG|Đồn Biên phòng Chà Cang} bắt quả tang {PER|Lò Văn Pấng} đang vận chuyển 02 bánh heroin.
Xét kháng cáo của bị cáo {PER|Giàng A Chứ}, {ORG|Tòa án nhân dân cấp cao tại Hà Nội} thấy bị cáo không cung cấp thêm được tình tiết giảm nhẹ nào mới nên không có căn cứ chấp nhận.
Khoảng 19 giờ {DATE|ngày 03/9/2022}, {PER|Đỗ Văn Thắng} điều khiển xe ô tô tải biển kiểm soát 36C-456.78 lưu thông trên {LOC|Quốc lộ 1A} theo hướng {LOC|Thanh Hóa} – {LOC|Nghệ An}, khi đến địa phận xã {LOC|Quảng Tân}, huyện {LOC|Quảng Xương} thì va chạm với xe mô tô do anh {PER|Lê Đình Quang} điều khiển.
Gia đình bị cáo đã tự nguyện bồi thường cho gia đình bị hại {MONEY|120.000.000 đồng}, đại diện hợp pháp của bị hại là bà {PER|Phạm Thị Nhung} có đơn xin giảm nhẹ hình phạt cho bị cáo.
Từ {DATE|tháng 3/2021} đến {DATE|tháng 9/2022}, {PER|Trịnh Quang Vinh} dùng tài khoản mạng xã hội giả danh nhân viên ngân hàng, chiếm đoạt của 14 người tổng số tiền {MONEY|1.245.000.000 đồng}.
Số tiền chiếm đoạt được {PER|Vinh} chuyển vào tài khoản mở tại {ORG|Ngân hàng TMCP Quân đội} rồi rút ra tiêu xài cá nhân.
Xử phạt bị cáo {PER|HỒ VĂN LỢI} 02 (hai) năm 06 (sáu) tháng tù về tội "Cố ý gây thương tích"; thời hạn tù tính từ {DATE|ngày 12/4/2023}.
Căn cứ {LAW|khoản 2 Điều 134; điểm b, s khoản 1 Điều 51 Bộ luật Hình sự}; {LAW|Điều 136 Bộ luật Tố tụng hình sự}; {LAW|Nghị quyết số 326/2016/UBTVQH14} của {ORG|Ủy ban thường vụ Quốc hội}.
Bị cáo {PER|Ksor Phun} và bị cáo {PER|Rơ Châm Hyưk} cùng trú tại làng {LOC|Plei Kly}, xã {LOC|Ia Mơ Nông}, huyện {LOC|Chư Păh}, tỉnh {LOC|Gia Lai}.
Hội đồng xét xử sơ thẩm gồm có: Thẩm phán – Chủ tọa phiên tòa: bà {PER|Đỗ Thị Ngọc Lan}; các Hội thẩm nhân dân: ông {PER|Trần Văn Kiên} và bà {PER|Nguyễn Thị Thúy}.
Đại diện {ORG|Viện kiểm sát nhân dân thành phố Cần Thơ} tham gia phiên tòa: ông {PER|Lý Minh Hải} – Kiểm sát viên.
Bản án hình sự sơ thẩm số 45/2023/HS-ST {DATE|ngày 20/9/2023} của {ORG|Tòa án nhân dân quận Ninh Kiều} đã bị bị cáo {PER|Châu Văn Tài} kháng cáo xin giảm nhẹ hình phạt.
Theo lời khai của bị cáo {PER|Nguyễn Văn Tèo} (tên gọi khác: {PER|Tí}), bị cáo đã bán số ma túy này cho một người tên {PER|Cường} ở khu vực chợ {LOC|Bình Tây} với giá {MONEY|2.000.000 đồng}.
Vào khoảng 10 giờ {DATE|ngày 08/01/2024}, tại khu vực phường {LOC|Bãi Cháy}, thành phố {LOC|Hạ Long}, tỉnh {LOC|Quảng Ninh}, {PER|Vũ Văn Khải} dùng dao chém anh {PER|Bùi Văn Đạt} gây thương tích 28%.
Bị cáo {PER|PHẠM THỊ THANH TRÚC} là kế toán của {ORG|Công ty Cổ phần Thủy sản Mekong Star} đã lập khống chứng từ chiếm đoạt của công ty {MONEY|2.150.000.000 đồng}.
Ông {PER|Trương Văn Chín} khởi kiện yêu cầu bà {PER|Trương Thị Mười} trả lại diện tích đất 1.250 m2 thuộc thửa đất số 112, tờ bản đồ số 9 tọa lạc tại ấp {LOC|Long Hưng}, xã {LOC|Long Thạnh}, huyện {LOC|Giồng Riềng}, tỉnh {LOC|Kiên Giang}.
Chấp nhận yêu cầu khởi kiện của nguyên đơn {ORG|Ngân hàng TMCP Đầu tư và Phát triển Việt Nam}; buộc bị đơn {ORG|Công ty TNHH Vận tải Quang Minh} thanh toán số tiền nợ gốc {MONEY|3.420.000.000 đồng} và nợ lãi tính đến {DATE|ngày 31/5/2023}.
Bị cáo {PER|Hờ A Sử}, sinh {DATE|năm 1996}, dân tộc Mông, trú tại bản {LOC|Sà Phìn}, xã {LOC|Sà Phìn}, huyện {LOC|Đồng Văn}, tỉnh {LOC|Hà Giang}; không biết chữ.
Hành vi của bị cáo {PER|Hoàng Văn Toàn} đã phạm vào tội "Tàng trữ trái phép chất ma túy" quy định tại {LAW|điểm c khoản 1 Điều 249 Bộ luật Hình sự năm 2015}.
Sau khi nhận {MONEY|150 triệu đồng} của anh {PER|Nguyễn Minh Quân} với lời hứa xin việc vào làm tại {ORG|Công an tỉnh Bình Dương}, {PER|Trần Thị Yến} đã tắt điện thoại và bỏ trốn khỏi địa phương.
{DATE|Ngày 12/10/2022}, {ORG|Cơ quan Cảnh sát điều tra Công an quận Hải Châu} ra Quyết định khởi tố vụ án, khởi tố bị can đối với {PER|Phan Văn Quý}.
Tuyên xử: không chấp nhận kháng cáo của bị cáo {PER|Tạ Đình Phong}, giữ nguyên Bản án hình sự sơ thẩm số 78/2023/HS-ST {DATE|ngày 14/7/2023} của {ORG|Tòa án nhân dân tỉnh Thái Nguyên}.
Bị hại: ông {PER|Kim Văn Sơn}, sinh {DATE|năm 1958}; nơi cư trú: phum {LOC|Tà Tum}, xã {LOC|Tập Sơn}, huyện {LOC|Trà Cú}, tỉnh {LOC|Trà Vinh}.
Khoảng 23 giờ {DATE|ngày 30/4/2023}, sau khi uống rượu tại nhà anh {PER|A Blưu} ở làng {LOC|Kon Rbàng}, xã {LOC|Vinh Quang}, thành phố {LOC|Kon Tum}, giữa {PER|A Thiên} và anh {PER|A Blưu} xảy ra cãi vã.
Căn cứ vào kết luận giám định số 1235/GĐ-PC09 {DATE|ngày 05/5/2023} của {ORG|Phòng Kỹ thuật hình sự Công an tỉnh Kon Tum}, tỷ lệ tổn thương cơ thể của anh {PER|A Blưu} là 15%.
Bị cáo {PER|Bùi Thị Ngân} đã nộp lại {MONEY|50.000.000 đồng} tại {ORG|Chi cục Thi hành án dân sự quận Lê Chân} để khắc phục hậu quả.
Người có quyền lợi, nghĩa vụ liên quan: {ORG|Ngân hàng TMCP Ngoại thương Việt Nam – Chi nhánh Quảng Nam}; người đại diện theo ủy quyền: ông {PER|Huỳnh Ngọc Tân}.
Bị cáo {PER|NGÔ THANH SƠN}, tên gọi khác: {PER|Sơn Trọc}, sinh {DATE|ngày 17/02/1988} tại {LOC|Bình Định}.
Do cần tiền tiêu xài, {PER|Sơn} rủ {PER|Đặng Hữu Lộc} đi bẻ khóa trộm xe máy ở khu vực chợ đêm {LOC|Quy Nhơn}.
Xét thấy bị cáo {PER|Lê Thị Bích Ngọc} phạm tội lần đầu, có nơi cư trú rõ ràng, nên áp dụng {LAW|Điều 65 Bộ luật Hình sự} cho bị cáo được hưởng án treo là phù hợp.
Giao bị cáo {PER|Lê Thị Bích Ngọc} cho {ORG|Ủy ban nhân dân phường Hưng Phú}, quận {LOC|Cái Răng}, thành phố {LOC|Cần Thơ} giám sát, giáo dục trong thời gian thử thách.
{DATE|Ngày 02/3/2023}, {PER|Lý Văn Páo} điều khiển xe mô tô chở {PER|Lý Thị Mai} từ xã {LOC|Bản Hồ} về thị xã {LOC|Sa Pa} thì bị lực lượng {ORG|Công an tỉnh Lào Cai} kiểm tra, thu giữ 2,3 kg thuốc phiện.
Căn cứ {LAW|các Điều 26, 35, 39, 147 và 273 Bộ luật Tố tụng dân sự}; {LAW|Điều 357 và Điều 468 Bộ luật Dân sự năm 2015}, tuyên xử chấp nhận một phần yêu cầu của nguyên đơn.
Buộc ông {PER|Lê Quang Vinh} trả cho bà {PER|Tạ Thị Hồng} số tiền {MONEY|260.000.000 đồng}; kể từ ngày bà {PER|Hồng} có đơn yêu cầu thi hành án, nếu ông {PER|Vinh} chậm trả thì còn phải trả lãi.
Bị cáo {PER|NGUYỄN QUỐC VIỆT} và bị cáo {PER|TRẦN THANH BÌNH} cùng bị xét xử về tội "Đánh bạc" theo {LAW|khoản 1 Điều 321 Bộ luật Hình sự}.
Hôm nay, {DATE|ngày 22 tháng 8 năm 2023}, tại trụ sở {ORG|Tòa án nhân dân Thành phố Hồ Chí Minh} xét xử phúc thẩm công khai vụ án dân sự về "Tranh chấp hợp đồng đặt cọc" giữa nguyên đơn bà {PER|Lê Ngọc Hân} và bị đơn ông {PER|Tăng Quốc Cường}.
{ORG|Viện kiểm sát nhân dân tỉnh Lâm Đồng} đề nghị Hội đồng xét xử tuyên bố bị cáo {PER|K' Brơi} phạm tội "Hủy hoại rừng" và xử phạt từ 03 năm đến 04 năm tù.
Đối với {PER|Ka Nhi}, là người mua lại số gỗ nhưng không biết là tài sản do phạm tội mà có nên {ORG|Cơ quan Cảnh sát điều tra Công an huyện Lạc Dương} không xử lý là có căn cứ.
Tại phiên tòa, bị cáo {PER|Mai Xuân Trường} khai nhận vào {DATE|tháng 5 năm 2022} đã nhận của chị {PER|Nguyễn Thị Mến} {MONEY|70.000.000 đồng} để hứa lo cho con chị vào {ORG|Trường Cao đẳng Cảnh sát nhân dân II}.
Ông {PER|Hồ Sĩ Toàn} là người đại diện theo pháp luật của {ORG|Hợp tác xã Nông nghiệp Diễn Hồng}, có địa chỉ tại xã {LOC|Diễn Hồng}, huyện {LOC|Diễn Châu}, tỉnh {LOC|Nghệ An}.
Bị cáo {PER|Y Mlô Niê} là người dân tộc thiểu số, sinh sống ở vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn, hiểu biết pháp luật hạn chế nên được áp dụng thêm tình tiết giảm nhẹ theo {LAW|khoản 2 Điều 51 Bộ luật Hình sự}.
{ORG|Tòa án nhân dân huyện Phú Quốc} nhận được đơn khởi kiện của ông {PER|Danh Hùng} đề {DATE|ngày 07/11/2020}, yêu cầu hủy hợp đồng chuyển nhượng quyền sử dụng đất với bà {PER|Thị Nết}.
Bị cáo {PER|Đinh Văn Nhép} bị bắt tạm giam từ {DATE|ngày 19/6/2023} đến nay tại {ORG|Trại tạm giam Công an tỉnh Quảng Ngãi}.
{DATE|Ngày 09/9/2021}, {PER|Phùng Văn Lâm} nhận chuyển nhượng của vợ chồng ông {PER|Lục Văn Kim} và bà {PER|Hoàng Thị Chuyền} thửa đất tại thôn {LOC|Nà Pồng}, xã {LOC|Yên Thổ}, huyện {LOC|Bảo Lâm}, tỉnh {LOC|Cao Bằng}.
Buộc bị đơn {ORG|Công ty Cổ phần Đầu tư Xây dựng Sông Đà Hòa Bình} trả cho nguyên đơn ông {PER|Lưu Văn Khang} số tiền {MONEY|1,8 tỷ đồng} tiền thi công còn nợ theo hợp đồng kinh tế ký {DATE|ngày 12/8/2019}.
Áp dụng {LAW|điểm đ khoản 2 Điều 260 Bộ luật Hình sự}; xử phạt bị cáo {PER|Trần Ngọc Hải} 03 (ba) năm tù về tội "Vi phạm quy định về tham gia giao thông đường bộ".
Lời khai của người làm chứng là ông {PER|Võ Văn Bé Hai} phù hợp với biên bản khám nghiệm hiện trường lập {DATE|ngày 26/12/2022}.
Bị cáo {PER|HUỲNH TẤN LỘC} có 01 tiền án: {DATE|ngày 14/3/2018} bị {ORG|Tòa án nhân dân thành phố Biên Hòa} xử phạt 02 năm tù về tội "Trộm cắp tài sản", chưa được xóa án tích.
{DATE|Ngày 25/7/2023}, {PER|Lộc} cạy cửa nhà chị {PER|Đoàn Thị Kiều} ở phường {LOC|Trảng Dài}, lấy trộm 01 nhẫn vàng và {MONEY|7.000.000 đồng} tiền mặt.
Đương sự: chị {PER|Vũ Thị Hương Giang} và anh {PER|Đào Mạnh Cường} xin thuận tình ly hôn; con chung là cháu {PER|Đào Gia Bảo} sinh {DATE|ngày 03/3/2017} giao cho chị {PER|Giang} trực tiếp nuôi dưỡng.
Căn cứ {LAW|Điều 82 và Điều 83 Luật Hôn nhân và gia đình}, anh {PER|Cường} có nghĩa vụ cấp dưỡng nuôi con mỗi tháng {MONEY|3.000.000 đồng} kể từ {DATE|tháng 11/2023} cho đến khi cháu {PER|Bảo} đủ 18 tuổi.
{ORG|Viện kiểm sát nhân dân cấp cao tại Đà Nẵng} kháng nghị phúc thẩm đối với bị cáo {PER|Hoàng Đình Tú} trong Bản án số 17/2023/HS-ST của {ORG|Tòa án nhân dân tỉnh Quảng Bình}.
Bị cáo {PER|Cao Văn Thắm} khai đã mua 05 gói ma túy đá của một người đàn ông không rõ lai lịch tại khu vực bến xe {LOC|Đông Hà} với giá {MONEY|1.500.000 đồng}.
Bị cáo {PER|Lâm Thị Sóc} là thủ quỹ {ORG|UBND xã Viên An}, huyện {LOC|Trần Đề}, tỉnh {LOC|Sóc Trăng}, đã chiếm đoạt {MONEY|412.000.000 đồng} tiền ngân sách trong thời gian từ {DATE|năm 2019} đến {DATE|năm 2021}.
{ORG|Tòa án nhân dân tỉnh Sóc Trăng} tuyên bố bị cáo {PER|Lâm Thị Sóc} phạm tội "Tham ô tài sản" theo {LAW|điểm a khoản 3 Điều 353 Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017)}.
Tại phiên tòa, luật sư {PER|Phan Minh Châu} thuộc {ORG|Đoàn Luật sư tỉnh An Giang} bào chữa cho bị cáo đề nghị áp dụng thêm tình tiết giảm nhẹ.
Khoảng 02 giờ {DATE|ngày 11/8/2022}, tại khu vực cầu {LOC|Rạch Miễu}, Tổ tuần tra của {ORG|Phòng Cảnh sát giao thông Công an tỉnh Bến Tre} phát hiện {PER|Nguyễn Văn Phong} điều khiển xe có nồng độ cồn vượt mức.
Bị cáo {PER|Nguyễn Văn A} là con ông {PER|Nguyễn Văn B} và bà {PER|Trần Thị C}; có vợ là {PER|Lê Thị D} và 02 con, lớn nhất sinh {DATE|năm 2012}, nhỏ nhất sinh {DATE|năm 2016}.
{ORG|Tòa án nhân dân huyện Mèo Vạc} xét xử bị cáo {PER|Vàng Mí Chứ} về tội "Mua bán người" theo {LAW|khoản 1 Điều 150 Bộ luật Hình sự}, do đã đưa chị {PER|Thào Thị Dở} sang {LOC|Trung Quốc} bán với giá {MONEY|30.000 nhân dân tệ}.
{DATE|Ngày 16/4/2021}, ông {PER|Dương Văn Chiến} và {ORG|Công ty TNHH MTV Nông sản Tây Nguyên} ký hợp đồng mua bán 20 tấn cà phê nhân với giá {MONEY|36.500 đồng}/kg.
Bị cáo khai đã chuyển cho đối tượng tên {PER|Kevin} ở {LOC|Campuchia} tổng cộng {MONEY|8.200 USD} để mua tài khoản đánh bạc trực tuyến.
Xử phạt bị cáo {PER|ĐOÀN VĂN PHƯỚC} 12 (mười hai) tháng tù nhưng cho hưởng án treo, thời gian thử thách 24 tháng tính từ ngày tuyên án sơ thẩm {DATE|03/11/2023}.
Về án phí: bị cáo {PER|Phước} phải nộp {MONEY|200.000 đồng} án phí hình sự sơ thẩm.
Bị cáo {PER|Nguyễn Văn Lực}, nguyên cán bộ địa chính xã {LOC|Bình Minh}, huyện {LOC|Thanh Oai}, thành phố {LOC|Hà Nội}, nhận hối lộ {MONEY|80.000.000 đồng} để làm sai lệch hồ sơ đất đai.
{DATE|Năm 2020}, {PER|Lực} được phân công phụ trách hồ sơ cấp giấy chứng nhận quyền sử dụng đất của 05 hộ dân thôn {LOC|Thạch Bích}.
Vụ án do {ORG|Cơ quan Cảnh sát điều tra Công an thành phố Hải Phòng} thụ lý điều tra, {ORG|Viện kiểm sát nhân dân thành phố Hải Phòng} truy tố và {ORG|Tòa án nhân dân thành phố Hải Phòng} xét xử sơ thẩm.
Bị cáo {PER|Phạm Thị Ly} đã chuyển cho bị hại {MONEY|40.000.000 đồng} qua tài khoản mở tại {ORG|Ngân hàng TMCP Công thương Việt Nam} để trả một phần số tiền đã chiếm đoạt.
Trong quá trình điều tra, {PER|Nguyễn Trọng Nghĩa} khai nhận đã nhiều lần bán trái phép chất ma túy cho các con nghiện ở khu vực cầu {LOC|Long Biên}.
Bị cáo {PER|LÒ VĂN HÙNG}, sinh {DATE|năm 2001}; nơi cư trú: bản {LOC|Nà Nghè}, xã {LOC|Mường Thín}, huyện {LOC|Tuần Giáo}, tỉnh {LOC|Điện Biên}; nghề nghiệp: làm ruộng.
{ORG|Tòa án nhân dân tỉnh Ninh Thuận} đã áp dụng {LAW|Điều 54 Bộ luật Hình sự} xử phạt bị cáo {PER|Pi Năng Thị Hoa} dưới mức thấp nhất của khung hình phạt.
{DATE|Tháng 6/2022}, {PER|Chamaléa Thị Nhẫn} vay của bà {PER|Thuận Thị Kim} {MONEY|90.000.000 đồng} để đầu tư trồng nho tại xã {LOC|Phước Sơn}, huyện {LOC|Ninh Phước}.
Theo lời khai của anh {PER|Triệu Văn Dũng}, khi xảy ra va chạm, xe của anh đang đi đúng phần đường trên {LOC|tỉnh lộ 265} thuộc địa phận huyện {LOC|Đại Từ}.
Bị cáo {PER|Vương Thị Thu Hà} lợi dụng chức vụ giám đốc {ORG|Phòng giao dịch Ngân hàng Chính sách xã hội huyện Lạc Sơn} để chiếm đoạt {MONEY|1,2 tỷ đồng} tiền vay của hộ nghèo.
{DATE|Ngày 01/02/2024}, chị {PER|Phan Thị Mỹ Duyên} làm đơn tố giác gửi {ORG|Công an phường An Hải Bắc}, quận {LOC|Sơn Trà}, thành phố {LOC|Đà Nẵng}.
Xét kháng cáo của nguyên đơn bà {PER|Lê Thị Thanh}, Hội đồng xét xử phúc thẩm {ORG|Tòa án nhân dân cấp cao tại Thành phố Hồ Chí Minh} nhận thấy có căn cứ chấp nhận một phần.
Bị cáo {PER|A Sĩ} phạm tội lần đầu, thuộc trường hợp ít nghiêm trọng, gia đình có công với cách mạng nên được hưởng tình tiết giảm nhẹ quy định tại {LAW|điểm i, s khoản 1 và khoản 2 Điều 51 Bộ luật Hình sự}.
Vợ chồng ông {PER|Nguyễn Văn Thành} và bà {PER|Lê Thị Hiền} thế chấp quyền sử dụng đất để vay của {ORG|Quỹ tín dụng nhân dân Quảng Phú} {MONEY|700.000.000 đồng} vào {DATE|ngày 20 tháng 10 năm 2018}.
Bị cáo {PER|Đặng Thị Thanh Thảo} khai đã dùng giấy tờ giả để vay của {ORG|Công ty Tài chính TNHH MTV Ngân hàng Việt Nam Thịnh Vượng} số tiền {MONEY|45 triệu đồng}.
Hội đồng xét xử xét thấy lời khai của bị cáo tại phiên tòa phù hợp với lời khai tại cơ quan điều tra, phù hợp với vật chứng thu giữ và các tài liệu khác có trong hồ sơ vụ án.
Bị cáo {PER|Sầm Văn Định}, sinh {DATE|ngày 14/9/1985}, quê quán huyện {LOC|Quỳ Châu}, tỉnh {LOC|Nghệ An}, bị bắt theo lệnh truy nã của {ORG|Công an tỉnh Nghệ An} {DATE|ngày 03/5/2023}.
{DATE|Ngày 18/02/2023}, {PER|Tô Văn Quang} và {PER|Lục Minh Tuấn} vận chuyển 40 kg pháo nổ từ {LOC|Lạng Sơn} về {LOC|Bắc Ninh} tiêu thụ thì bị bắt giữ.
Tòa án tuyên hủy Quyết định số 1452/QĐ-UBND {DATE|ngày 15/8/2019} của {ORG|UBND thành phố Buôn Ma Thuột} về việc thu hồi đất của hộ ông {PER|Y Khô Mlô}.
Bị hại {PER|Đinh Thị Lan Anh} yêu cầu bị cáo bồi thường chi phí điều trị tại {ORG|Bệnh viện Việt Đức} tổng cộng {MONEY|64.380.000 đồng}.
Sau khi phạm tội, bị cáo {PER|Chu Văn Hòa} đã ra đầu thú tại {ORG|Công an xã Tân Quang}, thành khẩn khai báo, ăn năn hối cải, là các tình tiết giảm nhẹ quy định tại {LAW|điểm s khoản 1, khoản 2 Điều 51 Bộ luật Hình sự}.
Bị cáo {PER|NGUYỄN THỊ KIM OANH} nhận tiền góp hụi của 23 hụi viên tại ấp {LOC|Bình Hòa}, xã {LOC|Bình Thủy}, huyện {LOC|Châu Phú}, tỉnh {LOC|An Giang} rồi bỏ trốn.
Tổng số tiền bị cáo {PER|Oanh} chiếm đoạt của các hụi viên là {MONEY|3.127.500.000 đồng}, trong đó nhiều nhất là của bà {PER|Võ Thị Lệ} với {MONEY|415.000.000 đồng}.
{DATE|Ngày 10/6/2023}, {ORG|Chi cục Kiểm lâm vùng III} phối hợp với {ORG|Hạt Kiểm lâm huyện Krông Bông} bắt giữ {PER|Y Wai Byă} đang vận chuyển gỗ trắc trái phép.
Căn cứ {LAW|Điều 51 và Điều 56 Luật Hôn nhân và gia đình năm 2014}, {ORG|Tòa án nhân dân huyện Tiền Hải} xử cho chị {PER|Phạm Thị Hằng} được ly hôn anh {PER|Vũ Văn Định}.
Bị cáo {PER|Ma Văn Tiến} dùng gậy gỗ đánh vào đầu ông {PER|Ma Văn Slình} tại nhà ở thôn {LOC|Nà Cọn}, xã {LOC|Phúc Sơn}, huyện {LOC|Chiêm Hóa}, tỉnh {LOC|Tuyên Quang}.
"""

NEWS = """
Chiều {DATE|ngày 12/9}, theo ông {PER|Trương Văn Lợi}, {ORG|Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn tỉnh Quảng Nam} đã ra lệnh sơ tán hơn 2.000 hộ dân ở các vùng trũng thấp.
Theo bà {PER|Lê Thị Thu Hà}, chuyên gia của {ORG|Trung tâm Dự báo khí tượng thủy văn quốc gia}, mực nước trên sông {LOC|Thu Bồn} tại {LOC|Hội An} có khả năng lên mức báo động 3 trong đêm nay.
Ông {PER|Trần Văn Lâm}, Phó Chủ tịch {ORG|UBND huyện Nam Trà My}, cho biết mưa lớn đã gây sạt lở nhiều đoạn trên tuyến đường vào xã {LOC|Trà Leng}.
Sáng {DATE|12/3}, tại {LOC|Hà Nội}, {ORG|Bộ Tư pháp} tổ chức hội nghị triển khai công tác {DATE|năm 2024} với sự tham dự của lãnh đạo các sở tư pháp trên cả nước; Thứ trưởng {PER|Đặng Hoàng Nam} chủ trì hội nghị.
Giá lúa tại {LOC|An Giang} và {LOC|Đồng Tháp} tuần qua tăng lên khoảng {MONEY|8.500 đồng}/kg, mức cao nhất trong nhiều năm.
Đoàn công tác của {ORG|Ngân hàng Phát triển Châu Á} do bà {PER|Sarah Collins} dẫn đầu đã làm việc với {ORG|UBND tỉnh Cà Mau} về dự án chống sạt lở bờ biển trị giá {MONEY|60 triệu USD}.
Cơ quan chức năng {LOC|Khánh Hòa} vừa giải cứu 3 thuyền viên của tàu cá do ông {PER|Nguyễn Văn Ri} làm thuyền trưởng bị nạn trên vùng biển cách {LOC|Cam Ranh} khoảng 40 hải lý.
Bà {PER|Nguyễn Thị Thanh Nga}, Giám đốc {ORG|Sở Giáo dục và Đào tạo tỉnh Vĩnh Long}, cho biết kỳ thi tuyển sinh lớp 10 năm nay sẽ diễn ra vào {DATE|ngày 04/6/2024}.
{ORG|Công an tỉnh Lâm Đồng} vừa triệt phá đường dây đánh bạc qua mạng do {PER|Trần Minh Phúc} cầm đầu, với số tiền giao dịch lên tới {MONEY|200 tỷ đồng}.
Lễ hội cồng chiêng sẽ được tổ chức tại thành phố {LOC|Pleiku} từ {DATE|ngày 15/11} đến {DATE|ngày 17/11/2023}; nghệ nhân {PER|Rơ Châm Pheo} sẽ dẫn đoàn của làng tham gia.
{DATE|Năm 2023}, sản lượng cà phê của {LOC|Đắk Lắk} đạt hơn 560.000 tấn, kim ngạch xuất khẩu trên {MONEY|1,2 tỷ USD}, theo ông {PER|Lê Đức Quý}, Giám đốc {ORG|Sở Nông nghiệp và Phát triển nông thôn tỉnh Đắk Lắk}.
Theo anh {PER|Hà Văn Sáng}, trưởng bản {LOC|Pom Coọng}, huyện {LOC|Mai Châu}, lượng khách đến bản dịp cuối tuần tăng mạnh kể từ đầu {DATE|năm 2024}.
{ORG|Trường Đại học Cần Thơ} công bố điểm chuẩn năm nay, trong đó ngành cao nhất lấy 27,5 điểm, thủ khoa đầu vào là em {PER|Trần Ngọc Bảo Trâm} quê {LOC|Hậu Giang}.
Lũ trên sông {LOC|Cả} đang lên nhanh, nhiều xã ven sông thuộc huyện {LOC|Thanh Chương} và {LOC|Đô Lương} bị ngập sâu, ông {PER|Hoàng Văn Minh} ở xã {LOC|Thanh Lâm} cho biết nước đã vào tới nhà.
Ông {PER|Lê Quốc Phong}, Trưởng {ORG|Phòng Quản lý đô thị thành phố Thủ Dầu Một}, cho biết thành phố sẽ nạo vét toàn bộ hệ thống kênh rạch trước mùa mưa.
Theo bác sĩ {PER|Nguyễn Thị Hồng Vân}, {ORG|Bệnh viện Chợ Rẫy} vừa tiếp nhận 12 công nhân bị ngộ độc thực phẩm sau bữa ăn trưa tại một công ty ở {LOC|Bình Dương}.
{DATE|Ngày 20/10}, {ORG|Hội Liên hiệp Phụ nữ huyện Cần Giờ} trao 50 suất quà, mỗi suất trị giá {MONEY|500.000 đồng}, cho phụ nữ có hoàn cảnh khó khăn, trong đó có chị {PER|Lê Thị Bông} ở xã {LOC|Thạnh An}.
Tuyến cao tốc {LOC|Cam Lộ - La Sơn} nối {LOC|Quảng Trị} với {LOC|Thừa Thiên Huế} thường xuyên xảy ra tai nạn do chỉ có hai làn xe, tài xế {PER|Phan Văn Tuấn} chia sẻ.
Anh {PER|Y Jôn Êban}, 28 tuổi, ở buôn {LOC|Đôn}, huyện {LOC|Buôn Đôn}, đang thử nghiệm nuôi ong lấy mật dưới tán rừng khộp.
Theo {ORG|Tổng cục Thống kê}, chỉ số giá tiêu dùng {DATE|tháng 8/2024} tăng 0,2% so với tháng trước.
Đội tuyển bóng đá nữ {LOC|Việt Nam} của huấn luyện viên {PER|Mai Đức Chung} sẽ gặp {LOC|Thái Lan} trên sân {LOC|Cẩm Phả} vào tối {DATE|ngày 05/12}.
Nhiều du khách {LOC|Hàn Quốc} và {LOC|Nhật Bản} chọn {LOC|Phú Quốc} làm điểm đến trong dịp nghỉ lễ cuối năm.
Bão số 3 đổ bộ vào vùng biển {LOC|Hải Phòng} – {LOC|Quảng Ninh} làm hàng nghìn cây xanh bật gốc, nhiều khu vực mất điện diện rộng.
Tổng Giám đốc {ORG|Tập đoàn Điện lực Việt Nam}, ông {PER|Đặng Hoàng Minh}, cho biết sẽ không cắt điện luân phiên trong mùa khô năm nay.
Chị {PER|Hoàng Thị Nở}, tiểu thương chợ {LOC|Đông Ba}, kể nước lũ tràn vào chợ khiến nhiều hàng hóa bị hư hỏng.
{ORG|UBND thành phố Hà Nội} vừa phê duyệt phương án do ông {PER|Vũ Hồng Phong} trình về việc xây dựng cầu {LOC|Trần Hưng Đạo} bắc qua sông {LOC|Hồng} với tổng mức đầu tư khoảng {MONEY|8.000 tỷ đồng}.
{DATE|Ngày 1/7/2025}, nhiều quy định mới chính thức có hiệu lực, trong đó có {LAW|Luật Bảo hiểm xã hội năm 2024}.
Mưa đá kèm lốc xoáy xảy ra chiều {DATE|ngày 27/3} làm tốc mái hơn 300 ngôi nhà ở các huyện {LOC|Bắc Yên} và {LOC|Phù Yên}, tỉnh {LOC|Sơn La}; riêng nhà ông {PER|Cầm Văn Pọm} bị sập hoàn toàn.
Em {PER|Vừ Thị Xa}, học sinh lớp 9 {ORG|Trường Phổ thông Dân tộc bán trú THCS Tà Xùa}, đạt giải nhất cuộc thi sáng tạo khoa học kỹ thuật cấp tỉnh.
{ORG|Viettel} vừa khánh thành trạm phát sóng 4G đầu tiên ở xã {LOC|Đăk Long}, huyện {LOC|Đăk Glei}, tỉnh {LOC|Kon Tum}, người dân như anh {PER|A Điệp} lần đầu gọi được điện thoại tại nhà.
Giá vàng miếng sáng nay được các doanh nghiệp niêm yết quanh mức {MONEY|82 triệu đồng}/lượng.
Theo thống kê của {ORG|Cục Cảnh sát giao thông}, trong 5 ngày nghỉ lễ đã xảy ra 198 vụ tai nạn giao thông trên cả nước; Đại tá {PER|Nguyễn Quang Nhật} đề nghị người dân không lái xe sau khi uống rượu bia.
Ông {PER|Nguyễn Văn Hiếu}, ngư dân xã {LOC|Bình Châu}, huyện {LOC|Bình Sơn}, tỉnh {LOC|Quảng Ngãi}, cho biết chuyến biển vừa rồi lãi hơn {MONEY|100 triệu đồng}.
Theo chị {PER|Néang Sa Phum}, hướng dẫn viên, khu rừng tràm {LOC|Trà Sư} ở {LOC|Tịnh Biên} thu hút du khách mùa nước nổi với giá vé tham quan {MONEY|150.000 đồng}/người.
Phó Thống đốc {ORG|Ngân hàng Nhà nước} {PER|Đào Minh Tú} cho biết tín dụng toàn hệ thống đến cuối {DATE|tháng 6/2024} tăng 6% so với cuối năm trước.
Trên tuyến đường {LOC|Hồ Chí Minh} đoạn qua huyện {LOC|A Lưới}, nhiều điểm sạt lở đã được thông xe tạm thời, ông {PER|Hồ Văn Thuận}, Chủ tịch {ORG|UBND huyện A Lưới}, cho biết.
Hơn 500 đoàn viên thanh niên {ORG|Trường Đại học Bách khoa Hà Nội} tham gia chiến dịch Mùa hè xanh tại các tỉnh {LOC|Hà Giang}, {LOC|Lai Châu}, trong đó có sinh viên {PER|Giàng Seo Phử} trở về chính quê hương mình.
Bà {PER|Kim Thị Sa Quy}, người Khmer ở {LOC|Trà Vinh}, giữ nghề dệt chiếu truyền thống của gia đình đã hơn 40 năm.
{ORG|Tổng Công ty Đường sắt Việt Nam} tăng cường thêm 20 chuyến tàu {LOC|Hà Nội} – {LOC|Sài Gòn} phục vụ hành khách dịp Tết.
Tại phiên chất vấn, đại biểu {PER|Trần Thị Hồng Thanh} đề nghị {ORG|Bộ Y tế} giải quyết dứt điểm tình trạng thiếu thuốc ở các bệnh viện tuyến huyện.
"""

SOURCES = {"law": LAW, "complaint": COMPLAINT, "judgment": JUDGMENT, "news": NEWS}
EXPECTED = {"law": 80, "complaint": 100, "judgment": 100, "news": 40}


def parse(markup: str) -> tuple[str, list[dict[str, object]]]:
    """Strip ``{TYPE|text}`` markup and return the plain text and its entity spans.

    >>> parse("Ông {PER|Nguyễn Văn A} ở {LOC|Huế}.")
    ('Ông Nguyễn Văn A ở Huế.', [{'type': 'PER', 'start': 4, 'end': 16, 'text': 'Nguyễn Văn A'}, {'type': 'LOC', 'start': 19, 'end': 22, 'text': 'Huế'}])
    """
    out: list[str] = []
    entities: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in MARK.finditer(markup):
        before = markup[pos : m.start()]
        out.append(before)
        length += len(before)
        surface = m.group(2)
        entities.append({"type": m.group(1), "start": length, "end": length + len(surface), "text": surface})
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(markup[pos:])
    text = "".join(out)
    if "{" in text or "}" in text or "|" in text:
        raise ValueError(f"unparsed markup in: {markup}")
    return text, entities


def records() -> list[dict[str, object]]:
    """All sentences, in source order, with ids like ``law-001``."""
    rows: list[dict[str, object]] = []
    for source, block in SOURCES.items():
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        if len(lines) != EXPECTED[source]:
            raise ValueError(f"{source}: {len(lines)} sentences, expected {EXPECTED[source]}")
        for i, line in enumerate(lines, 1):
            text, entities = parse(unicodedata.normalize("NFC", line))
            rows.append({"id": f"{source}-{i:03d}", "source": source, "text": text, "entities": entities})
    return rows


def split(rows: list[dict[str, object]]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Stratified, seeded split: DEV_QUOTA sentences of each source go to dev, the rest to test."""
    rng = random.Random(SEED)
    dev: list[dict[str, object]] = []
    test: list[dict[str, object]] = []
    for source in SOURCES:
        group = [r for r in rows if r["source"] == source]
        rng.shuffle(group)
        dev.extend(group[: DEV_QUOTA[source]])
        test.extend(group[DEV_QUOTA[source] :])
    rng.shuffle(dev)
    rng.shuffle(test)
    return dev, test


def write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main() -> None:
    dev, test = split(records())
    write(HERE / "dev.jsonl", dev)
    write(HERE / "test.jsonl", test)
    print(f"wrote {len(dev)} dev and {len(test)} test sentences to {HERE}")


if __name__ == "__main__":
    main()
