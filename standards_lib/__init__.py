"""brics-standards: mutual recognition of technical standards between China and Brazil, Russia, India and South Africa."""

from __future__ import annotations

from .designation import parse_designation
from .errors import (
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
from .records import Adoption, Designation, StandardRecord, read_jsonl, record_from_dict, write_jsonl
from .vocab import normalize_degree, normalize_status

__version__ = "0.1.0"

__all__ = [
    "Adoption",
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
    "VocabularyError",
    "normalize_degree",
    "normalize_status",
    "parse_designation",
    "read_jsonl",
    "record_from_dict",
    "write_jsonl",
]
