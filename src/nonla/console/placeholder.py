"""The console's first page: the catalogue with measured figures, in Vietnamese first. No external assets."""

from __future__ import annotations

from html import escape

from nonla.core.catalog import Catalog


def page(catalog: Catalog) -> str:
    rows = []
    for entry in catalog.entries(latest_only=True):
        card = entry.card
        figures = "<br>".join(f"{escape(k)}: <b>{v:g}</b>" for k, v in card.metrics.items())
        rows.append(f"<tr><td><code>{escape(entry.ref)}</code></td><td>{escape(card.summary)}</td>"
                    f"<td>{figures}</td><td>{escape(card.risk.value)}</td></tr>")  # fmt: skip
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>nonla — bảng điều khiển</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}}th{{background:#f3f3f3}}</style></head>
<body><h1>nonla</h1>
<p>Nền tảng AI ngoại tuyến cho tiếng Việt. <span lang="en">(Offline-first AI functions for Vietnamese.)</span></p>
<p>API: <a href="/docs">/docs</a> · gọi hàm bằng khoá API: <code>Authorization: Bearer &lt;key&gt;</code></p>
<table><thead><tr><th>Chức năng / Function</th><th>Mô tả</th><th>Chất lượng đo được / Measured</th><th>Rủi ro / Risk</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></body></html>"""
