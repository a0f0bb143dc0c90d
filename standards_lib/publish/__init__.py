"""Publishing the catalogue with Datasette: generated metadata, canned queries, the plugin (standard
pages, reviews, Chinese-aware search), the bundled sample catalogue and the server.

Public API::

    build_metadata(*, database="catalog") -> dict          # datasette-metadata.json content
    write_metadata(path) -> Path; metadata_is_current(path) -> bool
    load_members(file=None) -> dict[name, password hash]   # committee members (file and BRICS_MEMBERS)
    hash_password(password) -> str; verify_password(password, hashed) -> bool
    sample_records() -> list[StandardRecord]
    build_sample_catalog(db_path, *, match=True, replace=False) -> SampleBuild
    sample_differences(db_path) -> list[str]                # empty when the catalogue matches the sample
    make_datasette(db_path, *, members=None, immutable=False, private=False, inspect_file=None, secret=None)
    serve(ServeOptions(...))
    prepare_for_publishing(db_path)                         # before copying to read-only replicas
"""

from __future__ import annotations

from .members import hash_password, load_members, verify_password
from .metadata import (
    DATABASE_NAME,
    METADATA_FILE,
    build_metadata,
    metadata_is_current,
    runtime_metadata,
    write_metadata,
)
from .prepare import prepare_for_publishing, publishing_problems
from .sample import SampleBuild, build_sample_catalog, sample_differences, sample_records
from .server import ServeOptions, make_datasette, serve

__all__ = [
    "DATABASE_NAME",
    "METADATA_FILE",
    "SampleBuild",
    "ServeOptions",
    "build_metadata",
    "build_sample_catalog",
    "hash_password",
    "load_members",
    "make_datasette",
    "metadata_is_current",
    "prepare_for_publishing",
    "publishing_problems",
    "runtime_metadata",
    "sample_differences",
    "sample_records",
    "serve",
    "verify_password",
    "write_metadata",
]
