"""Error messages and hints in Vietnamese, by error code, for the console's Vietnamese pages.

An error's own message and hint are English and often name what went wrong exactly (a field, a limit, a function).
A Vietnamese sentence written once per code cannot know those details, so a Vietnamese page shows the Vietnamese
message and hint and keeps the English it replaced on a smaller "Chi tiết" line: nothing the error said is lost.
A code without Vietnamese words here is shown as it is, and English pages always show the error's own words.

>>> err = {"code": "empty_text", "message": "Field 'text' is empty.", "hint": "Send some text."}
>>> shown("vi", err).message, shown("vi", err).detail
('Ô nội dung đang để trống.', "Field 'text' is empty. Send some text.")
>>> shown("en", err).message, shown("en", err).detail
("Field 'text' is empty.", '')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, NamedTuple

DETAIL_LABEL = {"vi": "Chi tiết", "en": "Details"}

_AGAIN = "Vui lòng thử lại; nếu lỗi vẫn tiếp diễn, hãy báo cho quản trị viên"
_LIMIT = "Yêu cầu vượt quá dung lượng cho phép."
_MENU = "Vui lòng mở trang từ trình đơn của bảng điều khiển."

# code: (message, hint). Every code nonla raises has its words here (tests/console/test_console_error_texts.py).
VI: dict[str, tuple[str, str]] = {
    "error": ("Đã xảy ra lỗi khi xử lý yêu cầu.", f"{_AGAIN} kèm mã nhật ký kiểm toán của yêu cầu."),
    "internal_error": ("Đã xảy ra lỗi ngoài dự kiến trên máy chủ.",
                       f"{_AGAIN} kèm thời điểm gửi yêu cầu."),
    "function_failed": ("Chức năng gặp lỗi khi xử lý yêu cầu.", f"{_AGAIN} kèm mã nhật ký kiểm toán của yêu cầu."),
    # the input
    "invalid_input": ("Dữ liệu nhập vào không hợp lệ.",
                      "Vui lòng đối chiếu dữ liệu với phần chi tiết bên dưới và mô tả đầu vào của chức năng, "
                      "sửa lại rồi gửi lại."),
    "empty_text": ("Ô nội dung đang để trống.", "Vui lòng nhập nội dung có ít nhất một ký tự nhìn thấy được."),
    "text_too_long": ("Văn bản dài quá giới hạn cho phép.",
                      "Vui lòng chia văn bản thành các phần nhỏ hơn (theo câu hoặc theo đoạn) rồi gửi theo lô."),
    "batch_too_large": ("Số mục gửi trong một lần vượt quá giới hạn cho phép.",
                        "Vui lòng gửi ít mục hơn trong mỗi lần, hoặc chạy tác vụ hàng loạt trên một tệp."),
    "invalid_json": ("Dữ liệu JSON không đúng định dạng.",
                     'Vui lòng gửi một đối tượng JSON hợp lệ (hoặc {"items": [...]}) với '
                     "Content-Type: application/json."),
    "invalid_utf8": ("Dữ liệu gửi lên không được mã hoá theo UTF-8.",
                     "Vui lòng mã hoá dữ liệu theo UTF-8; văn bản theo bảng mã cũ TCVN3 hoặc VNI có thể chuyển đổi "
                     "bằng chức năng vi.normalize."),
    "request_too_large": (_LIMIT, "Vui lòng gửi ít dữ liệu hơn trong mỗi yêu cầu, hoặc đề nghị người vận hành "
                                  "nâng giới hạn."),
    "too_large": (_LIMIT, "Vui lòng gửi ít dữ liệu hơn trong mỗi yêu cầu, hoặc đính kèm nội dung lớn dưới dạng tệp."),
    "upload_too_large": ("Tệp tải lên vượt quá dung lượng cho phép.",
                         "Vui lòng chia nhỏ tệp, hoặc đề nghị người vận hành nâng giới hạn NONLA_MAX_UPLOAD_BYTES."),
    "file_too_large": ("Tài liệu vượt quá dung lượng cho phép.",
                       "Vui lòng tách tài liệu thành các tệp nhỏ hơn rồi gửi lại."),
    "unsupported_media_type": ("Định dạng dữ liệu gửi lên không được hỗ trợ.",
                               "Vui lòng gửi dữ liệu đúng định dạng mà trang hoặc API yêu cầu."),
    "too_many_citations": ("Văn bản có quá nhiều dẫn chiếu pháp luật để xử lý trong một lần.",
                           "Vui lòng gửi văn bản theo từng phần (mỗi lần vài trang), hoặc dẫn chiếu các khoản "
                           "của từng điều một."),
    "legacy_encoding": ("Văn bản được gõ theo bảng mã cũ (TCVN3 hoặc VNI) nên không thể tìm dữ liệu cá nhân trong đó.",
                        "Vui lòng chuyển văn bản sang Unicode bằng chức năng vi.normalize rồi gửi lại kết quả."),
    "no_face": ("Không tìm thấy khuôn mặt nào trong ảnh.",
                "Vui lòng gửi ảnh có một khuôn mặt rõ nét, nhìn thẳng vào máy ảnh, ở khoảng cách không quá 2 mét."),
    # what was asked for
    "not_found": ("Không tìm thấy nội dung được yêu cầu.", "Vui lòng kiểm tra lại tên hoặc mã."),
    "unknown_function": ("Không có chức năng này.",
                         "Vui lòng chọn chức năng trong Danh mục chức năng (hoặc xem danh sách bằng "
                         "`nonla functions` hay GET /v1/functions)."),
    "unknown_version": ("Không có phiên bản này của chức năng.",
                        "Vui lòng chỉ dùng tên chức năng để gọi phiên bản mới nhất, hoặc chọn một phiên bản được "
                        "liệt kê bởi `nonla describe TÊN`."),
    "unknown_agency": ("Không tìm thấy cơ quan, đơn vị này.",
                       "Vui lòng dùng cơ quan 'default', hoặc tạo tệp phân loại $NONLA_HOME/agencies/<cơ quan>.json, "
                       "hoặc huấn luyện mô hình riêng của cơ quan bằng "
                       "`nonla civic train --data TỆP.csv --agency TÊN`."),
    "agency_file_invalid": ("Tệp cấu hình của cơ quan, đơn vị không dùng được.",
                            "Vui lòng sửa tệp (theo cấu trúc DEFAULT_TAXONOMY trong "
                            "nonla/functions/civic/taxonomy.py, dạng JSON) hoặc xoá tệp."),
    "unknown_tenant": ("Không tìm thấy cơ quan, đơn vị này trong hệ thống.",
                       "Vui lòng kiểm tra lại mã cơ quan, đơn vị: hệ thống chỉ biết một đơn vị sau khi đã có khoá API "
                       "được tạo cho đơn vị đó (xem bằng `nonla keys list`)."),
    "method_not_allowed": ("Địa chỉ này không nhận loại yêu cầu vừa gửi.", _MENU),
    "http_error": ("Yêu cầu không thực hiện được.", _MENU),
    # keys, roles and limits
    "unauthorized": ("Khoá API không hợp lệ hoặc chưa được cung cấp.",
                     "Vui lòng đăng nhập bằng một khoá API hợp lệ; quản trị viên tạo khoá bằng `nonla keys create`."),
    "forbidden": ("Khoá API này không có quyền thực hiện thao tác này.",
                  "Vui lòng đề nghị quản trị viên cấp khoá có vai trò hoặc phạm vi chức năng phù hợp."),
    "scope_beyond_own": ("Khoá API mới không được dùng nhiều chức năng hơn khoá đang tạo nó.",
                         "Vui lòng chỉ cấp cho khoá mới các phạm vi nằm trong phạm vi của khoá đang dùng, hoặc nhờ "
                         "quản trị viên có khoá không giới hạn phạm vi tạo khoá."),
    "csrf_rejected": ("Biểu mẫu đã hết hạn hoặc không hợp lệ.", "Vui lòng tải lại trang rồi gửi lại biểu mẫu."),
    "consent_required": ("Chưa có sự đồng ý của chủ thể dữ liệu cho mục đích xử lý này.",
                         "Vui lòng ghi nhận sự đồng ý của chủ thể dữ liệu cho mục đích này trước "
                         "(`nonla consent grant` hoặc POST /v1/consents)."),
    "quota_set_by_installation": ("Hạn mức này do quản trị viên hệ thống đặt.",
                                  "Chỉ quản trị viên hệ thống mới thay đổi hoặc gỡ bỏ được hạn mức này; "
                                  "vui lòng liên hệ họ."),
    "own_key_quota": ("Không thể tự thay đổi hạn mức của chính khoá đang dùng.",
                      "Vui lòng nhờ một quản trị viên khác của đơn vị, hoặc quản trị viên hệ thống, thay đổi hạn mức "
                      "của khoá này."),
    "rate_limited": ("Đã vượt quá số lượt yêu cầu cho phép.",
                     "Vui lòng đợi một lát rồi thử lại (thời gian chờ có trong tiêu đề Retry-After), hoặc đề nghị "
                     "quản trị viên nâng hạn mức của khoá."),
    "function_suspended": ("Chức năng này đang bị tạm dừng.",
                           "Quản trị viên đã tạm dừng chức năng sau một sự cố; vui lòng liên hệ quản trị viên "
                           "(hoặc xem `nonla incidents list`)."),
    # the state of the data
    "conflict": ("Thao tác không phù hợp với trạng thái hiện tại của dữ liệu.",
                 "Vui lòng tải lại để xem trạng thái mới nhất rồi thử lại."),
    "index_backend_changed": ("Chỉ mục từ khoá của bộ sưu tập được dựng bằng một bộ máy BM25 khác với bộ máy "
                              "máy chủ đang dùng.",
                              "Vui lòng dựng lại chỉ mục bằng `nonla collections reindex TÊN`, hoặc đặt lại "
                              "NONLA_BM25 như trước."),
    "input_changed": ("Dữ liệu đầu vào của tác vụ đã thay đổi sau khi tác vụ bắt đầu.",
                      "Vui lòng tạo tác vụ mới để đọc dữ liệu đầu vào như hiện tại."),
    "job_failed": ("Tác vụ đã dừng do gặp lỗi.",
                   "Vui lòng khắc phục nguyên nhân nêu trong phần chi tiết, rồi tiếp tục từ điểm lưu gần nhất bằng "
                   "`nonla jobs resume MÃ`."),
    "crashed": ("Máy chủ đã dừng nhiều lần liên tiếp khi đang chạy tác vụ này.",
                "Vui lòng tiếp tục tác vụ để thử lại (`nonla jobs resume MÃ`), hoặc tạo tác vụ mới bỏ các mục "
                "gây lỗi."),
    "held_for_review": ("Kết quả đang được giữ lại chờ người duyệt.",
                        "Vui lòng lấy lại kết quả bằng Client.result(review_id) sau khi người duyệt đã quyết định."),
    # models
    "model_unavailable": ("Mô hình của chức năng này chưa được cài đặt hoặc chưa sẵn sàng.",
                          "Vui lòng cài gói bổ sung chứa mô hình (xem thẻ mô tả của chức năng) hoặc dựng lại mô hình "
                          "bằng `make models`."),
    "model_licence_unverified": ("Giấy phép của mô hình dùng cho chức năng này chưa được xác minh.",
                                 "Vui lòng đọc thẻ mô tả của chức năng (phần Giới hạn). Sau khi đơn vị tự rà soát "
                                 "pháp lý, người vận hành có thể cho phép bằng biến môi trường "
                                 "NONLA_ACCEPT_UNVERIFIED_MODELS=<tên chức năng> trên máy chủ."),
    "adapter_unavailable": ("Không kết nối được với máy chủ mô hình bên ngoài.",
                            "Vui lòng kiểm tra máy chủ mô hình từ xa đang chạy và truy cập được, rồi gọi lại."),
    "imported_model_failed": ("Mô hình được nhập không xử lý được dữ liệu đầu vào này.",
                              "Chủ sở hữu mô hình có thể nhập phiên bản đã sửa; trong lúc chờ, "
                              "`nonla models rollback TÊN` sẽ phục vụ lại phiên bản trước."),
    "promotion_refused": ("Không thực hiện được thao tác với phiên bản mô hình này.",
                          "Vui lòng khắc phục các kiểm tra chưa đạt (xem `nonla models show TÊN@N`), huấn luyện "
                          "phiên bản mới rồi chuyển giai đoạn."),
    "training_cancelled": ("Quá trình huấn luyện đã bị huỷ; chưa có phiên bản nào được đăng ký.",
                           "Vui lòng bắt đầu huấn luyện lại khi cần phiên bản mới."),
    "training_queue_full": ("Hàng đợi huấn luyện đang đầy.",
                            "Vui lòng đợi một tác vụ huấn luyện hoàn thành (xem tiến độ tại GET /v1/models/train/MÃ) "
                            "rồi bắt đầu lại."),
    "training_file_too_large": ("Tệp dữ liệu huấn luyện có quá nhiều cột hoặc quá nhiều dòng.",
                                "Vui lòng chỉ giữ các cột mô hình cần và không vượt quá số dòng cho phép "
                                "(lấy mẫu phần còn lại)."),
    "unsafe_model_format": ("Định dạng tệp mô hình không an toàn nên không được nhập.",
                            "Vui lòng lưu mô hình scikit-learn bằng skops (skops.io.dump) hoặc xuất sang ONNX; tệp "
                            "pickle hoặc joblib có thể chạy mã tuỳ ý khi được nạp nên không bao giờ được nhập."),
    "untrusted_model_content": ("Tệp mô hình chứa thành phần không được tin cậy.",
                                "Vui lòng lưu một bộ ước lượng hoặc pipeline scikit-learn thông thường bằng "
                                "skops.io.dump, không kèm hàm hay lớp tự viết; hoặc xuất mô hình sang ONNX."),
    "model_too_large": ("Mô hình quá lớn để nhập.",
                        "Vui lòng xuất mô hình nhỏ hơn (ít cây, đặc trưng hoặc lớp hơn), hoặc phục vụ mô hình ở nơi "
                        "khác và kết nối bằng add-http."),
    "unbounded_model_graph": ("Kích thước tensor trong mô hình ONNX phụ thuộc vào giá trị đầu vào nên mô hình "
                              "không được nhập.",
                              "Vui lòng xuất lại mô hình sao cho kích thước mọi tensor chỉ phụ thuộc vào hình dạng "
                              "đầu vào và hằng số của mô hình, và giữ trọng số bên trong tệp .onnx."),
    "model_schema_mismatch": ("Tệp mô tả kèm theo không khớp với mô hình.",
                              "Vui lòng sửa tệp mô tả: 'input' và 'output' là tên các tensor, 'fields' là các cột "
                              "đầu vào theo đúng thứ tự, 'labels' có một mục cho mỗi cột đầu ra."),
    "model_trial_failed": ("Mô hình không chạy đúng với các ví dụ trong tệp mô tả.",
                           "Vui lòng tự chạy thử các ví dụ qua mô hình, sửa mô hình hoặc ví dụ cho đến khi mỗi ví dụ "
                           "cho ra một số hữu hạn ở mỗi cột đầu ra, rồi nhập lại."),
    # the server and its store
    "store_unavailable": ("Kho dữ liệu hiện không truy cập được.",
                          "Vui lòng thử lại sau ít phút; nếu lỗi vẫn tiếp diễn, hãy báo cho quản trị viên (nhật ký "
                          "máy chủ ghi rõ nguyên nhân)."),
    "store_incompatible": ("Kho dữ liệu được tạo bởi một phiên bản nonla khác, không tương thích.",
                           "Vui lòng nâng cấp nonla lên phiên bản đã tạo kho dữ liệu này, hoặc trỏ NONLA_HOME / "
                           "NONLA_DATABASE_URL sang kho khác."),
    "scheduler_unavailable": ("Không kết nối được với bộ lập lịch Dask.",
                              "Vui lòng kiểm tra bộ lập lịch Dask đang chạy và máy này truy cập được máy chủ, cổng "
                              "của nó (tường lửa có chặn không); hoặc bỏ cấu hình bộ lập lịch để chạy trên cụm "
                              "cục bộ."),
    "bad_response": ("Máy chủ trả về phản hồi không đọc được.",
                     "Vui lòng kiểm tra địa chỉ máy chủ nonla rồi thử lại; nếu lỗi vẫn tiếp diễn, hãy báo cho quản "
                     "trị viên."),
}  # fmt: skip

# Letters only Vietnamese (of the languages an error is written in) uses: its tone marks and đ, ă, â, ê, ô, ơ, ư.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")


class Shown(NamedTuple):
    """An error as a page shows it: the words in the page's language, and the English they replaced (if any)."""

    message: str
    hint: str
    detail: str = ""
    detail_label: str = ""


def in_vietnamese(text: str) -> bool:
    """Whether a sentence is already Vietnamese (the console writes a few errors in the visitor's language).
    Quoted input does not count: an English sentence naming a Vietnamese field value is still English.

    >>> in_vietnamese("Biểu mẫu đã hết hạn hoặc không hợp lệ."), in_vietnamese("No agency named 'Sở Y tế'.")
    (True, False)
    """
    words = re.findall(r"\w+", _QUOTED.sub(" ", text))
    marked = [w for w in words if "đ" in w.lower() or _VIETNAMESE_MARKS & set(unicodedata.normalize("NFD", w))]
    return bool(marked) and 3 * len(marked) >= len(words)


def _field(error: Any, name: str) -> str:
    """A field of an error, which a page holds either as the NonlaError itself or as its dict (``page_error``)."""
    value = error.get(name) if isinstance(error, Mapping) else getattr(error, name, None)
    return "" if value is None else str(value)


def shown(lang: str, error: Any) -> Shown:
    """The message and hint a page in ``lang`` shows for ``error``. In Vietnamese, each English sentence the code
    has words for is replaced, and the replaced English becomes the detail; an unknown code keeps its own words.

    >>> shown("vi", {"code": "no_such_code", "message": "It broke.", "hint": "Retry."})
    Shown(message='It broke.', hint='Retry.', detail='', detail_label='')
    """
    message, hint = _field(error, "message"), _field(error, "hint")
    words = VI.get(_field(error, "code")) if lang == "vi" else None
    if words is None:
        return Shown(message, hint)
    replaced: list[str] = []
    if message and not in_vietnamese(message):
        replaced.append(message)
        message = words[0]
    if hint and not in_vietnamese(hint):
        replaced.append(hint)
        hint = words[1]
    if not replaced:
        return Shown(message, hint)
    return Shown(message, hint, " ".join(replaced), DETAIL_LABEL["vi"])
