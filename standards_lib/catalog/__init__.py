"""The catalogue: ``catalog.db`` on sqlite-utils, its declared schema, search and batch refresh."""

from __future__ import annotations

from standards_lib.vocab import DECISIONS

from .schema import SCHEMA_VERSION, TABLES
from .store import Catalog, StandardView
from .upsert import UpsertResult

__all__ = ["DECISIONS", "SCHEMA_VERSION", "TABLES", "Catalog", "StandardView", "UpsertResult"]
