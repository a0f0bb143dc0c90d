"""The catalogue: ``catalog.db`` on sqlite-utils, its declared schema, search and batch refresh."""

from __future__ import annotations

from .schema import SCHEMA_VERSION, TABLES
from standards_lib.vocab import DECISIONS

from .store import Catalog, StandardView, UpsertResult

__all__ = ["Catalog", "DECISIONS", "SCHEMA_VERSION", "StandardView", "TABLES", "UpsertResult"]
