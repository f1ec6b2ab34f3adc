"""What the `nonla` command reads from its caller: JSONL files as any JSON writer makes them, --tenant values,
--field values, --limit bounds and paths, each checked before anything is stored; and a store it cannot open is
one plain error, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.test_cli import nonla
from tests.test_cli_bad_input import refused

# the characters str.splitlines() ends a line at, which JSON writers leave unescaped inside strings
LINE_BREAKS_IN_STRINGS = "\u2028\u2029\x85\x1c\x1d\x1e"
LAW = "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về cư trú của công dân Việt Nam."


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    """``rows`` as Notepad's "UTF-8 with BOM" writes them: a byte-order mark, Windows line ends, raw U+2028."""
    body = "".join(json.dumps(row, ensure_ascii=False) + "\r\n" for row in rows)
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    return path


def test_every_jsonl_reader_takes_bom_windows_line_ends_and_line_separators(
    database: str, nonla_home: Path, tmp_path: Path
) -> None:
    texts = [f"Dòng một{LINE_BREAKS_IN_STRINGS}dòng hai", "Hà Nội"]
    inputs = _jsonl(tmp_path / "in.jsonl", [{"id": f"m{n}", "text": t} for n, t in enumerate(texts)])
    ran = nonla("run", "vi.words", "--input", str(inputs), home=nonla_home)
    assert ran.returncode == 0, ran.stderr
    last_words = [json.loads(line)["output"]["words"][-1] for line in ran.stdout.split("\n") if line]
    assert last_words == ["hai", "Hà Nội"]
    assert nonla("collections", "create", "laws", home=nonla_home).returncode == 0
    docs = _jsonl(tmp_path / "docs.jsonl", [{"id": "luat-cu-tru", "text": LAW + LINE_BREAKS_IN_STRINGS}])
    added = nonla("collections", "add", "laws", "--input", str(docs), home=nonla_home)
    assert added.returncode == 0 and json.loads(added.stdout)["added"] == 1, added.stderr
    kb = _jsonl(tmp_path / "kb.jsonl", [{"id": "kb1", "question": f"Luật cư trú{LINE_BREAKS_IN_STRINGS} quy định gì?",
                                         "answer": "Cư trú của công dân.", "sources": ["luat-cu-tru"]}])  # fmt: skip
    imported = nonla("legal", "kb", "import", str(kb), "--collection", "laws", home=nonla_home)
    assert imported.returncode == 0 and json.loads(imported.stdout)["added"] == 1, imported.stderr
    submitted = nonla("inbox", "submit", str(inputs), home=nonla_home)
    assert submitted.returncode == 0 and "2 messages stored" in submitted.stderr, submitted.stderr
    baseline = nonla("monitor", "baseline", "vi.words", "--from", str(inputs), home=nonla_home)
    assert baseline.returncode == 0 and "2 inputs" in baseline.stdout + baseline.stderr, baseline.stderr


def test_a_line_that_is_not_json_is_named_by_its_number(nonla_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "một\u2028hai"}\n\n{"text": oops}\n', encoding="utf-8")
    assert "Line 3 of" in refused(nonla("run", "vi.words", "--input", str(source), home=nonla_home), 2)


@pytest.mark.parametrize("store", ["home is a file", "not a database", "unknown URL"])
def test_functions_on_a_store_it_cannot_open_is_one_plain_error(
    store: str, nonla_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if store == "home is a file":
        nonla_home.write_text("a file where the folder should be", encoding="utf-8")
    elif store == "not a database":
        nonla_home.mkdir(parents=True)
        (nonla_home / "nonla.db").write_bytes(b"not a database at all " * 200)
    else:
        monkeypatch.setenv("NONLA_DATABASE_URL", "bogus://x")
    assert "store_unavailable" in refused(nonla("functions", home=nonla_home), 6)


def test_a_tenant_that_is_not_a_tenant_id_is_refused_and_nothing_is_stored(database: str, nonla_home: Path) -> None:
    bad = "So Y Te"
    for args in (["consent", "grant", "p9", "--purpose", "access", "--granted-by", "p9"],
                 ["governance", "retention", "set", "inbox", "30"],
                 ["review", "policy", "set", "vi.words", "--always"]):  # fmt: skip
        assert "not a tenant id" in refused(nonla(*args, "--tenant", bad, home=nonla_home), 2), args
    from nonla.governance import consent, retention, review_policy

    assert consent.consents(bad) == [] and retention.policies(bad) == [] and review_policy.policies(bad) == []
    assert not [row for row in _audit() if bad in json.dumps(row, ensure_ascii=False)]
    granted = nonla("consent", "grant", "p9", "--purpose", "access", "--granted-by", "p9", "--tenant", "so-y-te",
                    home=nonla_home)  # fmt: skip
    assert granted.returncode == 0 and json.loads(granted.stdout)["tenant"] == "so-y-te", granted.stderr


def _audit() -> list[dict[str, object]]:
    from nonla.governance.audit import export

    return list(export())


def test_the_services_refuse_a_tenant_that_is_not_a_tenant_id(database: str) -> None:
    from nonla.core.errors import InvalidInput
    from nonla.governance import consent, retention, review_policy

    with pytest.raises(InvalidInput, match="not a tenant id"):
        consent.grant("p9", "access", "p9", tenant="Sở Y tế")
    with pytest.raises(InvalidInput, match="not a tenant id"):
        retention.set_policy("inbox", 30, tenant="so_y_te")
    with pytest.raises(InvalidInput, match="not a tenant id"):
        review_policy.set_policy("vi.words", always=True, tenant="")


@pytest.mark.parametrize("limit", ["-1", "0", "501", "99999999999999999999"])
def test_jobs_list_limit_is_bounded_as_over_rest(limit: str, nonla_home: Path) -> None:
    out = nonla("jobs", "list", "--limit", limit, home=nonla_home)
    assert out.returncode == 2 and "--limit" in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_a_field_the_function_takes_as_text_keeps_the_text_given(nonla_home: Path) -> None:
    for value in ("2015", "true", "null"):
        out = nonla("run", "vi.words", "--field", f"text={value}", home=nonla_home)
        assert out.returncode == 0 and json.loads(out.stdout)["words"] == [value], out.stderr
    quoted = nonla("run", "vi.words", "--field", 'text="Hà Nội"', home=nonla_home)
    assert json.loads(quoted.stdout)["words"] == ["Hà Nội"], quoted.stderr


def test_ingest_create_with_a_missing_path_creates_no_collection(database: str, nonla_home: Path,
                                                                  tmp_path: Path) -> None:  # fmt: skip
    out = nonla("collections", "ingest", "typo-name", str(tmp_path / "no-such-path"), "--create", home=nonla_home)
    assert "no-such-path" in refused(out, 3)
    assert "typo-name" not in nonla("collections", "list", home=nonla_home).stdout
