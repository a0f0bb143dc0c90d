"""Fuzzing `restore` and `reviews import` as the readers are fuzzed (tests/test_batch_fuzz.py): a mutated backup
or decisions file is restored or refused with a StandardsError (one line, the row named), never another exception;
an import keeps the rows it can read.

Seeds: a backup and decisions exports of a small catalogue of HAND-WRITTEN records made here (not real data)."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_batch_fuzz import FUZZ, MUTATIONS, _mutate

from standards_lib.catalog import Catalog
from standards_lib.catalog.backup import backup, restore
from standards_lib.catalog.review_exchange import export_decisions, import_decisions, read_import_file
from standards_lib.errors import StandardsError
from standards_lib.interchange import record_from_dict

RECORDS = [
    {"designation": "ГОСТ Р ИСО 9001-2015", "titles": {"ru": "Системы менеджмента качества"}},
    {"designation": "GB/T 19001-2016", "titles": {"zh": "质量管理体系 要求", "en": "Quality management systems"}},
    {"designation": "SANS 10142-1:2020", "title": "Wiring of premises", "title_lang": "en", "extra": {"n": 1}},
]
#: escapes a mutation may insert into JSON text: lone surrogates, non-finite numbers, a 70-bit integer
JSON_TOKENS = [b'"\\ud800"', b"1e999", b"-Infinity", b"1180591620717411303424", b'{"$base64": "!!"}', b"[]"]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("seeds")
    db = folder / "catalog.db"
    with Catalog(db) as catalog:
        catalog.upsert_records([record_from_dict(r) for r in RECORDS], source="handwritten")
        for n, note in enumerate(["=1+2", "plain", None]):
            catalog.record_review(
                RECORDS[0]["designation"],
                RECORDS[1]["designation"],
                "confirmed",
                "m",
                note=note,
                at=f"2024-05-0{n + 1}",
            )
        conn = catalog.db.conn
        exports = {}
        for fmt in ("csv", "jsonl"):
            text = io.StringIO()
            export_decisions(conn, text, fmt)
            exports[fmt] = text.getvalue().encode("utf-8")
    backup(db, folder / "backup.jsonl")
    return {"backup": (folder / "backup.jsonl").read_bytes(), **exports}


def _with_tokens(data: bytes, token_ops: list[tuple[int, int]]) -> bytes:
    for position, token in token_ops:
        at = position % (len(data) + 1)
        data = data[:at] + JSON_TOKENS[token % len(JSON_TOKENS)] + data[at:]
    return data


TOKENS = st.lists(st.tuples(st.integers(0, 2**16), st.integers(0, 10)), max_size=3)


@FUZZ
@given(ops=MUTATIONS, tokens=TOKENS)
def test_restore_of_a_mutated_backup_restores_or_refuses_with_a_standards_error(
    seeds: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory, ops, tokens
) -> None:
    folder = tmp_path_factory.mktemp("restore")
    source = folder / "backup.jsonl"
    source.write_bytes(_with_tokens(_mutate(seeds["backup"], ops), tokens))
    try:
        summary = restore(source, folder / "restored.db")
    except StandardsError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 2000
        assert not (folder / "restored.db").exists()
        return
    with Catalog(folder / "restored.db", create=False) as catalog:
        assert catalog.db["standards"].count == summary.tables.get("standards", 0)


@FUZZ
@given(fmt=st.sampled_from(["csv", "jsonl"]), ops=MUTATIONS, tokens=TOKENS)
def test_reviews_import_of_a_mutated_file_rejects_rows_never_raises_another_error(
    seeds: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory, fmt: str, ops, tokens
) -> None:
    folder = tmp_path_factory.mktemp("import")
    path = folder / f"decisions.{fmt}"
    path.write_bytes(_with_tokens(_mutate(seeds[fmt], ops), tokens))
    with Catalog(folder / "catalog.db") as catalog:
        catalog.upsert_records([record_from_dict(r) for r in RECORDS], source="handwritten")
        try:
            with catalog.transaction():
                result = import_decisions(catalog.db.conn, io.StringIO(read_import_file(path)), fmt)
        except StandardsError as exc:
            assert "\n" not in str(exc)
            return
        stored = catalog.db["reviews"].count + catalog.db["adoption_reviews"].count
    assert result.added == stored
    for location, reason in result.rejected:
        assert location.startswith("line ") and reason
        json.dumps(reason)  # a reason is printable text
