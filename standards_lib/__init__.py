"""brics-standards: mutual recognition of technical standards between China and Brazil, Russia, India and South Africa."""

from __future__ import annotations

from .designation import parse_designation
from .errors import (
    CatalogBusy,
    CatalogError,
    DesignationError,
    FetchError,
    LayoutError,
    LockError,
    MatchError,
    RecordError,
    SourceError,
    StandardsError,
    VocabularyError,
)
from .interchange import read_jsonl, record_from_dict, write_jsonl
from .records import Adoption, Designation, StandardRecord
from .vocab import normalize_degree, normalize_status

__version__ = "0.1.0"

#: Names loaded on first use (the catalogue and the matcher pull in sqlite-utils and rapidfuzz).
_LAZY = {
    "Catalog": "standards_lib.catalog",
    "suggest_equivalents": "standards_lib.matching",
    "match_catalog": "standards_lib.catalog_matching",
    "Suggestion": "standards_lib.matching",
    "infer_adoptions": "standards_lib.matching",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'standards_lib' has no attribute {name!r}")


__all__ = [
    "Adoption",
    "Catalog",
    "CatalogBusy",
    "CatalogError",
    "Designation",
    "DesignationError",
    "FetchError",
    "LayoutError",
    "LockError",
    "MatchError",
    "RecordError",
    "SourceError",
    "StandardRecord",
    "StandardsError",
    "Suggestion",
    "VocabularyError",
    "infer_adoptions",
    "match_catalog",
    "normalize_degree",
    "normalize_status",
    "parse_designation",
    "read_jsonl",
    "record_from_dict",
    "suggest_equivalents",
    "write_jsonl",
]
