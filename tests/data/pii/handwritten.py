# ruff: noqa: E501
"""Hand-written sentences for the privacy.pii evaluation set, annotated inline as {TYPE|surface}.

Every value is invented; the ids are made valid or invalid on purpose: invalid ones are marked {XID|…} or
{XTAX|…}, which is not an entity (nothing may be flagged there) but is counted by the evaluation.
Half go to dev, half to test (build.py splits them deterministically).
"""

SENTENCES = """
Bị cáo {PERSON|LÊ VĂN TÁM}, sinh ngày {DOB|15 tháng 7 năm 1988} tại Nghệ An; nơi cư trú: {ADDRESS|xóm 3, xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An}; con ông {PERSON|Lê Văn Chín} và bà {PERSON|Hồ Thị Mười}.
Theo Bản án số 45/2023/HS-ST ngày 12/6/2023 của Tòa án nhân dân huyện Nghi Lộc, bị cáo {PERSON|Tám} bị xử phạt 3 năm tù.
Chiều ngày 03/02/2024, {PERSON|Tám} rủ {PERSON|Nguyễn Văn Hậu} đến nhà anh {PERSON|Phan Đức Thịnh} ở {ADDRESS|số 7 ngõ 21 phố Tây Sơn, phường Kim Liên, Hà Nội} để đòi nợ.
Tòa án nhân dân tỉnh Bình Dương mở phiên tòa xét xử sơ thẩm vụ án hình sự thụ lý số 120/2024/TLST-HS ngày 5 tháng 4 năm 2024.
Anh {PERSON|Hậu} khai đã chuyển cho {PERSON|Thịnh} 35.000.000 đồng qua số tài khoản {BANK_ACCOUNT|0451000312456} mở tại Vietcombank chi nhánh Thành Công.
Người bào chữa cho bị cáo: Luật sư {PERSON|Đoàn Minh Trí}, Văn phòng Luật sư Minh Trí thuộc Đoàn Luật sư Thành phố Hà Nội.
Hội đồng xét xử gồm Thẩm phán {PERSON|Trần Thị Hạnh} - Chủ tọa phiên tòa, các Hội thẩm nhân dân ông {PERSON|Vũ Văn Khang} và bà {PERSON|Lý Thị Sen}.
Tôi là {PERSON|Nguyễn Thị Hồng Nhung}, CCCD {ID|036189004512}, sinh ngày {DOB|08/11/1989}, xin trình bày sự việc như sau.
Số CCCD {ID|036189004512} mà tôi khai ở trên là đúng; số {XID|036589004512} trên biên bản là ghi nhầm.
Ông {PERSON|Phạm Quốc Bảo}, CCCD {ID|079072001234}, sinh năm {DOB|1972}, thường trú {ADDRESS|số 18 Nguyễn Văn Cừ, phường 4, Quận 5, TP.HCM}.
CCCD ghi {XID|079092001234} nhưng ông {PERSON|Bảo} sinh năm {DOB|1972} nên số này không thể đúng.
Liên hệ chị {PERSON|Thu} qua số {PHONE|0986 123 456} hoặc Zalo {PHONE|0377.654.321}.
Hotline tổng đài 1900 1234 và 1800 599 920 hoạt động 24/7, miễn phí cước gọi.
Công ty Cổ phần Sữa Việt Nam, mã số thuế {TAX_CODE|0300588569}, trụ sở tại {ADDRESS|số 10 đường Tân Trào, phường Tân Phú, Quận 7, TP.HCM}.
Công ty Cổ phần FPT có MST {TAX_CODE|0101248141}; một hóa đơn khác ghi MST {XTAX|0101248142} là sai số kiểm tra.
Chi nhánh Hải Phòng của công ty có mã số thuế {TAX_CODE|0101248141-005}.
Xe ô tô biển số {PLATE|30E-123.45} va chạm với xe máy {PLATE|29-B1 678.90} trên đường Giải Phóng lúc 7 giờ sáng.
Phạt tiền từ 800.000 đồng đến 1.000.000 đồng đối với người điều khiển xe vi phạm điểm e khoản 4 Điều 6 Nghị định số 100/2019/NĐ-CP.
Người bệnh {PERSON|Đỗ Thị Lụa}, thẻ BHYT {HEALTH_INSURANCE|HT3010123456789}, được chuyển tuyến lên Bệnh viện Bạch Mai.
Cháu {PERSON|Nguyễn Minh Khôi}, sinh ngày {DOB|20/10/2016}, thẻ BHYT {HEALTH_INSURANCE|TE1797912345678}.
Hộ chiếu của ông {PERSON|Trương Gia Huy} số {PASSPORT|C4512378} do Cục Quản lý xuất nhập cảnh cấp ngày 10/3/2022.
Hành khách {PERSON|Nguyen Thi Thanh Truc}, passport {PASSPORT|N2345671}, chuyến bay VN254 ngày 12/5.
em gửi lại stk {BANK_ACCOUNT|19036512345678} techcombank, chủ tk {PERSON|DINH THI MAI ANH} nha chị
a {PERSON|Long} ơi, e là {PERSON|Hằng} bên kế toán, sđt e {PHONE|0934567890}, email {EMAIL|hang.ketoan@minhphat.com.vn}
toi ten {PERSON|Vo Thanh Tung}, nha o {ADDRESS|hem 58 Le Van Sy, phuong 13, quan 3}, can tu van gap
Gửi đến {ADDRESS|số nhà 25, ngõ 142 Đội Cấn, Ba Đình, Hà Nội} cho ông {PERSON|Kiều Văn Bách}, điện thoại {PHONE|(024) 3733 5678}.
Đường Lê Lợi và đường Nguyễn Huệ sẽ cấm xe từ 20 giờ đến 24 giờ đêm giao thừa.
Trường THPT Nguyễn Du và Trường THCS Lê Quý Đôn được khen thưởng vì thành tích xuất sắc.
Tượng đài Trần Hưng Đạo nằm ở cuối đường Bạch Đằng, phường Sài Gòn.
Hai Bà Trưng là một quận nội thành của Hà Nội, có nhiều phố cổ.
Bà {PERSON|Nguyễn Thị Kim} (SN {DOB|1956}) hiện sống cùng con gái tại {ADDRESS|ấp Mỹ Hòa, xã Long Phú, tỉnh Vĩnh Long}.
Ông {PERSON|Sáu} bán nước đầu hẻm nói rằng đêm qua có hai thanh niên đi xe {PLATE|59X2-345.67} chạy rất nhanh.
Chị {PERSON|Bình} và anh {PERSON|Toàn} đến Công an phường để làm căn cước cho con.
Anh Công an phường đến kiểm tra hộ khẩu của gia đình tôi vào sáng thứ Hai.
Đề nghị ông {PERSON|Lò Văn Pấng}, trú tại {ADDRESS|bản Nà Nhạn, xã Nà Tấu, tỉnh Điện Biên}, có mặt tại trụ sở vào ngày 15/8.
Ngày 10/10/2023, UBND tỉnh ban hành Quyết định số 2345/QĐ-UBND về việc phê duyệt giá đất.
Số tiền 1.250.000.000 đồng được chuyển vào tài khoản tạm giữ của Kho bạc Nhà nước.
Mã hồ sơ 000.00.12.H29-230415-0012 đã được tiếp nhận, vui lòng theo dõi tiến độ trên cổng dịch vụ công.
Số tài khoản nhận tiền của ông {PERSON|Hà} là {BANK_ACCOUNT|1015 2486 3579} tại BIDV.
Nhân viên {PERSON|Phùng Thanh Tâm} (email {EMAIL|tam.pt@vinhphuc.gov.vn}, di động {PHONE|+84 98 765 4321}) phụ trách hồ sơ.
Người nhận: {PERSON|Trần Văn Tú}, SĐT {PHONE|84912000111}, giao tới {ADDRESS|12B Phan Chu Trinh, phường Hội An, TP Đà Nẵng}.
Hẹn gặp ở quán cà phê {ADDRESS|số 5 Lý Tự Trọng} lúc 9h, ai tới trước gọi nhau nhé.
Cụ {PERSON|Phan Văn Lộc}, sinh năm {DOB|1940}, CMND số {ID|211234567} cấp năm 1985, nay chưa đổi sang căn cước.
CMND 2112345 có 7 số là không hợp lệ, số thẻ căn cước 12345 cũng vậy.
Năm 1975, ông {PERSON|Lộc} chuyển vào {ADDRESS|thôn Phú Mỹ, xã Hòa Phong, huyện Hòa Vang, TP Đà Nẵng} sinh sống.
Bà {PERSON|Huỳnh Thị Bé Tư}, sinh ngày {DOB|02-09-1965}, CCCD {ID|087165000321}, điện thoại bàn {PHONE|0277 3851 234}.
Vợ anh là chị {PERSON|Lê Thị Hoài}, hai người kết hôn năm 2010, có hai con chung.
Mọi thắc mắc xin liên hệ Phòng Tiếp dân, Sở Tư pháp, điện thoại {PHONE|028.3829.1234}.
MST {XTAX|0312345678} in trên hóa đơn không đúng thuật toán, chúng tôi đã yêu cầu bên bán xuất lại.
Doanh nghiệp tư nhân Hưng Thịnh (mã số doanh nghiệp {TAX_CODE|4001234569}) do bà {PERSON|Cao Thị Ngọc Ánh} làm chủ.
Khách hàng {PERSON|NGUYEN VAN THANH}, ngay sinh {DOB|21/12/1979}, so CCCD {ID|001079012345}, so dien thoai {PHONE|0903 456 789}.
Bệnh nhân {PERSON|Trần Ngọc Sương} nhập viện lúc 22 giờ ngày 14/2 trong tình trạng sốt cao.
Sáng nay anh {PERSON|Quang} gọi cho tôi từ số {PHONE|0283 822 1234} nhưng tôi không nghe máy kịp.
Ông {PERSON|Hồ Sỹ Đức}, SN {DOB|1968}, CCCD {ID|040068003456}, trú tại {ADDRESS|khối 5, thị trấn Nam Đàn, tỉnh Nghệ An}.
""".strip().splitlines()

# Written after the rules were tuned on dev, test split only.
HELD_OUT = """
Ngày 15/3/2024, chị {PERSON|Vi Thị Hiền} (sinh năm {DOB|1995}, trú tại {ADDRESS|bản Lướt, xã Chiềng Khương, tỉnh Sơn La}) đến trình báo bị mất trộm xe máy {PLATE|26B1-456.78}.
Thầy {PERSON|Nguyễn Đình Chiểu} là nhà thơ lớn của Nam Bộ thế kỷ XIX.
Em là {PERSON|Thư}, lớp 12A1, số điện thoại của mẹ em là {PHONE|0911 222 333}.
Ảnh chụp căn cước: số {ID|001203004567}, họ tên {PERSON|ĐỖ MINH QUÂN}, ngày sinh {DOB|14/02/2003}.
Số căn cước {ID|001303004567} của cháu bị in sai giới tính vì cháu là nam, sinh ngày {DOB|14/02/2003}.
Vui lòng chuyển tiền vào tài khoản {BANK_ACCOUNT|102870654321} VietinBank, ghi rõ họ tên và số điện thoại.
Phòng khám đa khoa Hòa Hảo, {ADDRESS|254 Hòa Hảo, phường 4, quận 10, TP.HCM}, điện thoại {PHONE|028 3855 1234}.
Con trai tôi là {PERSON|Lê Hoàng Phúc}, học sinh lớp 9, hiện đang ở với bà ngoại tại {ADDRESS|thôn 4, xã Ea Kar, tỉnh Đắk Lắk}.
Nhờ anh chị chia sẻ: cháu {PERSON|Bảo Ngọc} đi lạc từ chiều qua, ai thấy xin báo cho bố cháu là anh {PERSON|Tuấn}, {PHONE|0968.777.888}.
Chủ tịch nước {PERSON|Võ Văn Thưởng} đã ký quyết định đặc xá năm 2023.
Theo hồ sơ, MST cá nhân của ông {PERSON|Đạt} là {TAX_CODE|8012345677}.
Mã số thuế {XTAX|8012345671} in trên tờ khai là sai một chữ số.
Anh {PERSON|Lâm} nhắn: "mai 8h gặp ở {ADDRESS|số 3 ngách 15/2 ngõ Văn Chương, Đống Đa}, mang theo CCCD nhé".
Đề nghị bà {PERSON|Mai Thị Thơm} nộp bản sao hộ chiếu {PASSPORT|B7654321} và thẻ BHYT {HEALTH_INSURANCE|GD4010987654321} trước ngày 30/6.
Ô tô {PLATE|51G-888.88} đỗ sai quy định trước {ADDRESS|số 45 Lê Thánh Tôn, phường Sài Gòn, TP.HCM} suốt buổi sáng.
""".strip().splitlines()
