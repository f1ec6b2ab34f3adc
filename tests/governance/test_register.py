"""The risk register and the human-oversight rule for high-risk functions; impact assessments in Markdown and PDF."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nonla import review
from nonla.cli import app as cli
from nonla.core.errors import InvalidInput, NotFound
from nonla.governance import audit, incidents, register, report, review_policy
from nonla.local import runner

# A high-risk function with an input that needs no model: vision.idcard's card example
IDCARD = "vision.idcard"


def _high_risk_example() -> dict[str, object]:
    from nonla.sources import catalog

    return catalog().resolve(IDCARD).spec.card.examples[0]


def test_register_lists_every_function_with_risk_use_and_oversight(database: str) -> None:
    rows = {r["function"].split("@")[0]: r for r in register.register()}
    assert {"vi.words", "text.language", "vision.faces", IDCARD} <= set(rows)
    assert rows["vision.faces"]["risk"] == "high" and rows["vision.faces"]["oversight"].startswith("built-in")
    assert rows["vi.words"]["oversight"].startswith("none") and rows["vi.words"]["intended_use"]
    review.set_policy("text.language@1", threshold=0.5)
    assert "confidence below 0.5" in {r["function"].split("@")[0]: r for r in register.register()}["text.language"][
        "oversight"]  # fmt: skip


def test_high_risk_results_always_go_to_review_unless_excepted(database: str) -> None:
    policy = review_policy.policy_for("default", IDCARD)
    assert policy is not None and policy.always and policy.updated_by == register.BUILT_IN
    assert review_policy.policy_for("default", "vi.words") is None
    register.set_exception(IDCARD, "Chỉ dùng thử nghiệm nội bộ, không ra quyết định.", actor="local:admin")
    assert review_policy.policy_for("default", IDCARD) is None
    assert review_policy.policy_for("so-y-te", IDCARD) is not None  # another tenant keeps the rule
    rows = {r["function"].split("@")[0]: r for r in register.register()}
    assert rows[IDCARD]["exception"] and rows[IDCARD]["oversight"].startswith("exception")
    register.remove_exception(IDCARD)
    assert review_policy.policy_for("default", IDCARD) is not None
    assert {"oversight.exception", "oversight.exception.remove"} <= {r["action"] for r in audit.export()}
    with pytest.raises(InvalidInput, match="not high-risk"):
        register.set_exception("vi.words", "x")
    with pytest.raises(NotFound):
        register.remove_exception(IDCARD)


def test_a_high_risk_call_is_queued(database: str) -> None:
    called = runner().call(IDCARD, [_high_risk_example()], actor="local:test")
    assert called.ok and [q["reason"] for q in called.review] == ["always"]
    assert review.pending(IDCARD)[0]["function"].startswith(IDCARD)


def test_impact_report_in_markdown_and_pdf_renders_vietnamese(database: str, tmp_path: Path) -> None:
    runner().call("text.language", [{"text": "xin chào"}, {"text": " "}], actor="local:test")
    incidents.record("text.language", "medium", "Nhầm tiếng Việt không dấu với tiếng Anh.")
    paths = report.write("text.language", tmp_path, now=datetime.now(UTC))
    markdown = Path(paths["markdown"]).read_text(encoding="utf-8")
    assert markdown.startswith("# Impact assessment: text.language@1")
    assert "Calls: 1 (2 items)" in markdown and "Calls with errors: 1" in markdown
    assert "Nhầm tiếng Việt không dấu" in markdown and "## Measured performance" in markdown
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(paths["pdf"]).pages)
    assert "Nhầm tiếng Việt không dấu với tiếng Anh" in text


def test_usage_counts_reviewed_share(database: str) -> None:
    review.set_policy("text.language@1", always=True)
    runner().call("text.language", [{"text": "xin chào"}, {"text": "hello"}], actor="local:test")
    used = report.usage("text.language")
    assert (used["calls"], used["items"], used["items_reviewed"], used["review_share"]) == (1, 2, 2, 1.0)


def test_cli_register_and_report(tmp_path: Path) -> None:
    cli_runner = CliRunner()
    listed = cli_runner.invoke(cli, ["governance", "register", "--json"])
    assert listed.exit_code == 0 and '"vision.faces@1"' in listed.output
    made = cli_runner.invoke(cli, ["governance", "report", "vi.words", "--out", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "vi.words-impact.md").is_file() and (tmp_path / "vi.words-impact.pdf").read_bytes()[
        :4
    ] == b"%PDF"


def test_cli_exception_add_and_remove() -> None:
    cli_runner = CliRunner()
    added = cli_runner.invoke(cli, ["governance", "exception", "add", IDCARD, "--reason", "chỉ thử nghiệm"])
    assert added.exit_code == 0, added.output
    assert review_policy.policy_for("default", IDCARD) is None
    assert cli_runner.invoke(cli, ["governance", "exception", "remove", IDCARD]).exit_code == 0
