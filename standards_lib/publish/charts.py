"""Small inline SVG charts for the site's pages (no script, no external library)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from markupsafe import Markup

from .pages import COUNTRY_LABELS

COUNTRY_ORDER = ("CN", "BR", "RU", "IN", "ZA", "INT")


def sector_coverage_chart(rows: Iterable[Mapping[str, Any]], *, width: int = 720) -> Markup:
    """Per priority sector and country: standards (light bar), with a suggested equivalent (middle) and a
    confirmed one (dark), each bar labelled with its counts. ``rows`` are ``coverage_sectors`` rows; the national
    countries only (ISO/IEC editions are the hub, counted on the coverage pages)."""
    sectors: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["country"] == "INT":  # thousands of ISO/IEC editions would dwarf the national bars
            continue
        entry = sectors.setdefault(row["sector"], {"name": f"{row['name_zh']} {row['name_en']}", "countries": {}})
        entry["countries"][row["country"]] = row
    if not sectors:
        return Markup("")
    label_w, bar_w, row_h, head_h = 150, width - 150 - 170, 20, 26
    height = sum(head_h + row_h * len(s["countries"]) + 8 for s in sectors.values()) + 24
    parts = [
        f'<svg class="brics-coverage-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Coverage of the priority sectors per country">'
    ]
    y = 0
    for entry in sectors.values():
        countries = sorted(
            entry["countries"].values(),
            key=lambda r: COUNTRY_ORDER.index(r["country"]) if r["country"] in COUNTRY_ORDER else 99,
        )
        biggest = max((r["standards"] or 0) for r in countries) or 1
        parts.append(f'<text x="0" y="{y + 18}" class="brics-chart-head">{escape(entry["name"])}</text>')
        y += head_h
        for r in countries:
            total, suggested, confirmed = r["standards"] or 0, r["with_suggestion"] or 0, r["with_confirmed"] or 0
            scale = bar_w / biggest
            name = COUNTRY_LABELS.get(r["country"], r["country"])
            parts.append(
                f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" class="brics-chart-label">'
                f"{escape(name)}</text>"
            )
            for value, css in (
                (total, "brics-chart-all"),
                (suggested, "brics-chart-suggested"),
                (confirmed, "brics-chart-confirmed"),
            ):
                if value:
                    parts.append(
                        f'<rect x="{label_w}" y="{y + 3}" width="{max(1.0, value * scale):.1f}" '
                        f'height="{row_h - 6}" class="{css}"><title>{escape(name)}: {value:,}</title></rect>'
                    )
            share = f"{100 * confirmed / total:.0f}%" if total else "–"
            parts.append(
                f'<text x="{label_w + bar_w + 6}" y="{y + 14}" class="brics-chart-value">'
                f"{total:,} · {suggested:,} · {confirmed:,} ({share})</text>"
            )
            y += row_h
        y += 8
    legend = [
        ("brics-chart-all", "standards 标准"),
        ("brics-chart-suggested", "with a suggestion 有建议"),
        ("brics-chart-confirmed", "confirmed 已确认"),
    ]
    x = label_w
    for css, text in legend:
        parts.append(
            f'<rect x="{x}" y="{y + 6}" width="12" height="12" class="{css}"/>'
            f'<text x="{x + 16}" y="{y + 16}" class="brics-chart-label">{escape(text)}</text>'
        )
        x += 170
    parts.append("</svg>")
    return Markup("".join(parts))
