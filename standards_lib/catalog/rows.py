"""Records to catalogue rows and back, merging of several sources' records, and field diffs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

#: Source precedence when several sources list one standard: earlier sources win a field.
from standards_lib.interchange import merge_adoptions
from standards_lib.records import Adoption, StandardRecord

#: Source precedence when several sources list one standard: earlier sources win a field.
SOURCE_PRECEDENCE = (
    "samr",
    "openstd",
    "relaton",
    "rosstandart",
    "mgscatalog",
    "bis",
    "csv",
    "xlsx",
    "csres",
    "biaozhun",
    "iso",
    "relaton-intl",
    "jsonl",
    "sample",
)

#: Fields of the standards row compared for the change log (the row's bookkeeping is left out).
TRACKED_FIELDS = (
    "designation",
    "country",
    "body",
    "kind",
    "prefix",
    "number",
    "part",
    "year",
    "edition",
    "amendments",
    "title_zh",
    "title_en",
    "title_ru",
    "title_pt",
    "titles",
    "status",
    "status_raw",
    "published",
    "effective",
    "withdrawn",
    "replaces",
    "replaced_by",
    "source_url",
    "ics",
    "ccs",
    "adoptions",
)

MAIN_LANGS = ("zh", "en", "ru", "pt")


def precedence(source: str) -> tuple[int, str]:
    """Sort key of a source: listed sources by position, others after them by name."""
    try:
        return (SOURCE_PRECEDENCE.index(source), source)
    except ValueError:
        return (len(SOURCE_PRECEDENCE), source)


#: The record fields written by :func:`record_json` (the per-run bookkeeping, location and fetch time, left out).
_JSON_FIELDS = tuple(f for f in StandardRecord.__dataclass_fields__ if f not in ("location", "fetched_at", "adoptions"))


def record_json(record: StandardRecord) -> str:
    """A stable JSON text of a record without its per-run bookkeeping (location, fetch time).

    The same text as ``json.dumps(record.to_dict())`` without those two keys, built without ``dataclasses.asdict``
    (which deep-copies every value and took a third of a 120,000-record refresh's write time).
    """
    data = {name: getattr(record, name) for name in _JSON_FIELDS}
    data["adoptions"] = [{"ref": a.ref, "degree": a.degree, "evidence": a.evidence} for a in record.adoptions]
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def record_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def merge_records(records: Sequence[StandardRecord]) -> StandardRecord:
    """One record from several sources' records of the same standard, highest precedence first.

    Scalars: the first non-empty value. Titles: per language, the first. Lists: union in order.
    Adoptions: merged by reference, a known degree winning over ``unknown``.
    """
    ordered = sorted(records, key=lambda r: precedence(r.source))
    first = ordered[0]
    if len(ordered) == 1:
        return first
    merged = StandardRecord(**{f: getattr(first, f) for f in StandardRecord.__dataclass_fields__})
    for other in ordered[1:]:
        for name in ("status", "status_raw", "published", "effective", "withdrawn", "source_url", "fetched_at"):
            if getattr(merged, name) in (None, "") and getattr(other, name) not in (None, ""):
                setattr(merged, name, getattr(other, name))
        merged.titles = {**other.titles, **merged.titles}
        for name in ("ics", "ccs", "replaces", "replaced_by"):
            setattr(merged, name, _union(getattr(merged, name), getattr(other, name)))
        merged.extra = {**other.extra, **merged.extra}
    merged.adoptions = merge_adoptions(*[r.adoptions for r in reversed(ordered)])
    return merged


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    result = list(first)
    for item in second:
        if item not in result:
            result.append(item)
    return result


def _dumps(value: Any) -> str | None:
    if value in (None, [], {}):
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def standard_row(record: StandardRecord, sources: Sequence[str]) -> dict[str, Any]:
    """The ``standards`` row of a (merged) record."""
    titles = dict(sorted(record.titles.items()))
    return {
        "id": record.canonical,
        "designation": record.designation,
        "country": record.country,
        "body": record.body,
        "kind": record.kind,
        "prefix": record.prefix,
        "number": record.number,
        "part": "-".join(record.parts) or None,
        "year": record.year,
        "edition": record.edition,
        "amendments": _dumps(record.amendments),
        **{f"title_{lang}": titles.get(lang) for lang in MAIN_LANGS},
        "titles": _dumps(titles),
        "status": record.status,
        "status_raw": record.status_raw,
        "published": record.published,
        "effective": record.effective,
        "withdrawn": record.withdrawn,
        "replaces": _dumps(record.replaces),
        "replaced_by": _dumps(record.replaced_by),
        "work_key": record.work_key,
        "edition_key": record.edition_key,
        "source": record.source,
        "sources": _dumps(sorted(sources, key=precedence)),
        "source_url": record.source_url,
        "location": record.location,
        "fetched_at": record.fetched_at,
        "extra": _dumps(record.extra),
        "sample": 1 if record.extra.get("sample") or record.extra.get("synthetic") else 0,
        "missing": 0,
    }


def comparable(
    row: dict[str, Any], ics: Sequence[str], ccs: Sequence[str], adoptions: Sequence[Adoption]
) -> dict[str, Any]:
    """The tracked fields of a standard (row plus its classification and adoptions), as text."""
    values = {f: row.get(f) for f in TRACKED_FIELDS if f in row}
    values["ics"] = _dumps(sorted(ics))
    values["ccs"] = _dumps(sorted(ccs))
    values["adoptions"] = _dumps(sorted(f"{a.ref} {a.degree}" for a in adoptions))
    return {k: (None if v is None else str(v)) for k, v in values.items()}


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """The tracked fields whose values differ: (field, old, new)."""
    return [(f, old.get(f), new.get(f)) for f in TRACKED_FIELDS if old.get(f) != new.get(f)]


def json_or_default(value: Any, default: Any) -> Any:
    """A JSON column's value decoded (already decoded values pass through); ``default`` when empty or not JSON."""
    if value in (None, ""):
        return default
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


def record_from_row(row: dict[str, Any], ics: list[str], ccs: list[str], adoptions: list[Adoption]) -> StandardRecord:
    """Rebuild the merged StandardRecord of a ``standards`` row."""

    def load(name: str, default: Any) -> Any:
        return json_or_default(row.get(name), default)

    return StandardRecord(
        designation=row["designation"],
        canonical=row["id"],
        body=row["body"],
        country=row["country"],
        kind=row["kind"],
        prefix=row["prefix"],
        number=row["number"],
        parts=row["part"].split("-") if row.get("part") else [],
        year=row.get("year"),
        edition=row.get("edition"),
        amendments=load("amendments", []),
        titles=load("titles", {}),
        status=row.get("status"),
        status_raw=row.get("status_raw"),
        published=row.get("published"),
        effective=row.get("effective"),
        withdrawn=row.get("withdrawn"),
        ics=ics,
        ccs=ccs,
        adoptions=adoptions,
        replaces=load("replaces", []),
        replaced_by=load("replaced_by", []),
        source=row.get("source") or "unknown",
        source_url=row.get("source_url"),
        location=row.get("location"),
        fetched_at=row.get("fetched_at"),
        extra=load("extra", {}),
    )
