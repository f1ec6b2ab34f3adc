# ruff: noqa: E501
"""Sentence templates for the privacy.pii evaluation set, by genre. Slots in <ANGLE> brackets (see build.py):

persons P1/P2 (any sex), PM1/PF1/PM2/PF2 (male/female), PC1 (P1 in capitals), G1/G2 (their given names);
P1's record: DOB (full date), DOBY (year), CCCD (valid, agrees with the DOB), BADCCCD (invalid: place code, century
digit or birth year wrong — must not be flagged), CMND; PHONE, PHONE2, LAND, EMAIL (from P1's name), EMAILX; STK
(bank account), BANK (bank name, not personal); MST, MST13 (branch), BADMST (wrong check digit); BHYT, PASSPORT,
PLATE; ADDR, ADDR2 (street level with ward/province), STREETADDR (street level only);
negatives, never personal data: MONEY, CASENO, LAW, DATE, WARD (ward and province only), STREET (no house number),
TXN (a 10-digit transaction number).
"""

TEMPLATES = {
    "complaint": [
        "Tôi bị mất hộ chiếu số <PASSPORT> tại sân bay Tân Sơn Nhất ngày <DATE>, đề nghị xác nhận để làm lại. Người trình báo: <P1>, SĐT <PHONE>.",
        "Tôi là <P1>, mã số thuế <MST>, đề nghị Chi cục Thuế kiểm tra lại khoản thuế thu nhập năm 2023 đã nộp thừa.",
        "Tôi tên là <P1>, sinh năm <DOBY>, hiện trú tại <ADDR>, số điện thoại <PHONE>, làm đơn này khiếu nại việc <WARD> chậm giải quyết hồ sơ đất đai của gia đình tôi.",
        "Kính gửi Ủy ban nhân dân phường, tôi là <PF1>, CCCD số <CCCD>, cư trú tại <ADDR>, xin phản ánh việc hàng xóm là ông <PM2> xây nhà lấn sang phần đất của tôi.",
        "Người khiếu nại: <P1>, sinh ngày <DOB>; địa chỉ: <ADDR>; điện thoại: <PHONE>.",
        "Tôi là <PM1>, chủ hộ tại <ADDR>, đề nghị cơ quan chức năng kiểm tra việc anh <G2> (tức <PM2>) tự ý đổ phế thải ra <STREET>.",
        "Ngày <DATE>, ông <PM1> (SĐT <PHONE>) gửi đơn tố cáo bà <PF2> vay của ông <MONEY> nhưng không trả.",
        "Bà <PF1>, ngụ tại <ADDR>, phản ánh con trai bà bị một người tên <G2> lừa đảo qua mạng, chiếm đoạt <MONEY>.",
        "Đề nghị xác minh thông tin người bán hàng: tên <P2>, số tài khoản <STK> tại <BANK>, số điện thoại <PHONE>.",
        "Tôi đã chuyển <MONEY> vào STK <STK> (<BANK>) theo yêu cầu của người tự xưng là cán bộ công an tên <PM2>, sau đó không liên lạc được qua số <PHONE>.",
        "Gia đình tôi sinh sống tại <ADDR> từ năm 1998, nay <WARD> ra thông báo thu hồi đất mà không bồi thường.",
        "Người bị tố cáo là ông <PM2>, khoảng 45 tuổi, thường trú tại <ADDR>, hiện làm việc tại <WARD>.",
        "Tôi xin cung cấp thêm: CCCD của tôi là <CCCD>, ngày sinh <DOB>, email <EMAIL>.",
        "Bà <PF1> cho biết số CCCD <BADCCCD> ghi trên hợp đồng không phải của bà, đề nghị cơ quan công an làm rõ.",
        "Ông <PM1> khiếu nại Quyết định <CASENO> về việc xử phạt vi phạm hành chính đối với xe biển số <PLATE> của ông.",
        "Chị <PF1> phản ánh có người mạo danh chị, dùng số điện thoại <PHONE> và email <EMAILX> để vay tiền của bạn bè chị.",
    ],
    "judgment": [
        "Hóa đơn ghi bên bán là Công ty TNHH Phúc An, mã số thuế <MST>; còn mã số thuế <BADMST> do bị cáo <G1> tự ghi là không có thật.",
        "Bị cáo <PC1>, sinh ngày <DOB> tại <WARD>; nơi cư trú: <ADDR>; nghề nghiệp: lao động tự do; trình độ văn hóa: 9/12.",
        "Bị cáo <PC1> (tên gọi khác: không), sinh năm <DOBY>; CCCD số <CCCD>; nơi cư trú: <ADDR>; con ông <PM2> và bà <PF2>.",
        "Người bị hại: anh <PM2>, sinh năm {DOB|1991}; trú tại <ADDR>.",
        "Bị hại là chị <PF2> khai: khoảng 21 giờ ngày <DATE>, chị đang đi xe mô tô biển số <PLATE> thì bị <P1> giật túi xách.",
        "Khoảng 14 giờ ngày <DATE>, tại <ADDR>, <P1> dùng dao đâm anh <PM2> gây thương tích 12%.",
        "Căn cứ <LAW>, xử phạt bị cáo <P1> 02 năm tù về tội Trộm cắp tài sản; buộc bị cáo bồi thường cho bị hại <MONEY>.",
        "Tại phiên tòa, bị cáo <G1> thừa nhận đã nhận của anh <PM2> số tiền <MONEY> để chạy việc nhưng không thực hiện.",
        "Nguyên đơn: bà <PF1>, sinh năm <DOBY>; địa chỉ: <ADDR>. Bị đơn: ông <PM2>, địa chỉ: <ADDR2>.",
        "Người làm chứng: ông <PM2>, sinh năm {DOB|1965}, trú tại <ADDR>; vắng mặt.",
        "Ngày <DATE>, <P1> điều khiển xe ô tô biển kiểm soát <PLATE> lưu thông trên <STREET> thì va chạm với xe mô tô do ông <PM2> điều khiển.",
        "Vật chứng vụ án gồm 01 điện thoại di động có số thuê bao <PHONE> và 01 thẻ căn cước công dân số <CCCD> mang tên <PC1>.",
        "Theo <CASENO>, Tòa án tuyên bị cáo <PC1> phạm tội Lừa đảo chiếm đoạt tài sản; bị cáo đã nhận tiền qua tài khoản <STK> tại <BANK>.",
        "Người có quyền lợi, nghĩa vụ liên quan: chị <PF2>, CMND số <CMND>, trú tại <ADDR>.",
    ],
    "form": [
        "Mã thẻ BHYT: <BHYT>; nơi đăng ký khám chữa bệnh ban đầu: trạm y tế <WARD>; họ tên: <P1>.",
        "Tờ khai thuế thu nhập cá nhân của bà <PF1>, mã số thuế <MST>, kỳ tính thuế năm 2024.",
        "Họ và tên: <PC1>; Ngày sinh: <DOB>; Số CCCD: <CCCD>; Điện thoại: <PHONE>; Email: <EMAIL>.",
        "Họ tên người bệnh: <P1>, năm sinh <DOBY>, số thẻ BHYT: <BHYT>, địa chỉ: <ADDR>.",
        "Thông tin người nộp thuế: <P1>; mã số thuế: <MST>; điện thoại liên hệ: <LAND>.",
        "Đơn vị: Công ty TNHH Thương mại Minh Phát, MST <MST>, chi nhánh Đà Nẵng MST <MST13>, người đại diện: ông <PM1>.",
        "Số hộ chiếu: <PASSPORT>; Họ tên: <PC1>; Ngày sinh: <DOB>; Quốc tịch: Việt Nam.",
        "Người đề nghị: <P1> - CCCD: <CCCD> - SĐT: <PHONE> - Địa chỉ thường trú: <ADDR>",
        "Thông tin chuyển khoản: chủ tài khoản <PC1>, số tài khoản <STK>, ngân hàng <BANK>, nội dung: học phí tháng 9.",
        "Người khai: <P1>, sinh ngày <DOB>, hộ chiếu số <PASSPORT>, nơi ở hiện nay: <ADDR>.",
        "Mã số thuế <BADMST> không hợp lệ; đề nghị bà <PF1> kiểm tra lại trước ngày <DATE>.",
        "Hồ sơ đăng ký xe: chủ xe <P1>, biển số <PLATE>, số điện thoại <PHONE>, địa chỉ <ADDR>.",
        "Số CCCD <BADCCCD> không khớp với cơ sở dữ liệu dân cư, đề nghị công dân <P1> bổ sung giấy tờ.",
        "Thẻ BHYT số <BHYT> của cháu <PF2> có giá trị sử dụng đến ngày <DATE>.",
        "Ông <PM1>, sinh ngày <DOB>, CCCD <CCCD>, là người đại diện theo pháp luật của doanh nghiệp có mã số doanh nghiệp <MST>.",
    ],
    "chat": [
        "bien so <PLATE> dau truoc cua hang em 3 ngay roi, ai biet chu xe khong",
        "ho chieu <PASSPORT> cua anh <G1> het han roi, mai di lam lai nhe",
        "e gui ma the bhyt cua me: <BHYT> nha chi",
        "a oi e gui stk <STK> <BANK> nhe, ten chu tk la <PC1>",
        "sdt cua chi la <PHONE> nha, co gi goi chi <G1>",
        "ship ve giup e dia chi <ADDR>, nguoi nhan <P1>, sdt <PHONE>",
        "Em ơi, anh gửi lại email <EMAIL> với số điện thoại <PHONE> của anh <G1> nhé.",
        "chị <G1> ơi, mã giao dịch <TXN> nhưng em chưa thấy tiền vào tài khoản",
        "Alo, mình là <P1>, đặt 2 phần cơm giao tới <STREETADDR> giúp mình, gọi <PHONE> khi tới nha.",
        "anh <G1> cho em xin MST <MST> de xuat hoa don VAT nhe",
        "Bạn <P1> ơi, ck tiền cọc vào tk <STK> <BANK> giúp mình nhé, cảm ơn!",
        "xe <PLATE> cua ai dau truoc cong nha so 5 vay, dien thoai <PHONE2> nhe",
        "Cho mình hỏi cuốn hộ chiếu số <PASSPORT> của bé <G2> làm lại mất bao lâu ạ?",
        "Hotline hỗ trợ: <LAND> hoặc email <EMAILX>, giờ làm việc từ 8h đến 17h.",
        "con gai toi la <PF2>, sinh ngay <DOB>, can lam the BHYT, dia chi <ADDR>",
    ],
    "notice": [
        "Phương tiện vi phạm: xe mô tô biển số <PLATE>, người điều khiển <P1>, lỗi không chấp hành hiệu lệnh của đèn tín hiệu.",
        "Danh sách xe được cấp phép vào khu vực: <PLATE>, <PLATE2>; liên hệ ban quản lý qua số <LAND>.",
        "Công ty cổ phần Xây dựng Hòa Bình (MST <MST>) thông báo tuyển dụng, hồ sơ gửi về <EMAILX>.",
        "Thẻ BHYT <BHYT> bị mất, ai nhặt được xin liên hệ anh <G1> theo số <PHONE>.",
        "Thông báo: <WARD> tổ chức tiếp công dân vào ngày <DATE>, chi tiết liên hệ <LAND>.",
        "Theo <LAW>, mức phạt đối với hành vi không chấp hành hiệu lệnh của đèn tín hiệu giao thông là <MONEY>.",
        "Ủy ban nhân dân <WARD> thông báo lịch cắt điện trên <STREET> từ 7 giờ đến 17 giờ ngày <DATE>.",
        "Ông <PM1>, Chủ tịch Ủy ban nhân dân xã, ký quyết định khen thưởng cho 12 hộ gia đình tại <WARD>.",
        "Mọi đóng góp xin gửi về tài khoản số <STK> tại <BANK>, đơn vị thụ hưởng: Quỹ khuyến học xã.",
        "Lịch tiêm chủng mở rộng tại trạm y tế <WARD> sẽ diễn ra từ ngày <DATE>, phụ huynh mang theo sổ tiêm.",
    ],
}

# Written after the rules were tuned on dev, used only for the test split: phrasings the rules have not seen.
HELD_OUT = {
    "complaint": [
        "Kính gửi Công an phường, tôi tên <P1>, năm nay 40 tuổi, nhà ở <ADDR>. Sáng ngày <DATE> tôi bị mất ví trong đó có căn cước số <CCCD> và thẻ ATM <BANK>.",
        "Đơn đề nghị của hộ ông <PM1> và vợ là bà <PF2> về việc cấp giấy chứng nhận quyền sử dụng thửa đất tại <ADDR>.",
        "Xin phản ánh: số máy <PHONE> liên tục gọi điện quấy rối, tự xưng là nhân viên ngân hàng tên <P2>.",
        "Tôi, <P1>, SN <DOBY>, thường trú <ADDR>, đề nghị được cấp lại căn cước bị mất.",
    ],
    "judgment": [
        "Đại diện theo ủy quyền của nguyên đơn: ông <PM2>, địa chỉ liên lạc: <ADDR>, số điện thoại <PHONE>.",
        "Khoảng 22 giờ 30 phút ngày <DATE>, <PC1> điều khiển xe mô tô biển số <PLATE> chở <P2> đi trên quốc lộ 1A thì bị tổ công tác kiểm tra.",
        "Bị cáo <G1> đã dùng tài khoản ngân hàng số <STK> đứng tên <PC2> để nhận tiền của các bị hại.",
        "Bị cáo <PC1>, sinh ngày <DOB>, căn cước công dân số <CCCD>, cấp ngày <DATE>; tiền án, tiền sự: không.",
    ],
    "form": [
        "Hợp đồng lao động giữa Công ty TNHH Minh Long (MST: <MST>) và người lao động <P1>, CCCD <CCCD>, ngày sinh <DOB>.",
        "Biên lai nộp phạt: người nộp <P1>, địa chỉ <ADDR>, biển số phương tiện <PLATE>, số tiền <MONEY>.",
        "Giấy ủy quyền: bên ủy quyền <P1> (CCCD <CCCD>), bên được ủy quyền <P2> (CCCD <CCCD2>).",
        "Phiếu khám bệnh - Họ tên: <PC1> - Năm sinh: <DOBY> - Mã BHYT: <BHYT> - SĐT người nhà: <PHONE>",
    ],
    "chat": [
        "oke e, a gui so tk <STK> ngan hang <BANK>, nd ck: <P1> dat coc",
        "Số của mình là <PHONE>, còn đây là mail công việc <EMAIL>, có gì bạn cứ nhắn nhé.",
        "shop ơi giao hàng tới <STREETADDR> nha, người nhận <PF1>",
        "cho e hoi the bhyt <BHYT> con han su dung ko a",
    ],
    "notice": [
        "Danh sách hộ nghèo được hỗ trợ: hộ ông <PM1> (<STREETADDR>), hộ bà <PF2> (<STREETADDR>).",
        "Quyết định xử phạt đối với ông <PM1>, sinh ngày <DOB>, nơi thường trú: <ADDR>, với số tiền <MONEY>.",
        "Đề nghị chủ phương tiện biển số <PLATE> liên hệ Đội Cảnh sát giao thông theo số <LAND> để giải quyết vụ việc.",
    ],
}
