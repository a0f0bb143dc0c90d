"""Typed access to the catalogue's tables: ``db[name]`` may be a view, a table's write methods need a Table."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.db import Table

from ..errors import CatalogError


def table(db: sqlite_utils.Database, name: str) -> Table:
    """The table ``name`` of ``db`` (a table not created yet included); CatalogError when ``name`` is a view."""
    found = db[name]
    if not isinstance(found, Table):
        raise CatalogError(f"{name!r} is a view in the catalogue, where a table was expected (to write into it)")
    return found
