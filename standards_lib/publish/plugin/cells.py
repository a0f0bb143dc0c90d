"""How a cell of Datasette's table and query pages reads (the ``render_cell`` hook).

- ``evidence`` of both suggestion tables and of canned queries: the evidence as sentences (中文 first);
- status and country columns of the standards table, the coverage tables and canned queries: 现行 current,
  未知 unknown for a standard whose source gives no status, 中国 China; a relation as strongly as its score
  allows (相同 identical, 待核实候选 candidate to check); the sample flag as 样例 sample;
- catalogue ids link to the standard's page; in the suggestion and review tables each id is followed by the
  standard's title, read from the catalogue (a person reads "GB/T 1243-2024 滚子链…", not an id alone).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..display_labels import COUNTRY_COLUMNS, STATUS_COLUMNS, country_label, status_label
from ..evidence import read_evidence
from ..evidence_labels import relation_label
from .common import standard_path

#: Columns whose values are catalogue ids and link to the standard page.
LINK_COLUMNS = frozenset({"designation", "foreign_id", "chinese_id", "standard_id", "other_id", "international_id"})
CATALOG_TABLES = frozenset(
    {
        "standards",
        "suggestions",
        "reviews",
        "adoptions",
        "changes",
        "standard_ics",
        "standard_ccs",
        "review_flags",
        "adoption_suggestions",
        "adoption_reviews",
    }
)
#: Tables (and canned queries, ``None``) whose ``evidence`` column is read out as sentences.
EVIDENCE_TABLES = frozenset({"suggestions", "adoption_suggestions", None})
#: Tables (and canned queries) whose status and country codes are shown as words.
LABELLED_TABLES = frozenset({"standards", "coverage", "coverage_sectors", "work_links", None})
#: Tables whose standard ids are followed by the standard's title.
TITLED_TABLES = frozenset({"suggestions", "adoption_suggestions", "reviews", "adoption_reviews", "review_flags"})
#: Tables (and canned queries) whose relation is named as strongly as the pair's score allows.
RELATION_TABLES = frozenset({"suggestions", "review_queue", None})
TITLE_SQL = "select coalesce(title_zh, title_en, title_ru, title_pt) from standards where id = ?"


def _score(row: Any) -> float | None:
    try:
        score = row["score"]
    except (KeyError, IndexError, TypeError):
        return None
    return float(score) if isinstance(score, (int, float)) else None


def _standard_link(datasette: Any, target: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(standard_path(datasette, target), text)


def render_catalog_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """The cell's markup, an awaitable of it, or None for Datasette's own rendering."""
    if column == "evidence" and isinstance(value, str) and value.startswith("{") and table in EVIDENCE_TABLES:
        reading = read_evidence(value)  # the JSON stays in the row's JSON and CSV
        return Markup("<br>").join(reading.sentences) if reading.sentences else Markup("—")
    if table in LABELLED_TABLES and column in STATUS_COLUMNS and not isinstance(value, (int, float)):
        return Markup('<span class="brics-status brics-status-{}">{}</span>').format(
            value or "unknown", status_label(value)
        )
    if table in LABELLED_TABLES and column in COUNTRY_COLUMNS and isinstance(value, str) and value:
        return country_label(value)
    if column == "relation" and table in RELATION_TABLES and isinstance(value, str):
        return relation_label(value, _score(row))
    if column == "sample" and table in LABELLED_TABLES and value in (0, 1):
        return "样例 sample" if value else ""
    if isinstance(value, dict) and table in TITLED_TABLES:  # a foreign key Datasette expanded: {value, label}
        value = value.get("value")
    if not isinstance(value, str) or not value or column not in LINK_COLUMNS:
        return None
    if table is not None and table not in CATALOG_TABLES:
        return None
    target = value
    if table == "standards" and column == "designation":
        try:
            target = row["id"] or value  # the as-written designation: link to the canonical id of the row
        except (KeyError, IndexError, TypeError):
            pass
    link = _standard_link(datasette, target, value)
    if table not in TITLED_TABLES:
        return link

    async def with_title() -> Markup:
        result = await datasette.get_database(database).execute(TITLE_SQL, [value])
        title = result.rows[0][0] if result.rows else None
        return link + Markup('<br><span class="brics-cell-title">{}</span>').format(title) if title else link

    return with_title


__all__ = ["CATALOG_TABLES", "LINK_COLUMNS", "render_catalog_cell"]
