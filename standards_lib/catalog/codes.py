"""Reference data loaded into every catalogue: ICS and CCS code lists, vocabularies, sectors, sources."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import Any

from standards_lib.sectors import sector_rows
from standards_lib.vocab import vocabulary_rows

#: Sources that are not scraper modules, with their attribution. The scraper sources describe themselves
#: (``standards_lib.scrapers.source_descriptions``) and are registered by the pipeline that runs them.
OTHER_SOURCES = (
    {
        "name": "iso-ics",
        "title": "ISO International Classification for Standards (ICS)",
        "description": "ICS codes and titles, from ISO Open Data (ics.yaml).",
        "licence": "ODC-By 1.0 (Open Data Commons Attribution); © ISO",
        "url": "https://www.iso.org/open-data.html",
    },
    {
        "name": "ccs",
        "title": "Chinese Standard Classification (CCS, 中国标准文献分类法)",
        "description": "CCS codes and Chinese names, from the cnccs code lists.",
        "licence": "BSD-2-Clause (Ribose); classification by SAC/CNIS",
        "url": "https://github.com/metanorma/cnccs",
    },
    {
        "name": "sample",
        "title": "Bundled sample catalogue (curated for brics-standards)",
        "description": "A small curated set of well-known standards written for the project from public facts. "
        "A SAMPLE, not an official source.",
        "licence": "Apache-2.0 (project)",
        "url": None,
    },
    {
        "name": "synthetic",
        "title": "Synthetic benchmark records",
        "description": "Generated for benchmarks only.",
        "licence": "Apache-2.0 (project)",
        "url": None,
    },
)


def _csv(name: str) -> list[dict[str, str]]:
    text = resources.files("standards_lib").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def ics_rows() -> list[dict[str, Any]]:
    return [
        {
            "code": r["code"],
            "level": int(r["level"]),
            "title_en": r["title_en"],
            "title_fr": r["title_fr"],
            "field": r["code"][:2],
        }
        for r in _csv("ics.csv")
    ]


@lru_cache(maxsize=1)
def ccs_rows() -> list[dict[str, Any]]:
    return [
        {"code": r["code"], "level": int(r["level"]), "title_zh": r["title_zh"], "parent": r["parent"] or None}
        for r in _csv("ccs.csv")
    ]


def reference_rows() -> dict[str, list[dict[str, Any]]]:
    """Table name -> rows of the reference tables."""
    return {
        "ics": ics_rows(),
        "ccs": ccs_rows(),
        "vocabulary": vocabulary_rows(),
        "sectors": sector_rows(),
        "sources": [dict(r) for r in OTHER_SOURCES],
    }
