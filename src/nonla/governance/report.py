"""Impact assessments: one function's card, measured metrics, risks, mitigations and usage, as Markdown and PDF.

Usage comes from the audit log (the last 30 days by default): calls, items, calls that failed, and the share of items
sent to the review queue. The PDF embeds DejaVu Sans (Debian's fonts-dejavu-core), so Vietnamese renders as written.

>>> blocks_to_markdown([("h1", "Đánh giá"), ("p", "Văn bản"), ("li", "một")])
'# Đánh giá\\n\\nVăn bản\\n\\n- một\\n'
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nonla.core.context import tenant_scope
from nonla.core.errors import ModelUnavailable
from nonla.governance.incidents import incidents, suspended
from nonla.governance.register import register
from nonla.store.db import session
from nonla.store.schema import AuditRecord

FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/freefont/FreeSans.ttf"))  # fmt: skip
Block = tuple[str, str]  # (h1 | h2 | p | li, text)


def usage(function: str, days: int = 30, now: datetime | None = None, tenant: str = "default") -> dict[str, Any]:
    """Calls of ``function`` (every version) made for ``tenant`` in the last ``days`` days, read from the audit log
    (calls recorded before calls named their tenant count as the default tenant's)."""
    since = ((now or datetime.now(UTC)) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    calls = items = failed = queued = 0
    with session() as s:
        rows = s.execute(select(AuditRecord.action, AuditRecord.status, AuditRecord.items, AuditRecord.detail,
                                AuditRecord.tenant)
                         .where(AuditRecord.target.like(f"{function}@%"), AuditRecord.at >= since,
                                AuditRecord.action.in_(("function.call", "review.queue"))))  # fmt: skip
        for action, status, count, detail, called_for in rows:
            owner = (called_for if action == "function.call" else (detail or {}).get("tenant")) or "default"
            if owner != tenant:
                continue
            if action == "function.call":
                calls, items, failed = calls + 1, items + (count or 0), failed + (status != "ok")
            else:
                queued += len((detail or {}).get("ids", []))
    return {"days": days, "calls": calls, "items": items, "calls_with_errors": failed, "items_reviewed": queued,
            "review_share": round(queued / items, 4) if items else 0.0}  # fmt: skip


def assessment(name: str, tenant: str = "default", now: datetime | None = None) -> list[Block]:
    """The assessment as blocks, written once and rendered to Markdown and to PDF."""
    from nonla.sources import catalog

    with tenant_scope(tenant):
        entry = catalog().resolve(name)
    card = entry.spec.card
    row = next((r for r in register(tenant) if r["function"].split("@")[0] == entry.name), None)
    used = usage(entry.name, now=now, tenant=tenant)
    held = suspended()
    found = [i for i in incidents(tenant, now=now) if i["target"].split("@")[0] == entry.name]
    blocks: list[Block] = [("h1", f"Impact assessment: {entry.ref}"), ("p", card.summary),
                           ("p", f"Generated {(now or datetime.now(UTC)):%Y-%m-%d %H:%M} UTC for tenant '{tenant}'.")]  # fmt: skip
    blocks += [("h2", "Purpose and risk class"), ("li", f"Risk class: {card.risk}"),
               ("li", f"Intended use: {card.intended_use or 'not stated'}"), ("li", f"Languages: {', '.join(card.languages)}"),
               ("li", f"Licence: {card.licence or 'not stated'}")]  # fmt: skip
    blocks += [("li", f"Model: {m.name} {m.version} (sha256 {m.sha256[:16]}…)") for m in card.models]
    blocks.append(("h2", "Measured performance"))
    blocks += [("li", f"{metric}: {value}") for metric, value in card.metrics.items()] or [
        ("p", "No metrics measured.")
    ]
    blocks += [("li", f"Peer — {metric}: {value}") for metric, value in card.peers.items()]
    if card.evaluation:
        blocks.append(("p", f"Reproduce with: {card.evaluation} (data: {card.evaluation_data or 'see the card'})"))
    blocks += [("h2", "Risks and limitations"), ("p", card.limitations or "None recorded.")]
    blocks += [("li", f"Incident {i['id']} ({i['kind']}, {i['severity']}, {i['status']}): {i['description']}")
               for i in found]  # fmt: skip
    suspension = held.get(entry.name) or held.get(entry.ref)
    blocks += [("h2", "Mitigations"), ("li", f"Human oversight: {row['oversight'] if row else 'none'}"),
               ("li", "Every call is validated and recorded in the tamper-evident audit log (digests, not content)."),
               ("li", "Stored personal data carries a data-subject id: it can be exported and erased on request."),
               ("li", f"Suspended: {suspension}" if suspension else "Not suspended; an admin can suspend it at once.")]  # fmt: skip
    blocks += [("h2", f"Usage in the last {used['days']} days"), ("li", f"Calls: {used['calls']:,} ({used['items']:,} items)"),
               ("li", f"Calls with errors: {used['calls_with_errors']:,}"),
               ("li", f"Items sent to review: {used['items_reviewed']:,} ({used['review_share']:.1%} of items)")]  # fmt: skip
    return blocks


def blocks_to_markdown(blocks: list[Block]) -> str:
    prefix = {"h1": "# ", "h2": "## ", "p": "", "li": "- "}
    lines: list[str] = []
    for kind, text in blocks:
        if kind != "li" or (lines and not lines[-1].startswith("- ")):
            lines.append("")
        lines.append(prefix[kind] + text)
    return "\n".join(lines).strip("\n").replace("\n\n\n", "\n\n") + "\n"


def _font() -> Path:
    for path in FONTS:
        if path.is_file():
            return path
    raise ModelUnavailable("No font with Vietnamese letters was found for the PDF.",
                           hint="Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core).")  # fmt: skip


def blocks_to_pdf(blocks: list[Block]) -> bytes:
    try:
        from fpdf import FPDF
    except ImportError:
        raise ModelUnavailable("PDF reports need the fpdf2 library.",
                               hint="Install the governance extra: pip install 'nonla[governance]'.") from None  # fmt: skip
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))  # same content, same bytes
    pdf.add_font("body", "", str(_font()))
    pdf.add_page()
    sizes = {"h1": 16, "h2": 13, "p": 10, "li": 10}
    for kind, text in blocks:
        pdf.set_font("body", size=sizes[kind])
        if kind in ("h1", "h2"):
            pdf.ln(3)
        pdf.multi_cell(0, sizes[kind] * 0.55, ("•  " if kind == "li" else "") + text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def write(name: str, out: Path | str, tenant: str = "default", now: datetime | None = None) -> dict[str, str]:
    """Write NAME-impact.md and NAME-impact.pdf into ``out``; returns their paths."""
    from nonla.sources import catalog

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    blocks = assessment(name, tenant, now)
    with tenant_scope(tenant):
        stem = catalog().resolve(name).name + "-impact"
    markdown, pdf = folder / f"{stem}.md", folder / f"{stem}.pdf"
    markdown.write_text(blocks_to_markdown(blocks), encoding="utf-8")
    pdf.write_bytes(blocks_to_pdf(blocks))
    return {"markdown": str(markdown), "pdf": str(pdf)}
