"""Datasette metadata for the catalogue, generated from the schema declared in ``catalog/schema.py``.

The committed ``datasette-metadata.json`` at the repository root is the output of
:func:`write_metadata` (``standards publish-metadata``); a test fails when it is stale. Secrets are
never written into it, nor served: committee members' password hashes stay in the running plugin's
memory (:mod:`.members`).
"""

from __future__ import annotations

import copy
import html
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standards_lib.errors import CatalogError

from .display_labels import TABLE_TITLES
from .members import MEMBERS_ENV
from .queries import canned_queries

log = logging.getLogger(__name__)

#: The database name Datasette gives ``catalog.db``; metadata is keyed by it.
DATABASE_NAME = "catalog"
#: The plugin's own name in the ``plugins`` block of the metadata.
PLUGIN_NAME = "brics-standards"
METADATA_FILE = "datasette-metadata.json"


@dataclass(frozen=True, slots=True)
class SourceAttribution:
    """Where some of the catalogue's data comes from, and under which licence."""

    name: str
    title: str
    licence: str
    url: str
    note: str


def _relaton_publishers() -> tuple[SourceAttribution, ...]:
    """One attribution per catalogue the ``relaton-intl`` source reads (ISO, IEC), from its PUBLISHERS table."""
    from standards_lib.scrapers.relaton_intl import NAME, PUBLISHERS

    return tuple(
        SourceAttribution(
            f"{NAME} ({p.name})",
            f"{p.name} catalogue in Relaton YAML ({p.repository})",
            f"no licence stated; {p.attribution}",
            p.url,
            f"{p.name} designations, English and French titles, ICS, stage and status, dates, editions, "
            f"amendments and replacements (source {NAME}).",
        )
        for p in PUBLISHERS
    )


SOURCE_ATTRIBUTIONS: tuple[SourceAttribution, ...] = (
    SourceAttribution(
        "iso-open-data",
        "ISO Open Data: International Classification for Standards (ICS)",
        "ODC-By 1.0 (attribution)",
        "https://www.iso.org/open-data.html",
        "ICS codes and English titles; ICS data © ISO, published under the Open Data Commons Attribution Licence.",
    ),
    SourceAttribution(
        "ccs",
        "Chinese Standard Classification (CCS, 中国标准文献分类) code list",
        "BSD-2-Clause",
        "https://github.com/relaton/relaton-gb",
        "CCS codes and Chinese names as published with relaton-gb (BSD-2-Clause).",
    ),
    SourceAttribution(
        "samr",
        "全国标准信息公共服务平台 std.samr.gov.cn",
        "public government metadata; provenance per record",
        "https://std.samr.gov.cn/",
        "Chinese national and sector standards: titles, status, ICS, CCS and adoption relations (采标关系); "
        "each record keeps its source URL.",
    ),
    SourceAttribution(
        "openstd",
        "国家标准全文公开系统 openstd.samr.gov.cn",
        "public government metadata; provenance per record",
        "https://openstd.samr.gov.cn/",
        "Lists of Chinese national standards (GB, GB/T, GB/Z) and their status.",
    ),
    SourceAttribution(
        "csres / biaozhun",
        "Standard lists from public aggregators (csres.com, biaozhun.org)",
        "no licence stated; metadata facts only, provenance per record",
        "",
        "Designations, Chinese titles, dates and status words of Chinese standards.",
    ),
    SourceAttribution(
        "relaton / rosstandart",
        "relaton-data-gost and Rosstandart (Росстандарт) records",
        "no licence stated; metadata facts only, provenance per record",
        "https://github.com/relaton/relaton-data-gost",
        "GOST and GOST R designations, Russian titles, ICS, status and adoptions.",
    ),
    *_relaton_publishers(),
    SourceAttribution(
        "mgscatalog",
        "Interstate standards (EASC/МГС) catalogue mgscatalog.by",
        "no licence stated; metadata facts only, provenance per record",
        "https://mgscatalog.by/",
        "Interstate rules and recommendations (ПМГ, РМГ) and their status.",
    ),
    SourceAttribution(
        "bis",
        "Bureau of Indian Standards (BIS) lists",
        "no licence stated; metadata facts only",
        "https://www.bis.gov.in/",
        "Indian Standards (IS) designations and titles.",
    ),
    SourceAttribution(
        "csv / xlsx / jsonl",
        "Catalogue exports imported by users (ABNT, SABS and others)",
        "as held by the importing organisation",
        "",
        "Each record names its file and row in the location column.",
    ),
    SourceAttribution(
        "sample",
        "Bundled sample catalogue (standards_lib/data/sample_catalog.jsonl)",
        "Apache-2.0 (project)",
        "",
        "A SAMPLE of about 70 well-known standards written by the project from public facts "
        "(sample = 1 in the standards table); not an official catalogue.",
    ),
)

#: Facets Datasette offers by default for each table, when the table has the column.
DEFAULT_FACETS: dict[str, tuple[str, ...]] = {
    "standards": ("country", "status", "kind"),
    "standard_ics": ("ics_code",),
    "suggestions": ("relation",),
    "reviews": ("decision", "reviewer"),
    "adoptions": ("degree", "evidence"),
    "changes": ("change",),
    "quarantine": ("source",),
}

#: The tables kept by ``publish/coverage.py`` (not part of the catalogue schema).
COVERAGE_TABLES: dict[str, dict[str, Any]] = {
    "coverage": {
        "description": "Coverage overview: per country and ICS field (two digits), how many standards, how many "
        "with a suggested and with a confirmed equivalent. Recomputed after refreshes and reviews.",
        "columns": {
            "country": "CN, BR, RU, IN, ZA or INT",
            "ics_field": "ICS field (first two digits of the ICS code)",
            "ics_title": "English title of the ICS field (ISO Open Data)",
            "standards": "standards in the field",
            "with_suggestion": "of which with at least one suggested equivalent",
            "with_confirmed": "of which with an equivalence confirmed by the committee",
            "computed_at": "when the counts were computed (UTC)",
        },
        "facets": ["country", "ics_field"],
        "sort": "country",
    },
    "coverage_sectors": {
        "description": "Coverage of the priority sectors smart manufacturing (智能制造) and new energy (新能源) "
        "per country; each sector is a documented list of ICS codes (table sectors).",
        "columns": {
            "sector": "sector key",
            "name_zh": "sector name in Chinese",
            "name_en": "sector name in English",
            "country": "CN, BR, RU, IN, ZA or INT",
            "standards": "standards in the sector",
            "with_suggestion": "of which with a suggested equivalent",
            "with_confirmed": "of which with a confirmed equivalent",
            "computed_at": "when computed (UTC)",
        },
        "facets": ["sector", "country"],
        "sort": "sector",
    },
    "coverage_state": {
        "description": "Fingerprint of the data the coverage counts were computed from.",
        "hidden": True,
    },
    "review_queue": {
        "description": "Compact copy of the suggestions for the review workspace (country and priority "
        "sectors precomputed); rebuilt with the coverage tables.",
        "hidden": True,
    },
}

#: Tables whose default facets are fixed here instead of taken from the schema: each default facet costs
#: about 35 ms per page of the standards table at 200,000 rows, searches included, so the standards table
#: has none by default; its table actions offer "by country and status" (?_facet=country&_facet=status).
#: The suggestion tables offer no facet on the model's version: an internal column, left out of their rows.
FACETS_OVERRIDE: dict[str, tuple[str, ...]] = {
    "standards": (),
    "suggestions": ("relation",),
    "adoption_suggestions": (),
}

SITE_TITLE = "BRICS standards: mutual recognition catalogue / 金砖国家标准互认目录"
#: The catalogue database's title: Datasette's database page and the breadcrumb show it instead of the file name.
CATALOG_TITLE = "标准目录 Standards catalogue"
SITE_DESCRIPTION = (
    "National standards of Brazil (ABNT NBR), Russia (GOST, GOST R), India (IS) and South Africa (SANS), "
    "the international standards they adopt, and their suggested and confirmed Chinese equivalents "
    "(GB, GB/T, GB/Z and sector standards)."
)


def _attribution_html() -> str:
    items = []
    for source in SOURCE_ATTRIBUTIONS:
        title = html.escape(source.title)
        if source.url:
            title = f'<a href="{html.escape(source.url)}">{title}</a>'
        items.append(f"<li><strong>{title}</strong> ({html.escape(source.licence)}): {html.escape(source.note)}</li>")
    return (
        f"<p>{html.escape(SITE_DESCRIPTION)}</p>"
        "<p>Sources and licences 数据来源与许可:</p><ul>" + "".join(items) + "</ul>"
    )


def _schema_tables() -> tuple[Any, ...]:
    try:
        from standards_lib.catalog.schema import TABLES
    except ImportError as exc:  # the catalogue package is missing or broken
        raise CatalogError(f"cannot read the catalogue schema (standards_lib.catalog.schema): {exc}") from exc
    return TABLES


def table_metadata(table: Any) -> dict[str, Any]:
    """The Datasette metadata block of one schema ``Table``."""
    column_names = [c.name for c in table.columns]
    block: dict[str, Any] = {"description": table.description}
    if table.name in TABLE_TITLES:
        block["title"] = TABLE_TITLES[table.name]
    block["columns"] = {c.name: c.description for c in table.columns if c.description}
    if getattr(table, "label_column", None):
        block["label_column"] = table.label_column
    facets = list(FACETS_OVERRIDE.get(table.name, getattr(table, "facets", None) or ()))
    for name in () if table.name in FACETS_OVERRIDE else DEFAULT_FACETS.get(table.name, ()):
        if name in column_names and name not in facets:
            facets.append(name)
    if facets:
        block["facets"] = facets
    if getattr(table, "sort_desc", None):
        block["sort_desc"] = table.sort_desc
    elif getattr(table, "sort", None):
        block["sort"] = table.sort
    fts_table = getattr(table, "fts_table", None)
    if getattr(table, "fts_columns", None) and fts_table is None:
        fts_table = f"{table.name}_fts"
    if getattr(table, "fts_columns", None):
        block["fts_table"] = fts_table
        block["fts_pk"] = getattr(table, "fts_pk", None) or "rowid"
    if table.name == "standards":
        block["size"] = 20  # 37 columns a row: 20 rows keep a search page light on a large catalogue
        block["description"] += (
            " Sample rows (sample = 1) come from the bundled sample catalogue, not from an official source."
            " The search box finds words in any language, Chinese words of any length included."
        )
    return block


def build_metadata(*, database: str = DATABASE_NAME) -> dict[str, Any]:
    """The Datasette metadata (0.65 format) for a catalogue served under the database name ``database``.

    Contains no secrets; committee members are added by :func:`runtime_metadata`.
    """
    tables = {t.name: table_metadata(t) for t in _schema_tables()}
    tables.update(copy.deepcopy(COVERAGE_TABLES))
    return {
        "title": SITE_TITLE,
        "description_html": _attribution_html(),
        "license": "Mixed: see each source (ISO Open Data ODC-By 1.0, CCS list BSD-2-Clause, public metadata)",
        "license_url": "https://opendatacommons.org/licenses/by/1-0/",
        "source": "brics-standards catalogue (scraped public catalogues, user imports and a bundled sample)",
        "source_url": "https://github.com/brics-standards/brics-standards",
        "allow_sql": {"id": "*"},
        "databases": {
            database: {
                "title": CATALOG_TITLE,
                "description": "The catalogue: standards, classifications, adoptions, suggested equivalents and "
                "the committee's reviews. 目录：标准、分类、采标关系、建议的对应标准及委员会审核。",
                "tables": tables,
                "queries": canned_queries(),
            }
        },
        "plugins": {
            PLUGIN_NAME: {
                "review_permission": "brics-review",
                "members_env": MEMBERS_ENV,
                "note": "Members sign in at /-/login; add them with `standards hash-password` and "
                "`standards serve --members FILE` or the BRICS_MEMBERS environment variable.",
            },
        },
    }


def metadata_json(metadata: Mapping[str, Any]) -> str:
    """The stable text form written to ``datasette-metadata.json``."""
    return json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_metadata(path: str | Path, *, database: str = DATABASE_NAME) -> Path:
    """Generate the metadata and write it to ``path``; returns the path."""
    path = Path(path)
    path.write_text(metadata_json(build_metadata(database=database)), encoding="utf-8")
    log.info("wrote Datasette metadata to %s", path)
    return path


def metadata_is_current(path: str | Path) -> bool:
    """True when the file at ``path`` equals what :func:`write_metadata` would write now."""
    path = Path(path)
    return path.exists() and path.read_text(encoding="utf-8") == metadata_json(build_metadata())


def runtime_metadata(*, database: str = DATABASE_NAME) -> dict[str, Any]:
    """The metadata ``standards serve`` runs with: the generated metadata for ``database``.

    Committee members are never part of it (their hashes live in the plugin's memory only, see
    :mod:`standards_lib.publish.members`): Datasette serves its metadata at ``/-/metadata.json``.
    """
    return copy.deepcopy(build_metadata(database=database))
