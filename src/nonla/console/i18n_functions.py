"""The built-in functions' own words in Vietnamese: each card's summary, intended use and limitations, the help of
each input field and the names of plain-word options, as the console shows them to a visitor reading Vietnamese.

Cards and Input schemas are written in English because the API, the docs and the conformance suite read them; the
console's default language is Vietnamese, and the people using it must read what a function does in their own
language. Texts are keyed by the function's ref (``name@version``): two versions of one name may say different
things. Anything without a Vietnamese text (a custom model, a pipeline, a plugin, a field added later) is shown as
its author wrote it.

>>> vi = FunctionWords("vi")
>>> vi.summary("vi.sentences@1", "Vietnamese sentence splitting")[:19]
'Tách câu tiếng Việt'
>>> vi.summary("custom.my_model@3", "My own model")
'My own model'
>>> FunctionWords("en").summary("vi.sentences@1", "Vietnamese sentence splitting")
'Vietnamese sentence splitting'
>>> vi.option("privacy.pii@1", "mode", "mask"), vi.option("vi.normalize@1", "encoding", "tcvn3")
('mask — che bằng nhãn', 'tcvn3')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Texts:
    """One function version's texts in one language; a field or option missing here keeps its English words."""

    summary: str
    intended_use: str
    limitations: str
    fields: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> option value -> its meaning


_RESTORE_FOR_WORDS = ("Tách từ cho văn bản gõ không dấu như thể văn bản có dấu (dấu được khôi phục bằng vi.diacritics, "
                      "từ vẫn được cắt trên văn bản như khi gõ): chính xác hơn nhiều, xem thẻ mô tả.")  # fmt: skip
_WORDS_TEXT = "Văn bản tiếng Việt (Unicode; văn bản mã cũ TCVN3/VNI: chạy vi.normalize trước)."
_WORDS_USE = "Tách từ văn bản tiếng Việt để phục vụ tìm kiếm, gán nhãn và các mô hình xử lý tiếp theo."
_SEARCH_MODES = {"hybrid": "kết hợp", "dense": "theo ngữ nghĩa"}

# Long texts are kept as the sentences of the card they translate, one continued string each.
# fmt: off
VI: dict[str, Texts] = {
    "vi.normalize@1": Texts(
        summary="Chuẩn hoá văn bản tiếng Việt: dạng NFC, chuyển mã cũ TCVN3/VNI sang Unicode, kiểu đặt dấu thanh, "
                "khoảng trắng.",
        intended_use="Bước đầu tiên cho văn bản lấy từ tài liệu cũ, kho lưu trữ quét và gõ lại, biểu mẫu và tin nhắn.",
        limitations="TCVN3 không phân biệt được chữ hoa có dấu với chữ thường, nên 'Ủy' ở đầu từ có thể thành 'ủy'; "
                    "một từ mã cũ đơn lẻ nằm trong văn bản Unicode được giữ nguyên (hãy chỉ rõ encoding); từ của "
                    "ngôn ngữ khác trông giống âm tiết tiếng Việt có thể bị tone_style dời dấu.",
        fields={
            "tone_style": "'old' đặt dấu như hòa, thủy (phần lớn văn bản pháp luật); 'new' như hoà, thuỷ.",
            "encoding": "Bảng mã của văn bản cũ; 'auto' tự nhận ra TCVN3 (ABC) và VNI, giữ nguyên văn bản Unicode.",
            "tidy_spacing": "Gộp các khoảng trắng lặp lại và sửa khoảng trắng quanh dấu câu.",
        },
        options={"tone_style": {"old": "kiểu cũ", "new": "kiểu mới"}, "encoding": {"auto": "tự nhận"}},
    ),
    "vi.sentences@1": Texts(
        summary="Tách câu tiếng Việt, tôn trọng chữ viết tắt (TP., v.v.), số, dấu ngoặc kép và xuống dòng.",
        intended_use="Tách văn bản, đơn phản ánh và bản án thành câu trước khi gán nhãn, tìm kiếm hoặc tóm tắt.",
        limitations="Dựa trên quy tắc: câu kết thúc bằng chữ viết tắt rồi đến một tên riêng viết hoa được giữ liền "
                    "với câu sau; văn bản hoàn toàn không có dấu câu được tách mỗi dòng một câu.",
    ),
    "vi.words@1": Texts(
        summary="Tách từ tiếng Việt (ghép các từ nhiều âm tiết, kèm vị trí ký tự).",
        intended_use=_WORDS_USE,
        limitations="CRF trên âm tiết, huấn luyện trên văn bản báo chí (VLSP 2013); các từ ghép pháp lý, kỹ thuật ít "
                    "gặp và tên riêng viết thường bị tách sai nhiều hơn. Văn bản gõ không dấu được tách từ sau khi "
                    "khôi phục dấu (vi.diacritics) và giảm khoảng 3 điểm F1; chỗ nào dấu được khôi phục sai, từ "
                    "quanh đó cũng có thể bị tách sai.",
        fields={"text": _WORDS_TEXT, "restore_diacritics": _RESTORE_FOR_WORDS},
    ),
    "vi.words@2": Texts(
        summary="Tách từ tiếng Việt, độ chính xác cao: CRF do nonla huấn luyện trên UD-VTB, kết hợp bộ tách từ pyvi "
                "và underthesea với một từ điển từ ghép.",
        intended_use=_WORDS_USE,
        limitations="Chậm hơn vi.words@1 khoảng 4 lần (ba CRF cho mỗi câu); huấn luyện trên 2.523 câu báo chí, nên "
                    "các từ ghép pháp lý, kỹ thuật không có trong từ điển bị tách sai nhiều hơn. Văn bản gõ không "
                    "dấu được tách từ sau khi khôi phục dấu (vi.diacritics) và giảm khoảng 3 điểm F1.",
        fields={"text": _WORDS_TEXT, "restore_diacritics": _RESTORE_FOR_WORDS},
    ),
    "vi.pos@1": Texts(
        summary="Gán nhãn từ loại tiếng Việt theo bộ nhãn Universal POS (CRF do nonla huấn luyện trên UD-VTB).",
        intended_use="Gán nhãn phục vụ tìm kiếm, trích xuất từ khoá và phân tích ngôn ngữ văn bản tiếng Việt.",
        limitations="Huấn luyện trên 2.523 câu văn phong báo chí; lỗi thường gặp nhất là nhầm AUX với VERB và NOUN "
                    "với PROPN ở tên riêng viết thường; từ mô hình chưa từng gặp được gán đúng khoảng 72 %. Văn bản "
                    "gõ không dấu được gán nhãn sau khi khôi phục dấu (vi.diacritics), kém chính xác hơn văn bản có "
                    "dấu khoảng 7 điểm.",
        fields={
            "words": "Không bắt buộc: văn bản đã được tách từ sẵn (ví dụ bằng vi.words); các từ phải theo đúng thứ tự.",
            "restore_diacritics": "Gán nhãn văn bản gõ không dấu như thể văn bản có dấu (dấu được khôi phục bằng "
                                  "vi.diacritics, từ vẫn được cắt trên văn bản như khi gõ): chính xác hơn nhiều, "
                                  "xem thẻ mô tả.",
        },
    ),
    "vi.entities@1": Texts(
        summary="Thực thể có tên (PER, LOC, ORG) trong văn bản tiếng Việt, kèm vị trí ký tự.",
        intended_use="Tìm tên người, địa danh và tổ chức để lọc kết quả tìm kiếm, che thông tin và chuyển xử lý.",
        limitations="CRF huấn luyện trên báo chí VLSP 2016; bỏ sót tên viết thường hoặc không dấu và hay gán nhãn LOC "
                    "cho tên tổ chức bắt đầu bằng một địa danh.",
    ),
    "vi.entities@2": Texts(
        summary="Thực thể có tên trong văn bản tiếng Việt, kèm vị trí ký tự: người, địa danh, tổ chức, ngày tháng, "
                "số tiền và văn bản pháp luật được dẫn (PER, LOC, ORG, DATE, MONEY, LAW), theo hướng dẫn gán nhãn "
                "của nonla.",
        intended_use="Tìm tên người, địa danh, tổ chức, ngày tháng, số tiền và văn bản luật được dẫn trong đơn phản "
                     "ánh, bản án và văn bản pháp luật để lọc kết quả tìm kiếm, che thông tin, chuyển xử lý và liên "
                     "kết trích dẫn.",
        limitations="Quy tắc và danh mục tên được tinh chỉnh trên 120 câu gán nhãn thủ công, cùng một CRF huấn luyện "
                    "trên báo chí cho những tên quy tắc bỏ sót: tên không có danh xưng hoặc họ phổ biến, tổ chức "
                    "không có từ đầu quen thuộc và văn bản viết thường hoặc không có dấu câu bị bỏ sót nhiều hơn; "
                    "văn bản gõ không dấu được đọc sau khi khôi phục dấu (vi.diacritics), thấp hơn văn bản có dấu "
                    "khoảng 6 điểm F1; từ viết hoa mơ hồ (phường mang tên một người) có thể bị gán sai loại.",
        fields={
            "restore_diacritics": "Tìm thực thể trong văn bản gõ không dấu như thể văn bản có dấu (dấu được khôi "
                                  "phục bằng vi.diacritics; vị trí và nội dung vẫn lấy từ văn bản như khi gõ): "
                                  "chính xác hơn nhiều, xem thẻ mô tả.",
        },
    ),
    "vi.diacritics@1": Texts(
        summary="Khôi phục dấu thanh và chữ đ cho tiếng Việt (mô hình 4-gram âm tiết do nonla huấn luyện, bổ sung từ "
                "điển, tần suất âm tiết của văn bản thông thường và tên các đơn vị hành chính; tìm kiếm chùm).",
        intended_use="Giúp văn bản tiếng Việt không dấu (tin nhắn, SMS, truy vấn tìm kiếm, biểu mẫu cũ) dễ đọc và "
                     "tìm kiếm được trước khi các chức năng khác xử lý; văn bản quan trọng cần có người rà soát.",
        limitations="Huấn luyện trên khoảng 60.000 âm tiết báo chí và văn học, khoảng 7.000 âm tiết nhận xét và kiến "
                    "nghị cùng 4 triệu âm tiết văn bản pháp luật, thêm tần suất từ và các từ trong từ điển không kèm "
                    "ngữ cảnh: với báo chí, khoảng 1 trong 8 âm tiết bị đặt sai dấu ở những ngữ cảnh chưa từng gặp "
                    "(cô/có, đá/đã, nhưng/những, con/còn); với phản ánh của người dân cũng khoảng 1 trong 8 (địa danh "
                    "sau phường, xã, tỉnh được khôi phục đúng: tên mọi đơn vị hành chính, cũ và mới, đều có trong mô "
                    "hình); với văn bản pháp luật ít hơn nhiều. Tên mô hình chưa từng gặp vẫn không dấu. Dấu thanh "
                    "đặt theo kiểu cũ (hòa, thủy). Đoạn tiếng Anh chỉ được giữ nguyên khi nhiều từ trong đó không "
                    "thể là tiếng Việt.",
        fields={"text": "Văn bản tiếng Việt gõ không dấu (một số từ có thể đã có dấu)."},
    ),
    "privacy.pii@1": Texts(
        summary="Tìm và che dữ liệu cá nhân trong văn bản tiếng Việt: họ tên, CCCD/CMND, số điện thoại, e-mail, tài "
                "khoản ngân hàng, mã số thuế, thẻ BHYT, hộ chiếu, biển số xe, ngày sinh và địa chỉ.",
        intended_use="Che hoặc thay bằng bí danh dữ liệu cá nhân trước khi văn bản tiếng Việt được công bố, chia sẻ, "
                     "lập chỉ mục hoặc gửi sang dịch vụ khác: bản án, đơn phản ánh của người dân, biểu mẫu, hội "
                     "thoại hỗ trợ.",
        limitations="Dùng quy tắc, số kiểm tra và danh sách từ, cùng vi.entities@1 cho họ tên. Phần lớn câu kiểm thử "
                    "lấy từ mẫu do chúng tôi tự soạn, nên các chỉ số gần tuyệt đối của dữ liệu có cấu trúc chỉ cho "
                    "thấy mẫu nhận dạng hoạt động, không có nghĩa văn bản thực tế cũng đạt như vậy; chỉ số PERSON độc "
                    "lập (tập dev của thực thể) là thước đo đáng tin hơn. Bị bỏ sót: họ tên viết thường trừ khi đứng "
                    "sau một dấu hiệu tên ('tên là', 'họ và tên:'), tên một chữ và tên người dân tộc thiểu số hoặc "
                    "người nước ngoài không có danh xưng phía trước ('Lộc cạy cửa', 'giữa A Thiên và…'); địa chỉ có "
                    "số nhà không kèm từ hay dấu hiệu nhận biết ('Phòng khám X, 254 Hòa Hảo') và tên quận, huyện ở "
                    "cuối không kèm 'quận'/'huyện'; chỉ riêng tên phường hoặc tỉnh thì theo thiết kế không bị đánh "
                    "dấu; một dãy 10 chữ số chỉ được coi là mã số thuế khi đứng sau 'MST'/'mã số thuế'. Không kiểm "
                    "tra được chữ số giới tính của CCCD. Trường 'text' của thực thể và bảng 'mapping' để khôi phục "
                    "cũng là dữ liệu cá nhân: reversible=true bị từ chối với mọi khoá có vai trò không có quyền "
                    "'pii.reveal' (chỉ admin; qua REST, bảng điều khiển và tác vụ hàng loạt: "
                    "nonla.governance.revealing), và không được ghi nhật ký hay lưu chúng cạnh văn bản đã che.",
        fields={
            "text": "Văn bản tiếng Việt, có dấu hoặc không dấu.",
            "mode": "mask: '[PHONE]'; pseudonym: bí danh kiểu bản án 'Nguyễn Văn A', '[PHONE_1]', nhất quán trong "
                    "văn bản; generalize: địa chỉ chỉ còn tỉnh, ngày sinh chỉ còn năm, phần còn lại thành '[TYPE]'.",
            "types": "Chỉ các loại này (mặc định: tất cả).",
            "reversible": "Trả thêm 'mapping' (nhãn thay thế → giá trị gốc). Bảng này là dữ liệu cá nhân.",
        },
        options={"mode": {"mask": "che bằng nhãn", "pseudonym": "bí danh", "generalize": "khái quát hoá"}},
    ),
    "text.language@1": Texts(
        summary="Nhận dạng ngôn ngữ (97 ngôn ngữ), nhận ra cả tiếng Việt gõ không dấu.",
        intended_use="Chuyển văn bản đến đúng quy trình xử lý; đánh dấu văn bản không dấu để chạy vi.diacritics.",
        limitations="Văn bản rất ngắn (một, hai từ) thường mơ hồ; văn bản nhiều ngôn ngữ được gán ngôn ngữ chiếm ưu "
                    "thế.",
    ),
    "legal.citations@1": Texts(
        summary="Trích dẫn pháp luật (điểm/khoản/Điều + Bộ luật, Luật, Nghị định số ..., BLHS ...) được tách thành "
                "từng phần và liên kết tới điều luật.",
        intended_use="Liên kết bản án, đơn thư và câu trả lời với các điều luật được dẫn; kiểm tra điều luật được dẫn "
                     "có tồn tại hay không.",
        limitations="Văn bản được nhận ra qua số hiệu, tên luật đã biết (208 luật), tiêu đề viết hoa sau 'Luật'/'Bộ "
                    "luật' và các chữ viết tắt thông dụng; trích dẫn tới luật ngoài bộ sưu tập được tách nhưng không "
                    "liên kết được; luật sửa đổi ('Luật sửa đổi, bổ sung ... của Luật X') được hiểu là chính luật sửa "
                    "đổi. Văn bản gõ không dấu được đọc sau khi khôi phục dấu (vi.diacritics), loại văn bản và từ chỉ "
                    "điều khoản (thong tu, dieu, khoan) được đọc chính xác, chữ Đ trong ký hiệu số thông dụng được "
                    "trả lại (ND-CP là NĐ-CP, NQ-HDTP là NQ-HĐTP). Trích dẫn nêu văn bản trước điều khoản ('BLDS "
                    "2015, Điều 590', 'luat dat dai dieu 5') và 'Điều 173 khoản 1 điểm a' cũng được đọc. Các dãy "
                    "điều khoản ('Điều 168 đến 171', 'từ khoản 1 đến khoản 3', 'Điều 168 - 171', 'điểm a đến "
                    "điểm đ') được liệt kê đầy đủ, và mỗi điểm được liệt kê là một trích dẫn riêng; dãy có hai đầu ngược thứ tự hoặc kèm chữ "
                    "('12a đến 15') được đọc thành hai trích dẫn ở hai đầu. Văn bản dẫn quá 2.000 điều khoản bị từ "
                    "chối (too_many_citations): hãy gửi thành nhiều phần.",
        fields={
            "collection": "Liên kết mỗi trích dẫn tới điều luật tương ứng trong bộ sưu tập này.",
            "restore_diacritics": "Đọc văn bản gõ không dấu như thể văn bản có dấu (dấu được khôi phục bằng "
                                  "vi.diacritics; vị trí và nội dung vẫn lấy từ văn bản như khi gõ), nhờ đó cả "
                                  "'khoan 2 dieu 173 bo luat hinh su' cũng được nhận ra.",
        },
    ),
    "legal.search@1": Texts(
        summary="Tìm kiếm kết hợp ở cấp điều luật trong các bộ sưu tập pháp luật: BM25 trên văn bản đã tách từ "
                "(không phân biệt dấu) và véc-tơ multilingual-e5, hợp nhất theo thứ hạng nghịch đảo cùng các điều "
                "luật được dẫn trong câu trả lời cho những câu hỏi rất giống, có bộ lọc; xếp hạng lại bằng mô hình "
                "học máy khi được yêu cầu.",
        intended_use="Giúp thẩm phán, luật sư và người dân tìm các điều luật điều chỉnh một câu hỏi; người dùng cần "
                     "tự đọc điều luật.",
        limitations="Với câu hỏi chưa dùng để tinh chỉnh, hơn một phần ba không có điều luật đúng trong năm kết quả "
                    "đầu: recall@5 là 0,63 trên 100 câu hỏi kiểm thử, so với 0,84 trên 222 câu hỏi dev dùng để chọn "
                    "tham số, và thấp hơn nhiều mục tiêu 0,95; hãy xem kết quả là gợi ý, không phải câu trả lời. "
                    "Các trường hợp bỏ sót là cách diễn đạt đời thường khác xa lời văn luật (kề dao vào người khác "
                    "thay cho 'cướp tài sản', chó cắn thay cho trách nhiệm bồi thường do súc vật gây ra), một điều liền kề của đúng luật đó, "
                    "hoặc một luật dùng chung từ ngữ. Véc-tơ bao trọn điều luật: 512 ký tự đầu của mỗi điều và các "
                    "cửa sổ chồng lấn cho phần còn lại của điều dài, điểm của điều là trung bình độ tương đồng của "
                    "phần đầu và của cửa sổ tốt nhất (riêng tìm kiếm véc-tơ đạt recall@5 0,77, so với 0,74 khi chỉ "
                    "dùng phần đầu). Các điều luật được dẫn trong câu trả lời của cơ sở tri thức cho những câu hỏi "
                    "giống ít nhất một nửa (hệ số Dice trên âm tiết chủ đề) được hợp nhất thành thêm một danh sách: "
                    "với cơ sở tri thức mẫu 60 mục, recall@1 tăng từ 0,55 lên 0,58 (từ 0,61 lên 0,74 trên 46 câu hỏi "
                    "có điều luật đúng được một mục dẫn) và recall@5 không đổi; bộ sưu tập mới chưa có mục nào, và "
                    "mô hình xếp hạng lại không đọc các mục này. Mô hình xếp hạng lại (rerank=true: tập cây "
                    "LambdaRank trên các đặc trưng thứ hạng, điểm và độ trùng từ, chỉ huấn luyện trên câu hỏi sinh "
                    "từ văn bản luật, không dùng các câu hỏi này) tốt hơn bước đầu trên câu hỏi sinh tự động nhưng "
                    "kém hơn trên các câu hỏi này ở mọi thước đo (recall@5 0,80 so với 0,84), nên mặc định tắt; nó "
                    "chỉ sắp xếp lại 50 ứng viên đầu sau khi hợp nhất. Bộ sưu tập chưa có véc-tơ (chạy `nonla "
                    "collections embed`) chỉ được tìm bằng BM25, không xếp hạng lại. Truy vấn gõ không dấu được khôi "
                    "phục dấu (vi.diacritics) trước khi tạo véc-tơ và được tìm thêm một lần theo từ khoá. Chữ viết tắt "
                    "luôn được viết đầy đủ (BLHS, blhs, HDLD, bhxh). Điều luật được truy vấn dẫn trực tiếp ('dieu 173 "
                    "blhs', 'Điều 31 Luật Hôn nhân và gia đình', đọc bằng legal.citations) được xếp trên mọi danh "
                    "sách khác, nên đứng đầu. Bộ lọc hiệu lực chỉ biết ngày có hiệu lực ghi trong văn bản, không biết "
                    "các lần sửa đổi sau đó.",
        fields={
            "query": "Nội dung cần tìm, có dấu hoặc không dấu.",
            "doc_type": "ví dụ 'Luật', 'Bộ luật', 'Nghị định'",
            "issuer": "ví dụ 'Quốc hội', 'Chính phủ'",
            "in_force_on": "Chỉ các văn bản có hiệu lực vào ngày này (YYYY-MM-DD).",
            "mode": "hybrid (mặc định): kết hợp từ khoá và ngữ nghĩa; bm25: chỉ từ khoá; dense: chỉ ngữ nghĩa.",
            "answered_questions": "Chỉ với hybrid: xếp lên đầu cả các điều luật được dẫn trong câu trả lời của cơ sở "
                                  "tri thức cho những câu hỏi rất giống (nonla.collections.answered); false chỉ tìm "
                                  "trong văn bản.",
            "rerank": "Chỉ với hybrid: sắp xếp lại 50 ứng viên tốt nhất sau khi hợp nhất bằng mô hình xếp hạng lại "
                      "(legal-reranker), huấn luyện trên câu hỏi sinh từ văn bản luật; với câu hỏi thực tế, kết quả "
                      "kém hơn thứ tự mặc định.",
        },
        options={"mode": _SEARCH_MODES},
    ),
    "legal.answer@1": Texts(
        summary="Trả lời câu hỏi pháp luật bằng cách trích nguyên văn: các khoản phù hợp nhất của những điều luật phù "
                "hợp nhất (và câu trả lời của người duyệt cho các câu hỏi tương tự), mỗi câu đều dẫn tới điều, "
                "khoản hoặc điểm của nó.",
        intended_use="Cho người dân thấy pháp luật nói gì về câu hỏi của mình, kèm đúng các khoản cần đọc; người dùng "
                     "tự đọc các điều luật được dẫn và tự quyết định.",
        limitations="Không phải tư vấn pháp lý. Chỉ trích dẫn: không bao giờ diễn đạt lại, áp dụng luật vào tình tiết "
                    "hay cân nhắc ngoại lệ; khoản được trích có thể bị tách khỏi ngữ cảnh (hãy đọc cả điều). Tìm điều "
                    "luật bằng legal.search (kết hợp khi bộ sưu tập đã có véc-tơ; trước đó chỉ theo từ khoá). Luật "
                    "theo nội dung trong bộ sưu tập, có thể không phải phiên bản đang có hiệu lực. 'Có căn cứ' nghĩa "
                    "là câu trả lời dẫn một điều luật trả lời được câu hỏi, không có nghĩa khoản được trích là khoản "
                    "quyết định; các hằng số xếp hạng của legal.search được chọn trên chính 222 câu hỏi này, nên với "
                    "câu hỏi chưa dùng để tinh chỉnh (100 câu hỏi kiểm thử) chưa đến một nửa câu trả lời có căn cứ "
                    "(49 %): hãy kiểm tra các điều luật được dẫn, và tìm lại bằng cách diễn đạt khác khi chúng không "
                    "đúng. Câu hỏi dẫn một điều mà văn bản trong bộ sưu tập không có ('Điều 700 Bộ luật Hình sự'), "
                    "hoặc một điều của văn bản không có trong bộ sưu tập ('Điều 173 Bộ luật Hình sự 1999'), sẽ được "
                    "báo rõ (missing_articles, missing_documents) thay vì hiển thị điều khác; khoản mà điều luật "
                    "không có ('khoản 9 Điều 168') cũng vậy, được liệt kê dưới điều của nó. Câu hỏi mà không điều "
                    "luật nào nói tới (thời tiết, giá cả, thể thao) chỉ được báo là không tìm thấy khi bộ sưu tập đã "
                    "có véc-tơ (điều luật gần nhất phải đủ gần về nghĩa với câu hỏi; ngưỡng này được chọn trên các "
                    "câu hỏi dev và câu hỏi ngoài chủ đề, nên tỉ lệ đo trên câu hỏi ngoài chủ đề không phải ước lượng "
                    "công bằng cho câu hỏi mới); khi chỉ tìm theo từ khoá, câu hỏi có đủ từ chung với một khoản nào "
                    "đó vẫn nhận được trích dẫn.",
        fields={
            "question": "Câu hỏi, bằng lời lẽ thông thường, có dấu hoặc không dấu.",
            "k": "Số điều luật cần tìm và trích dẫn.",
        },
    ),
    "text.sentiment@1": Texts(
        summary="Sắc thái cảm xúc của văn bản tiếng Việt: tích cực, tiêu cực hoặc trung tính, kèm xác suất.",
        intended_use="Phân loại góp ý, nhận xét và ý kiến của người dân theo sắc thái; theo dõi mức độ hài lòng theo "
                     "thời gian.",
        limitations="Chỉ đánh giá 1.000 ký tự đầu. Huấn luyện trên 426 câu ngắn: lời mỉa mai, ý kiến trái chiều và "
                    "văn bản dài thường bị hiểu sai. Tiếng Việt gõ không dấu được khôi phục dấu (vi.diacritics) "
                    "trước, nhờ đó lấy lại phần lớn độ chính xác (xem các chỉ số khi có và không khôi phục); một từ "
                    "khôi phục sai dấu vẫn có thể làm đổi sắc thái.",
        fields={
            "text": "Một nhận xét, bình luận, tin nhắn hoặc câu tin tức; tiếng Việt có dấu hoặc không dấu.",
            "restore_diacritics": "Khôi phục dấu thanh (vi.diacritics) cho tiếng Việt gõ không dấu trước khi đánh "
                                  "giá: mô hình véc-tơ đọc kém tiếng Việt không dấu (xem các chỉ số khi có và không "
                                  "khôi phục trên thẻ mô tả).",
        },
    ),
    "text.classify@1": Texts(
        summary="Phân loại văn bản không cần hoặc chỉ cần ít ví dụ, theo các nhãn nêu trong yêu cầu (ưu tiên tiếng "
                "Việt).",
        intended_use="Chuyển xử lý và gắn nhãn bước đầu cho tin nhắn, góp ý và văn bản, có người rà soát các kết quả "
                     "độ tin cậy thấp; thử nghiệm một bộ phân loại trước khi có đủ dữ liệu để huấn luyện.",
        limitations="Chỉ đánh giá 1.000 ký tự đầu. Độ chính xác phụ thuộc nhiều vào mô tả nhãn; các nhãn gần nhau "
                    "hoặc chồng lấn (ví dụ một khiếu nại đồng thời là câu hỏi) dễ bị nhầm, và ví dụ dùng chung từ ngữ "
                    "giữa các nhãn có thể khiến phân loại có ví dụ kém hơn không có ví dụ (như khi chuyển đến phòng "
                    "ban ở đây). Tiếng Việt gõ không dấu được khôi phục dấu (vi.diacritics) trước, nhờ đó lấy lại "
                    "phần lớn độ chính xác (xem các chỉ số khi có và không khôi phục); với restore_diacritics=false "
                    "e5 hầu như không đọc được loại văn bản này, nên điểm trùng khớp âm tiết được cộng "
                    "thêm. Khi dùng để chuyển yêu cầu "
                    "của người dân, kết quả độ tin cậy thấp phải chuyển cho người xử lý: không bao giờ là quyết định "
                    "duy nhất về một yêu cầu.",
        fields={
            "labels": "Các nhãn để chọn: danh sách tên, hoặc tên → mô tả (vài từ hoặc danh sách chủ đề tiêu biểu; "
                      "có mô tả giúp ích hơn nhiều so với chỉ có tên).",
            "examples": "Không bắt buộc: tối đa 20 văn bản ví dụ cho mỗi nhãn (few-shot), tổng cộng tối đa 200 ví dụ "
                        "và 100.000 ký tự.",
            "restore_diacritics": "Khôi phục dấu thanh (vi.diacritics) cho văn bản tiếng Việt gõ không dấu trước khi "
                                  "so khớp: mô hình véc-tơ đọc kém tiếng Việt không dấu (xem các chỉ số khi có và "
                                  "không khôi phục trên thẻ mô tả).",
        },
    ),
    "text.dedupe@1": Texts(
        summary="Phát hiện văn bản gần trùng lặp tiếng Việt: nhóm các văn bản giống nhau chỉ khác ở chỗ sửa, lỗi gõ, "
                "thứ tự từ và thiếu dấu, tách riêng khi các con số khác nhau.",
        intended_use="Gộp các phản ánh, đơn thư và bài đăng diễn đàn lặp lại của người dân; làm sạch kho ngữ liệu "
                     "trước khi huấn luyện.",
        limitations="Độ tương đồng tính trên tập âm tiết, nên theo mặc định thứ tự từ và ý nghĩa bị bỏ qua: 'A kiện "
                    "B' bằng 'B kiện A', và văn bản ngắn chỉ khác một từ then chốt có thể đạt ngưỡng. Con số là ngoại "
                    "lệ: hai văn bản mà mỗi bên có một con số bên kia không có thì không bao giờ được nhóm, dù giống "
                    "đến đâu, còn văn bản chỉ thiếu một con số thì vẫn được nhóm; con số được đọc dù viết theo cách "
                    "nào (500.000, 500,000 và 500000; 0912 345 678 và +84 912345678; 05/03/2024 và 5-3-2024), nhưng "
                    "số gõ sai là một số khác, số viết bằng chữ ('năm trăm') là chữ, và chữ cái liền sau số là một từ "
                    "('12A' và '12B' có chung số 12). Bản sao bị sửa nhiều rơi xuống dưới ngưỡng (recall 57 % với bản "
                    "sao vừa có lỗi gõ, vừa mất một từ, vừa không dấu). Văn bản dài cùng chủ đề có chung phần lớn âm "
                    "tiết (hai phiên bản của một luật đạt 0,8 với shingle 1 âm tiết): hãy dùng shingle=2 hoặc 3. "
                    "Nhóm là chuỗi liên kết, nên hai thành viên của một nhóm có thể giống nhau dưới ngưỡng; khi một "
                    "liên kết sẽ nối các văn bản khác nhau về con số, liên kết mạnh hơn được giữ.",
        fields={
            "texts": "Từ 1 đến 10.000 văn bản, mỗi văn bản tối đa 20.000 ký tự.",
            "threshold": "Độ tương đồng Jaccard của tập shingle, từ mức này trở lên hai văn bản được coi là trùng lặp.",
            "shingle": "Số âm tiết mỗi shingle: 1 so sánh tập âm tiết (không xét thứ tự, tốt nhất cho văn bản ngắn); "
                       "2 hoặc 3 cho văn bản dài, vốn có tập âm tiết dễ giống nhau.",
            "strip_diacritics": "So sánh khi bỏ dấu thanh và dấu nguyên âm, để văn bản gõ không dấu khớp với bản gốc.",
        },
    ),
    "text.keywords@1": Texts(
        summary="Từ khoá và cụm từ khoá của văn bản tiếng Việt: cụm thực từ lấy từ vi.pos, xếp hạng theo tần suất, "
                "độ hiếm trong văn bản pháp luật Việt Nam (IDF) và vị trí xuất hiện sớm.",
        intended_use="Gắn nhãn và lập chỉ mục văn bản, đơn phản ánh và bài viết; cho thấy một văn bản dài nói về điều "
                     "gì.",
        limitations="Độ hiếm của từ (IDF) lấy từ văn bản pháp luật Việt Nam, nên những từ thông dụng nhưng hiếm trong "
                    "luật (cơn, mưa) được xếp cao hơn so với mô hình huấn luyện trên báo chí. Ứng viên lấy từ "
                    "vi.pos, nên lỗi gán nhãn từ loại được giữ nguyên, và văn bản gõ không dấu được đọc sau khi khôi "
                    "phục dấu (vi.diacritics), nên được gán nhãn và tính trọng số như văn bản có dấu (chỉ số gần với "
                    "văn bản có dấu). Khi đọc nguyên như gõ (restore_diacritics=false), không từ nào có trong IDF "
                    "pháp luật, việc xếp hạng chỉ dựa vào số lần xuất hiện và vị trí: ít âm tiết của tiêu đề hơn "
                    "trong 10 kết quả đầu (58,0 % so với 68,3 %) dù nhiều hơn trong 5 kết quả đầu, và nhiều mảnh vụn "
                    "hơn (\"nguoi\", \"dan\"). YAKE có nhiều âm tiết của tiêu đề hơn một chút trong 5 kết quả đầu "
                    "(58,7 % so với 55,7 %) nhưng ít hơn hẳn trong 10 kết quả đầu (52,9 % so với 73,5 %).",
        fields={
            "k": "Số từ khoá trả về tối đa.",
            "restore_diacritics": "Đọc tiếng Việt gõ không dấu như thể văn bản có dấu (dấu được khôi phục bằng "
                                  "vi.diacritics): từ được gán nhãn và tính trọng số như từ có dấu; từ khoá vẫn hiển "
                                  "thị như khi gõ.",
        },
    ),
    "text.summarize@1": Texts(
        summary="Tóm tắt trích xuất văn bản tiếng Việt và tổng hợp nhiều văn bản: LexRank trên độ tương đồng TF-IDF "
                "giữa các câu, loại bỏ câu trùng ý (MMR); mỗi câu dẫn văn bản, số thứ tự và vị trí của nó.",
        intended_use="Xem nhanh văn bản dài, đơn phản ánh và văn bản pháp luật; bản tổng hợp nhiều văn bản liên quan, "
                     "mỗi câu đều truy được nguồn để rà soát.",
        limitations="Chỉ trích xuất: câu được chép lại, không bao giờ viết lại hay ghép, nên bản tóm tắt có thể thiếu "
                    "ngữ cảnh ('ông' là ai) hoặc trích một câu phụ thuộc vào câu trước. Độ tương đồng dựa trên từ ngữ "
                    "(TF-IDF trên vi.words, IDF từ văn bản pháp luật), nên câu diễn đạt khác không được nhận ra là "
                    "lặp ý; chỉ được đo trên văn bản luật, lấy tiêu đề làm tham chiếu; các chỉ số nói lên ít điều về "
                    "tin tức hay đơn phản ánh. Văn bản gõ không dấu được tính trọng số sau khi khôi phục dấu "
                    "(vi.diacritics); khi đọc nguyên như gõ (restore_diacritics=false) không từ nào có trong IDF pháp "
                    "luật và bản tóm tắt dài hơn (recall cao hơn, F1 thấp hơn). Câu dài quá 500 ký tự (văn bản gõ "
                    "không có dấu câu, một liệt kê dài) được trích theo từng vế, hoặc theo từng đoạn từ nếu không có "
                    "vế.",
        fields={
            "text": "Một văn bản cần tóm tắt (hoặc dùng 'documents').",
            "documents": "Nhiều văn bản cần tóm tắt cùng nhau.",
            "max_sentences": "Số câu tối đa của bản tóm tắt.",
            "restore_diacritics": "Đọc tiếng Việt gõ không dấu như thể văn bản có dấu (dấu được khôi phục bằng "
                                  "vi.diacritics) khi tính trọng số từ; bản tóm tắt vẫn trích văn bản như khi gõ.",
        },
    ),
    "text.embed@1": Texts(
        summary="Véc-tơ biểu diễn câu (multilingual-e5-small, 4-bit): véc-tơ 384 chiều cho tìm kiếm, phân cụm, phát "
                "hiện trùng lặp.",
        intended_use="Xây dựng chỉ mục tìm kiếm và đặc trưng tương đồng cho các chức năng khác và cho mô hình tuỳ "
                     "chỉnh.",
        limitations="e5 đọc kém tiếng Việt gõ không dấu (xem các chỉ số): hãy đặt restore_diacritics=true cho văn "
                    "bản như vậy. Chỉ đọc 1.000 ký tự đầu; khoảng 3 ms mỗi token trên một lõi, nên văn bản dài nên "
                    "được xử lý bằng tác vụ hàng loạt. Là mô hình đa dụng: những cách diễn đạt pháp lý khác xa lời "
                    "văn của điều luật thường bị bỏ sót (xem legal.search để biết các chỉ số của tìm kiếm véc-tơ, "
                    "theo từ khoá và kết hợp).",
        fields={
            "text": "Văn bản bất kỳ; chỉ 1.000 ký tự đầu được đọc.",
            "kind": "'passage' cho văn bản cần được tìm kiếm.",
            "restore_diacritics": "Khôi phục dấu thanh trước (vi.diacritics) khi văn bản là tiếng Việt gõ không dấu: "
                                  "e5 đọc kém tiếng Việt không dấu (xem thẻ mô tả).",
        },
        options={"kind": {"query": "truy vấn", "passage": "đoạn văn"}},
    ),
    "geo.address@1": Texts(
        summary="Đọc địa chỉ Việt Nam (cũ hoặc mới, viết tắt, không dấu hoặc không có dấu phẩy) thành đường, phường/xã "
                "và tỉnh/thành phố, rồi chuyển sang đơn vị hành chính năm 2025; xã bị chia tách trả về mọi đơn vị "
                "kế thừa.",
        intended_use="Chuẩn hoá địa chỉ trong yêu cầu, biểu mẫu và hồ sơ của người dân theo đơn vị hành chính năm "
                     "2025; chuyển yêu cầu đến phường/xã hiện phụ trách; đánh dấu địa chỉ cũ thuộc xã bị chia tách để "
                     "người xử lý lựa chọn.",
        limitations="Chạy ngoại tuyến: xã bị chia tách không bao giờ được xác định theo tên đường (việc đó cần bản "
                    "đồ); hãy chọn trong các ứng viên. Bảng chuyển đổi cũ → mới được biên soạn từ các nghị quyết năm "
                    "2025 (dvhcvn), không phải bản phát hành chính thức. Địa chỉ không có tỉnh chỉ được đọc khi tên "
                    "phường/xã hoặc quận/huyện là duy nhất trong cả nước. Một âm tiết gõ sai được sửa; nhiều lỗi hơn, "
                    "hoặc tên tỉnh gõ sai, thì không. Bộ kiểm thử được sinh từ chính các bảng đơn vị hành chính, nên "
                    "nó đo khả năng đọc các dạng viết, không đo mức bao phủ mọi cách viết ngoài thực tế.",
        fields={
            "text": "Một địa chỉ: đơn vị cũ hoặc mới, có dấu hoặc không dấu, viết tắt (P., Q., TP., TX., H., X., TT., "
                    "F7) và dấu phẩy.",
        },
    ),
    "civic.triage@1": Texts(
        summary="Phân loại phản ánh, kiến nghị của người dân: lĩnh vực, cơ quan phụ trách, mức độ khẩn cấp, địa điểm, "
                "che dữ liệu cá nhân, nhóm các phản ánh gần trùng lặp và hạn xử lý, mỗi mục kèm độ tin cậy.",
        intended_use="Sơ loại hộp thư của bộ phận tiếp nhận phản ánh (đường dây nóng, cổng thông tin, ứng dụng): gợi ý "
                     "lĩnh vực, cơ quan, mức độ khẩn cấp và hạn xử lý để người xử lý xác nhận, che dữ liệu cá nhân để "
                     "chia sẻ rộng hơn, nhóm các phản ánh lặp lại. Cơ quan điều chỉnh danh mục lĩnh vực và bảng phân "
                     "công trong $NONLA_HOME/agencies/<agency>.json và huấn luyện mô hình phân loại riêng từ dữ liệu "
                     "đã gán nhãn của mình bằng `nonla civic train`.",
        limitations="Là gợi ý, không phải quyết định: cứ bốn phản ánh thì một bị xếp sai lĩnh vực (một trong năm đối "
                    "với những phản ánh mà chức năng không chuyển đi duyệt) và cứ sáu tình huống nguy hiểm thì bỏ sót một. Huấn "
                    "luyện trên 358 tin do chúng tôi tự viết, nên hộp thư thực tế (tin dài hơn, nhiều vấn đề trong "
                    "một tin, cách diễn đạt khác) sẽ cho kết quả thấp hơn cho đến khi cơ quan huấn luyện trên dữ liệu "
                    "của mình. Mức độ khẩn cấp dựa trên từ chỉ nguy hiểm: nguy hiểm được kể bằng từ khác thì bị bỏ "
                    "sót, nguy hiểm đã qua hoặc bị phủ định ('may chưa ai bị thương') vẫn có thể được tính, và từ một "
                    "âm tiết gõ không dấu bị bỏ qua ('chay' có thể là cháy hoặc chạy). Hạn xử lý tính từ thứ Hai đến "
                    "thứ Sáu và không biết ngày lễ. Địa chỉ chỉ được tìm thấy khi các phần có từ chỉ đơn vị và chữ "
                    "hoa hoặc số ('phường Bến Nghé', 'xã Hòa An, Cần Thơ'); chỉ 'ở Cần Thơ' hoặc địa chỉ viết thường "
                    "toàn bộ thì không xác định được. Phản ánh gần trùng lặp được nhóm trong một lần gọi (tối đa "
                    "1.000 tin cộng với 'recent'); lô gặp lỗi được chạy lại từng tin và mất các nhóm. Chỉ 1.000 ký tự "
                    "đầu được đọc để phân loại lĩnh vực.",
        fields={
            "text": "Nội dung phản ánh của người dân, như khi tiếp nhận (ứng dụng, bản ghi đường dây nóng, cổng thông "
                    "tin); tiếng Việt có dấu hoặc không dấu.",
            "agency": "Danh mục lĩnh vực, bảng phân công và mô hình của cơ quan nào: 'default', hoặc một cơ quan đã cấu "
                      "hình trong $NONLA_HOME/agencies/.",
            "received_on": "Ngày tiếp nhận (ISO); dùng để tính 'deadline'.",
            "recent": "Các tin trước đó [{id, text}] để tìm phản ánh gần trùng lặp, cùng với các tin trong cùng lần "
                      "gọi.",
        },
    ),
    "vision.faces@1": Texts(
        summary="Khuôn mặt: phát hiện (khung, 6 điểm mốc, điểm tin cậy), véc-tơ đặc trưng 128 chiều và xác minh 1:1 "
                "(có cùng một người không?).",
        intended_use="Kiểm soát ra vào và điểm danh khi người được chụp đã đồng ý (xem `nonla consent`), đếm khuôn mặt, "
                     "đối chiếu ảnh chụp với ảnh giấy tờ tuỳ thân, có người rà soát quyết định.",
        limitations="Không kiểm tra thực thể sống (liveness): ảnh in hoặc ảnh trên màn hình vẫn được coi là chính người "
                    "đó. Ngưỡng (0,53) được hiệu "
                    "chỉnh trên ít khuôn mặt, và các cặp cùng người là bản sao của một ảnh, dễ hơn hai ảnh chụp cách "
                    "nhau nhiều năm: hãy đo trên nhóm người của mình trước khi dựa vào nó. Tìm khuôn mặt trong phạm vi "
                    "khoảng 2 mét (bộ phát hiện tầm ngắn); khuôn mặt nhỏ, nghiêng hoặc thiếu sáng bị bỏ sót (8 % ảnh "
                    "đánh giá). Mạng tạo véc-tơ được huấn luyện chủ yếu trên khuôn mặt người trưởng thành gốc châu "
                    "Âu, và tỉ lệ lỗi trên khuôn mặt người Việt chưa được đo ở đây. Quyết định liên quan đến con "
                    "người cần có người rà soát. Tìm kiếm trong kho ảnh (nonla.faces.search) là tìm chính xác và tăng "
                    "tuyến tính theo kích thước kho: 78 ms cho 100.000 khuôn mặt qua dịch vụ trên SQLite, đã gồm kiểm "
                    "tra kho và ghi nhật ký kiểm toán, trên máy 2 lõi đang bận (python bench/faces_service.py).",
        fields={
            "task": "detect: khung và điểm mốc; embed: véc-tơ đặc trưng 128 chiều của mỗi khuôn mặt; verify: khuôn "
                    "mặt trong 'data' và 'other' có phải cùng một người không?",
            "data": "Nội dung ảnh, mã hoá base64 (cũng nhận data: URL): PNG hoặc JPEG, tối đa 10 MB.",
            "other": "verify: ảnh thứ hai, base64 như 'data'.",
            "min_score": "Bỏ các kết quả phát hiện có điểm thấp hơn mức này.",
            "max_faces": "Tối đa bấy nhiêu khuôn mặt, điểm cao nhất trước.",
        },
        options={"task": {"detect": "phát hiện", "verify": "xác minh", "embed": "tạo véc-tơ"}},
    ),
    "vision.traffic@1": Texts(
        summary="Đếm vật thể chuyển động (xe cộ, người) đi qua một vạch trong đoạn video ngắn, theo từng hướng và "
                "từng phút, kèm phân loại gần đúng theo kích thước (xe hai bánh hoặc ô tô/xe tải) và khung hình có "
                "chú thích khi được yêu cầu.",
        intended_use="Đếm lưu lượng giao thông và người qua lại tại camera cố định: bao nhiêu lượt đi qua cổng hoặc "
                     "vạch dừng theo mỗi hướng.",
        limitations="Không có trọng số mô hình phân loại xe nào dùng được ngoại tuyến, nên chức năng đếm các vùng "
                    "chuyển động: hai lớp two_wheeler / car_truck chỉ gần đúng, theo kích thước vùng (xe máy ở gần "
                    "camera có thể bị tính là ô tô, người và xe đạp được xếp là xe hai bánh; hãy đặt "
                    "two_wheeler_area theo góc nhìn của camera), các vật thể di chuyển cùng nhau được đếm một lần, "
                    "vật thể đang đỗ bắt đầu chạy cũng được đếm, và camera rung hoặc ánh sáng thay đổi đột ngột có "
                    "thể làm thừa hoặc thiếu lượt đếm (độ chính xác 85,9 % khi ánh sáng thay đổi đột ngột, 97,4 % "
                    "khi ánh sáng ổn định). Chỉ được đo trên video dựng bằng máy. Camera không được di chuyển. Giá "
                    "trị mặc định của min_area và two_wheeler_area là tỉ lệ của khung hình 320x240, được giữ theo "
                    "điểm ảnh (154 px và 384 px) ở khung hình lớn hơn, nên góc nhìn rộng độ phân giải cao vẫn đếm "
                    "được xe máy ở xa nhưng cũng bắt thêm nhiều đốm nhiễu; hãy đặt cả hai theo góc nhìn của camera.",
        fields={
            "data": "Nội dung video, base64 (cũng nhận data: URL): MP4 hoặc MJPG AVI, tối đa 50 MB, khung hình đến "
                    "8K UHD (khung hình lớn hơn 1280x720 được thu nhỏ khi phân tích).",
            "line": "Vạch đếm [x0, y0, x1, y1] theo tỉ lệ chiều rộng và chiều cao, mỗi giá trị từ 0 đến 1.",
            "min_area": "Vùng chuyển động nhỏ nhất, theo tỉ lệ diện tích khung hình; mặc định 0,2 % của khung hình "
                        "320x240, giữ ở 154 px với khung hình lớn hơn.",
            "max_frames": "Đọc tối đa bấy nhiêu khung hình.",
            "tracks": "Trả thêm tọa độ tâm của mọi quỹ đạo, theo từng khung hình.",
            "two_wheeler_area": "Lượt đi qua có diện tích vùng trung vị nhỏ hơn tỉ lệ này của khung hình được xếp là "
                                "two_wheeler, còn lại là car_truck; mặc định 0,5 % của khung hình 320x240, giữ ở "
                                "384 px với khung hình lớn hơn. Gần đúng, theo kích thước vùng; không có trọng số mô "
                                "hình phân loại xe nào dùng được ngoại tuyến.",
            "keyframes": "Trả thêm các khung hình JPEG có chú thích, lấy tại các lượt đi qua.",
            "max_keyframes": "Tối đa bấy nhiêu khung hình chính (các lượt đi qua đầu tiên).",
        },
    ),
    "speech.asr@1": Texts(
        summary="Nhận dạng tiếng nói tiếng Việt: bản ghi WAV, MP3, Ogg hoặc FLAC (hoặc PCM thô) thành văn bản, kèm "
                "các đoạn có thời gian và thời gian của từng từ.",
        intended_use="Chuyển thành văn bản các cuộc gọi đường dây nóng, tin nhắn thoại và cuộc họp bằng tiếng Việt để "
                     "tìm kiếm và phân loại.",
        limitations="Nguồn gốc: gói wheel của viet-asr (METADATA: Apache-2.0, 'vietasr contributors', "
                    "github.com/dangvansam/viet-asr; bên trong không có tệp LICENSE hay thẻ mô tả mô hình) nhúng một "
                    "mô hình ONNX trong libvietasr.so: Conformer dạng luồng với đầu CTC trên 4.968 mảnh BPE (tf2onnx "
                    "1.17.0, 69.420.285 byte, sha256 "
                    "b34e699e5557f87741c6fca80246267268922c9d57045602da6fdf77039f0057). Dữ liệu huấn luyện không được "
                    "nêu ở bất cứ đâu trong gói wheel hay tài liệu của dự án, và chuỗi mô tả của chính mô hình ghi "
                    "'converted from /home/samdv/Debug Zalo Tiktok iOS/zasr_dump/model/encoder.tflite', cho thấy trọng "
                    "số có thể được lấy từ ứng dụng di động của một nhà cung cấp khác: không thể coi giấy phép "
                    "Apache-2.0 của gói wheel bao gồm cả chúng; hãy làm rõ giấy phép trước khi đưa chức năng này vào "
                    "sử dụng. Vì vậy chức năng từ chối mọi lời gọi (HTTP 451, model_licence_unverified) cho đến khi "
                    "người vận hành cho phép bằng NONLA_ACCEPT_UNVERIFIED_MODELS=speech.asr sau khi tự rà soát pháp "
                    "lý. Độ chính xác trên tiếng nói tự nhiên chỉ được đo trên 10 đoạn ngắn, sạch như thu trong phòng "
                    "thu, không rõ nguồn gốc (WER 6 %): không phải phép thử trên cuộc gọi điện thoại, môi trường ồn "
                    "hay lời nói tự nhiên; giọng máy của espeak-ng, khác xa tiếng nói thật, cho WER espeak-ng cao ở "
                    "trên. Kết quả viết thường, không có dấu câu; tên riêng, con số và từ nước ngoài thường bị nghe "
                    "sai. Các đoạn được cắt tại chỗ ngắt theo độ lớn âm thanh (mỗi đoạn tối đa 25 s), nên bản ghi ồn "
                    "cho đoạn dài. Thời gian của từ có được nhờ căn văn bản theo các khung 40 ms của mô hình (mô hình "
                    "CTC đánh dấu một từ ở chỗ nó nhận ra từ đó, nên thời điểm kết thúc từ thường sớm) và tốn thêm "
                    "một lượt chạy mô hình (words=false bỏ qua bước này). MP3, Ogg và FLAC cần gói soundfile "
                    "(nonla[speech]).",
        fields={
            "data": "Âm thanh, base64: tệp WAV, MP3, Ogg (Vorbis hoặc Opus) hoặc FLAC (tần số lấy mẫu bất kỳ, mono "
                    "hoặc stereo), hoặc PCM thô 16 bit little-endian với format='pcm_s16le'. Tối đa 30 phút.",
            "format": "'auto' đọc phần đầu của chính tệp; chỉ PCM thô mới phải nêu định dạng.",
            "words": "Trả thêm thời điểm bắt đầu và kết thúc của mỗi từ, căn theo các khung của mô hình.",
            "sample_rate": "Chỉ với PCM thô: số mẫu mỗi giây.",
        },
        options={"format": {"auto": "tự nhận"}},
    ),
    "speech.tts@1": Texts(
        summary="Chuyển văn bản tiếng Việt thành giọng nói (giọng formant espeak-ng: miền Bắc, miền Trung, miền Nam) "
                "dưới dạng tệp WAV; số, ngày tháng, giờ, tiền, tỉ lệ phần trăm và chữ viết tắt thông dụng được đọc "
                "thành chữ, và tệp WAV được đánh dấu là do AI tạo ra trong siêu dữ liệu RIFF INFO.",
        intended_use="Đọc thông báo, câu trả lời và số thứ tự tại ki-ốt và đường dây nóng; hỗ trợ tiếp cận.",
        limitations="Không có giọng tiếng Việt dùng mạng nơ-ron nào dùng được ngoại tuyến, nên giọng đọc là tổng hợp "
                    "formant của espeak-ng: giọng máy, thanh điệu phẳng ở câu dài; bộ nhận dạng tiếng nói nghe sai "
                    "79–89 % số từ (xem các chỉ số), nên người nghe có thể cần cả văn bản, và không dùng ở nơi một "
                    "từ nghe nhầm có thể gây hậu quả. Văn bản không dấu được đọc như khi viết (sai thanh): hãy khôi "
                    "phục dấu bằng vi.diacritics trước. Số, ngày tháng, giờ, tiền, tỉ lệ phần trăm và một danh sách "
                    "ngắn chữ viết tắt (UBND, TP.HCM, BHYT, CCCD, Q.1, ...) được đọc theo quy tắc cố định ('linh/"
                    "nghìn' với giọng miền Bắc, 'lẻ/ngàn' với giọng miền Nam); các chữ viết tắt khác được đánh vần "
                    "từng chữ cái, và các dạng mơ hồ (3.2 đọc là số thập phân, 12/3 không có năm đọc là 'mười hai "
                    "trên ba') có thể bị đọc sai: hãy kiểm tra `spoken`. Dấu hiệu do AI tạo ra chỉ nằm trong siêu dữ "
                    "liệu: không nghe thấy được, và mất đi khi âm thanh được mã hoá lại hoặc thu lại.",
        fields={
            "text": "Văn bản tiếng Việt (có dấu sẽ đọc tốt nhất), tối đa 5.000 ký tự.",
            "voice": "vi: miền Bắc; vi-vn-x-central: miền Trung; vi-vn-x-south: miền Nam.",
            "speed": "Số từ mỗi phút.",
        },
    ),
    "vision.ocr@1": Texts(
        summary="Nhận dạng chữ (OCR) từ bản quét, ảnh chụp và PDF tiếng Việt (giữ lớp văn bản sẵn có, OCR các trang "
                "quét), kèm dòng, khung và độ tin cậy.",
        intended_use="Giúp tìm kiếm được văn bản quét, biểu mẫu và thư; đọc chữ cho các chức năng khác (bộ sưu tập, "
                     "vision.idcard). Cần có người kiểm tra số liệu, tên và con số quan trọng.",
        limitations="Chỉ chữ in (không đọc chữ viết tay); dùng mô hình nhanh của tesseract: độ chính xác giảm với ảnh "
                    "bị lóa, chụp xiên, độ phân giải thấp (dưới khoảng 150 dpi) hoặc phông chữ trang trí; bảng được "
                    "đọc thành từng dòng; các trang được đọc lần lượt (khoảng 1–3 s mỗi trang A4 trên một lõi).",
        fields={
            "data": "Nội dung tệp, mã hoá base64 (cũng nhận data: URL): PNG, JPEG, TIFF (một hoặc nhiều trang), WebP, "
                    "BMP, GIF hoặc PDF; tối đa 40 MB và 200 trang.",
            "media_type": "Chỉ để tham khảo: loại tệp được xác định từ chính nội dung tệp.",
            "languages": "Ngôn ngữ của Tesseract: 'vie', 'vie+eng' cho văn bản lẫn tiếng Anh, 'eng'.",
            "dpi": "Độ phân giải dùng để đọc các trang PDF không có lớp văn bản.",
            "force_ocr": "OCR mọi trang PDF, kể cả trang đã có lớp văn bản.",
        },
    ),
    "vision.idcard@1": Texts(
        summary="Các trường thông tin ở mặt trước thẻ CCCD gắn chip từ ảnh chụp hoặc bản quét, kèm kiểm tra số thẻ "
                "với mã nơi đăng ký khai sinh, giới tính và năm sinh.",
        intended_use="Điền sẵn biểu mẫu từ thẻ do người dân xuất trình, có cán bộ kiểm tra từng trường trước khi dùng. "
                     "Dữ liệu cá nhân: thẻ chứa dữ liệu định danh của một cá nhân (Nghị định 13/2023/NĐ-CP); chỉ xử lý "
                     "khi có căn cứ pháp lý hoặc sự đồng ý, chỉ giữ những gì thủ tục cần, và gửi kèm tiêu đề "
                     "X-Subject-Id để nhật ký kiểm toán và hàng chờ duyệt có thể được xuất hoặc xóa theo từng người. "
                     "Dữ liệu đầu vào không được lưu; nhật ký kiểm toán chỉ giữ mã băm.",
        limitations="Chỉ mặt trước của CCCD gắn chip (không đọc mặt sau, CMND cũ 9/12 số, mẫu thẻ 'Căn cước' năm 2024 "
                    "hay hộ chiếu); được đo trên thẻ mẫu dựng bằng máy, không phải ảnh chụp thẻ thật: lóa sáng, tem "
                    "ba chiều, chụp xiên và thiếu sáng làm giảm độ chính xác; thẻ `valid` chỉ có nghĩa là thông tin "
                    "nhất quán, không chứng minh thẻ là thật (không kiểm tra chip hay cơ sở dữ liệu).",
        fields={
            "data": "Ảnh chụp hoặc bản quét mặt trước của thẻ, mã hoá base64 (PNG, JPEG, TIFF, ...).",
            "media_type": "Chỉ để tham khảo: loại tệp được nhận ra từ nội dung.",
        },
    ),
}
# fmt: on

# Each language's texts; English is the language the cards and schemas are written in, so it has none.
_BY_LANGUAGE: dict[str, dict[str, Texts]] = {"vi": VI}


class FunctionWords:
    """What the function pages show of a function's own texts, in the visitor's language, falling back on the
    function's own (English, or its author's) words wherever no translation exists."""

    def __init__(self, lang: str) -> None:
        self._texts = _BY_LANGUAGE.get(lang, {})

    def _of(self, ref: str) -> Texts | None:
        return self._texts.get(ref)

    def summary(self, ref: str, own: str) -> str:
        found = self._of(ref)
        return found.summary if found else own

    def intended_use(self, ref: str, own: str) -> str:
        found = self._of(ref)
        return found.intended_use if found and own else own  # a card without one shows none

    def limitations(self, ref: str, own: str) -> str:
        found = self._of(ref)
        return found.limitations if found and own else own

    def field_help(self, ref: str, field_name: str, own: str) -> str:
        found = self._of(ref)
        return found.fields.get(field_name, own) if found and own else own

    def option(self, ref: str, field_name: str, value: str) -> str:
        """An option as the select shows it: its value (what the API and the field's help name), followed by its
        meaning where the value is a plain word; codes (tcvn3, pcm_s16le, vie+eng) stay as they are."""
        found = self._of(ref)
        meaning = found.options.get(field_name, {}).get(value) if found else None
        return f"{value} — {meaning}" if meaning else value
