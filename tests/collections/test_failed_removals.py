"""A replacement, delete or data-subject erase that fails before its commit leaves the stored document as it was:
its rows come back with the rollback, and so must its entries in the indexes outside the database (tantivy's
directory and the usearch file), or it would be stored but found by neither words nor meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from nonla.collections import service
from nonla.collections.search import search
from nonla.collections.vectors import embed, vector_status
from nonla.governance import subjects

KEEP = {"id": "keep", "subject_id": "cccd-002",
        "text": "Điều 1. Giấy phép xây dựng nhà ở riêng lẻ do Ủy ban nhân dân cấp xã cấp.\n"
                "Điều 2. Hồ sơ đề nghị cấp giấy phép gồm đơn và bản vẽ thiết kế."}  # fmt: skip
OTHERS = [{"id": f"nuoc-{i}", "text": f"Điều {i}. Hộ gia đình số {i} nộp tiền nước sinh hoạt."} for i in range(2, 6)]


def disk_full(*_: object, **__: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.fixture
def stored(nonla_home: Path) -> dict[str, int]:
    service.create("docs")
    service.add("docs", [KEEP, *OTHERS])
    embed("docs")
    status = vector_status("docs")
    assert status["vectors"] == status["parts"] > 0
    return status


def found_both_ways() -> bool:
    """The document is found by its words (BM25) and by its meaning (dense vectors) alone."""
    by_words = search("docs", "giấy phép xây dựng", k=3, mode="bm25")[0]
    by_meaning = search("docs", "xin phép xây nhà", k=3, mode="dense")[0]
    return bool(by_words) and by_words[0].document == "keep" and any(h.document == "keep" for h in by_meaning)


@pytest.mark.parametrize("how", ["replace", "delete", "erase subject"])
def test_a_removal_failing_before_its_commit_keeps_the_document_findable(
    how: str, stored: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert found_both_ways()
    if how == "replace":
        monkeypatch.setattr(service, "_insert", disk_full)
        with pytest.raises(OSError):
            service.add("docs", [{"id": "keep", "text": "Văn bản khác hẳn."}])
    elif how == "delete":
        monkeypatch.setattr(service, "append", disk_full)  # the audit row, written last in the transaction
        with pytest.raises(OSError):
            service.delete_document("docs", "keep")
    else:
        audit = subjects._audit

        def fail_on_documents(s: object, actor: str, subject: str, tenant: str, store: str, counts: object) -> None:
            if store == "collections":
                disk_full()
            audit(s, actor, subject, tenant, store, counts)  # type: ignore[arg-type]

        monkeypatch.setattr(subjects, "_audit", fail_on_documents)
        with pytest.raises(OSError):
            subjects.erase("cccd-002")
    assert vector_status("docs") == stored, "the old document's vectors were lost"
    assert found_both_ways()
