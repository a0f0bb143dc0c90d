"""The JSON Lines interchange form: reading records from dictionaries and lines, writing them back.

:func:`record_from_dict` accepts the interchange input form (see the README) and infers country,
body, kind, parts, year and the adoptions written into the designation with the designation
parser; dates and classification codes are validated here. This module stands above
:mod:`standards_lib.records` (the dataclasses) and :mod:`standards_lib.designation` (the parser).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from . import limits
from .designation import canonical_or_folded, parse_designation
from .errors import DesignationError, RecordError, VocabularyError
from .records import ADOPTION_EVIDENCE, CCS_RE, ICS_RE, Adoption, StandardRecord
from .text import strip_invisible
from .vocab import normalize_degree, normalize_status

_RECORD_KEYS = {f for f in StandardRecord.__dataclass_fields__}
_INPUT_KEYS = _RECORD_KEYS | {"title", "title_lang", "title_en", "titles", "status_words"}


def record_from_dict(
    data: Mapping[str, Any],
    *,
    source: str | None = None,
    location: str | None = None,
    status_words: Mapping[str, str] | None = None,
) -> StandardRecord:
    """Build a record from the interchange input form (or the output form of :meth:`StandardRecord.to_dict`).

    Country, body, kind, number, parts, year and the adoptions written into the designation are
    inferred by :func:`parse_designation`; explicit ``adoptions`` give or override the degree.
    Raises :class:`RecordError` naming the field that is wrong.
    """
    if not isinstance(data, Mapping):
        raise RecordError(f"a record must be a JSON object, not {type(data).__name__}")
    problem = value_problem(data)
    if problem:
        raise RecordError(problem)
    unknown = set(data) - _INPUT_KEYS
    if unknown:
        raise RecordError(f"unknown field(s) {', '.join(sorted(unknown))}")
    text = data.get("designation")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("field 'designation' is missing or empty")
    text = strip_invisible(text)
    if len(text) > limits.MAX_DESIGNATION_CHARS:
        raise RecordError(
            f"field 'designation' is {len(text)} characters long, more than the limit of {limits.MAX_DESIGNATION_CHARS}"
        )
    try:
        parsed = parse_designation(text)
    except DesignationError as exc:
        raise RecordError(f"field 'designation': {exc}") from exc

    titles = _titles(data)
    raw_status = data.get("status_raw") if data.get("status_raw") is not None else data.get("status")
    try:
        status = normalize_status(_opt_str(raw_status, "status"), dict(status_words or {}))
    except VocabularyError as exc:
        raise RecordError(f"field 'status': {exc}") from exc

    adoptions = merge_adoptions(parsed.adoptions, _adoptions(data.get("adoptions")))
    return StandardRecord(
        designation=" ".join(text.split()),
        canonical=parsed.canonical,
        body=parsed.body,
        country=parsed.country,
        kind=parsed.kind,
        prefix=parsed.prefix,
        number=parsed.number,
        parts=list(parsed.parts),
        year=parsed.year,
        edition=parsed.edition,
        amendments=list(parsed.amendments),
        titles=titles,
        status=status,
        status_raw=_opt_str(raw_status, "status") or None,
        published=parse_date(data.get("published"), "published"),
        effective=parse_date(data.get("effective"), "effective"),
        withdrawn=parse_date(data.get("withdrawn"), "withdrawn"),
        ics=codes(data.get("ics"), ICS_RE, "ics"),
        ccs=codes(data.get("ccs"), CCS_RE, "ccs"),
        adoptions=adoptions,
        replaces=_designations(data.get("replaces"), "replaces"),
        replaced_by=_designations(data.get("replaced_by"), "replaced_by"),
        source=source or _opt_str(data.get("source"), "source") or "unknown",
        source_url=web_url(data.get("source_url"), "source_url"),
        location=location or _opt_str(data.get("location"), "location"),
        fetched_at=_opt_str(data.get("fetched_at"), "fetched_at"),
        extra=_extra(data.get("extra")),
    )


def _extra(value: Any) -> dict[str, Any]:
    """Source-specific fields: an object within the limits of keys, size and nesting."""
    if value is None or value == {}:
        return {}
    if not isinstance(value, Mapping):
        raise RecordError(f"field 'extra' must be an object, not {type(value).__name__}")
    if len(value) > limits.MAX_EXTRA_KEYS:
        raise RecordError(f"field 'extra' has {len(value)} keys, more than the limit of {limits.MAX_EXTRA_KEYS}")
    if limits.json_depth(value) > limits.MAX_JSON_DEPTH:
        raise RecordError(f"field 'extra' is nested more than {limits.MAX_JSON_DEPTH} levels deep")
    try:
        size = len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise RecordError(f"field 'extra' cannot be written as JSON: {exc}") from None
    if size > limits.MAX_EXTRA_BYTES:
        raise RecordError(f"field 'extra' takes {size} bytes as JSON, more than the limit of {limits.MAX_EXTRA_BYTES}")
    return dict(value)


_SURROGATE = re.compile("[\ud800-\udfff]")
#: Integers SQLite stores (64 bits); a larger one cannot be stored nor compared with a stored one.
INT64_RANGE = (-(2**63), 2**63 - 1)


def value_problem(value: Any, name: str = "record") -> str | None:
    """Why a decoded JSON value cannot be kept as text and numbers, or None: a lone surrogate (``"\\ud800"``,
    which no UTF-8 file or database can hold), ``NaN``/``Infinity`` (``1e999`` included, not JSON), an integer
    beyond 64 bits. Walks the value without recursion; names the field (``field 'titles'.en``)."""
    stack: list[tuple[str, Any]] = [(name, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                return f"{where} holds a lone surrogate U+{ord(found.group()):04X}, which is not text"
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not INT64_RANGE[0] <= item <= INT64_RANGE[1]:
                return f"{where} is an integer of {len(str(abs(item)))} digits, beyond 64 bits"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return f"{where} is {item}, not a finite number (JSON has no NaN or Infinity)"
        elif isinstance(item, Mapping):
            for key, sub in item.items():
                label = f"field {key!r}" if where == "record" else f"{where}.{key}"
                if isinstance(key, str) and _SURROGATE.search(key):
                    return f"{where} has a key holding a lone surrogate, which is not text"
                stack.append((label, sub))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{where}[{i}]", sub) for i, sub in enumerate(item))
    return None


def merge_adoptions(*groups: Iterable[Adoption]) -> list[Adoption]:
    """Merge adoption lists by reference; a known degree wins over ``unknown``, later groups win ties."""
    merged: dict[str, Adoption] = {}
    for group in groups:
        for adoption in group:
            adoption = _fold_undated(merged, adoption)
            old = merged.get(adoption.ref)
            if old is None or adoption.degree != "unknown" or old.degree == "unknown":
                evidence = adoption.evidence
                if old is not None and adoption.degree == "unknown":
                    evidence = old.evidence
                degree = adoption.degree if adoption.degree != "unknown" or old is None else old.degree
                merged[adoption.ref] = Adoption(adoption.ref, degree, evidence)
    return list(merged.values())


def _fold_undated(merged: dict[str, Adoption], adoption: Adoption) -> Adoption:
    """An undated reference (``ISO 9001``, as read from ``ГОСТ Р ИСО 9001-2015``) and a dated one of the same
    work (``ISO 9001:2015``) are one adoption: the dated reference is kept. Returns the adoption to merge."""
    ref = adoption.ref
    for other in list(merged):
        if other.startswith(ref + ":"):  # dated one already there: merge into it
            return Adoption(other, adoption.degree, adoption.evidence)
        if ref.startswith(other + ":"):  # undated one already there: replace it by the dated one
            old = merged.pop(other)
            merged[ref] = Adoption(ref, old.degree, old.evidence)
    return adoption


def canonical_reference(ref: str) -> str:
    """The canonical form of an international reference such as ``ISO 9001 : 2015``; raw text if unparsable."""
    return canonical_or_folded(ref)


def _adoptions(value: Any) -> list[Adoption]:
    if value in (None, "", []):
        return []
    if not isinstance(value, list):
        raise RecordError("field 'adoptions' must be a list of {ref, degree} objects")
    _check_count(value, "adoptions")
    result = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            item = {"ref": item}
        if not isinstance(item, Mapping) or not isinstance(item.get("ref"), str) or not item["ref"].strip():
            raise RecordError(f"field 'adoptions'[{i}] needs a non-empty 'ref'")
        if len(item["ref"]) > limits.MAX_DESIGNATION_CHARS:
            raise RecordError(f"field 'adoptions'[{i}]: 'ref' is longer than {limits.MAX_DESIGNATION_CHARS} characters")
        try:
            degree = normalize_degree(item.get("degree"))
        except VocabularyError as exc:
            raise RecordError(f"field 'adoptions'[{i}]: {exc}") from exc
        evidence = item.get("evidence") or "metadata"
        if evidence not in ADOPTION_EVIDENCE:
            raise RecordError(f"field 'adoptions'[{i}]: evidence must be one of {ADOPTION_EVIDENCE}")
        result.append(Adoption(canonical_reference(item["ref"]), degree, evidence))
    return result


def _titles(data: Mapping[str, Any]) -> dict[str, str]:
    titles: dict[str, str] = {}
    given = data.get("titles")
    if given is not None:
        if not isinstance(given, Mapping):
            raise RecordError("field 'titles' must be an object of language code to title")
        _check_count(given, "titles")
        for lang, title in given.items():
            if title:
                titles[_lang(lang)] = _clean_title(title, f"titles.{lang}")
    if data.get("title"):
        lang = _lang(data.get("title_lang") or "und")
        titles.setdefault(lang, _clean_title(data["title"], "title"))
    if data.get("title_en"):
        titles["en"] = _clean_title(data["title_en"], "title_en")
    return titles


def _lang(code: Any) -> str:
    if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2}|und", code.strip().lower()):
        raise RecordError(f"language code {code!r} is not an ISO 639-1 code")
    return code.strip().lower()


def _clean_title(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise RecordError(f"field {name!r} must be text")
    if len(value) > limits.MAX_TITLE_CHARS:
        raise RecordError(
            f"field {name!r} is {len(value)} characters long, more than the limit of "
            f"{limits.MAX_TITLE_CHARS} for a title"
        )
    return " ".join(strip_invisible(value).split())


def _check_count(value: Any, name: str) -> None:
    if len(value) > limits.MAX_LIST_ITEMS:
        raise RecordError(f"field {name!r} has {len(value)} items, more than the limit of {limits.MAX_LIST_ITEMS}")


def web_url(value: Any, name: str) -> str | None:
    """An optional http(s) URL; any other scheme (``javascript:``, ``data:``, relative) raises ``RecordError``."""
    text = _opt_str(value, name)
    if not text:
        return None
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme not in ("http", "https") or not text.lower().startswith(scheme + "://") or len(text) > 2000:
        raise RecordError(f"field {name!r} must be an http:// or https:// URL, not {text[:60]!r}")
    return text


def _opt_str(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RecordError(f"field {name!r} must be text, not {type(value).__name__}")
    if len(value) > limits.MAX_TEXT_CHARS:
        raise RecordError(
            f"field {name!r} is {len(value)} characters long, more than the limit of {limits.MAX_TEXT_CHARS}"
        )
    return value.strip()


_DATE_RES = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def native_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` of a ``date`` or ``datetime`` object (as spreadsheets and YAML give them), else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def parse_date(value: Any, name: str = "date") -> str | None:
    """Normalise a date to ``YYYY-MM-DD`` (a bare year stays ``YYYY``); ``RecordError`` when it is not a date."""
    if value is None or value == "":
        return None
    if native := native_date(value):
        return native
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    for pattern in _DATE_RES:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                break
    raise RecordError(f"field {name!r}: {text!r} is not a date (expected YYYY-MM-DD)")


def codes(value: Any, pattern: re.Pattern[str], name: str) -> list[str]:
    """Split and validate classification codes (ICS ``03.120.10``, CCS ``A00``) given as a list or text."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        _check_count(value, name)
        items = value
    elif isinstance(value, str):
        if len(value) > limits.MAX_TEXT_CHARS:
            raise RecordError(f"field {name!r} is longer than {limits.MAX_TEXT_CHARS} characters")
        items = re.split(r"[;,，；\s]+", value)
    else:  # a number is not a code: 12 would pass for the ICS field "12", 1.1 for nothing at all
        raise RecordError(f"field {name!r} must be text or a list of text, not {_json_kind(value)}")
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise RecordError(f"field {name!r}: {item!r} is {_json_kind(item)}, not a code written as text")
        code = item.strip().upper()
        if not code:
            continue
        if not pattern.match(code):
            raise RecordError(f"field {name!r}: {code!r} is not a valid {name.upper()} code")
        if code not in result:
            result.append(code)
    return result


def _designations(value: Any, name: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        _check_count(value, name)
        items = value
    elif isinstance(value, str):
        items = re.split(r"[;,，；]+", value)
    else:
        raise RecordError(f"field {name!r} must be text or a list of designations, not {_json_kind(value)}")
    result = []
    for item in items:
        if not isinstance(item, str):
            raise RecordError(f"field {name!r}: {item!r} is {_json_kind(item)}, not a designation")
        if len(item) > limits.MAX_DESIGNATION_CHARS:
            raise RecordError(f"field {name!r}: an item is longer than {limits.MAX_DESIGNATION_CHARS} characters")
        if item.strip():
            result.append(" ".join(strip_invisible(item).split()))
    return result


def _json_kind(value: Any) -> str:
    """How JSON calls the type of a value: 'a number', 'an array', ..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {list: "an array", dict: "an object", str: "a string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def read_jsonl(
    lines: Iterable[str], *, source: str = "jsonl", name: str = "<stdin>"
) -> Iterator[tuple[StandardRecord | None, str | None, str]]:
    """Read JSON Lines: yields ``(record, None, location)`` or ``(None, reason, location)`` per non-blank line.

    A line is quarantined (never raised) when it is too long, not JSON, a number too long for Python, nested
    too deep, not an object, or not a valid record; see :mod:`standards_lib.limits`.
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        yield read_jsonl_line(line, f"{name}:{number}", source=source)


def read_jsonl_line(
    line: str, location: str, *, source: str = "jsonl"
) -> tuple[StandardRecord | None, str | None, str]:
    """One JSON Lines line as ``(record, None, location)`` or ``(None, reason, location)``."""
    if len(line) > limits.MAX_LINE_BYTES:
        return None, f"line of {len(line)} characters, more than the limit of {limits.MAX_LINE_BYTES}", location
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at column {exc.colno}", location
    except RecursionError:
        return None, f"invalid JSON: nested too deep (the limit is {limits.MAX_JSON_DEPTH} levels)", location
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return None, f"invalid JSON: {str(exc).split(';')[0]}", location
    if not isinstance(data, Mapping):
        return None, f"a record must be a JSON object, not {_json_kind(data)}", location
    if limits.json_depth(data) > limits.MAX_JSON_DEPTH:
        return None, f"record nested more than {limits.MAX_JSON_DEPTH} levels deep", location
    try:
        record_source = _opt_str(data.get("source"), "source") or source
        return record_from_dict(data, source=record_source, location=location), None, location
    except RecordError as exc:
        return None, str(exc), location


def write_jsonl(records: Iterable[StandardRecord], stream: Any) -> int:
    """Write records as JSON Lines to a text stream; returns the count."""
    count = 0
    for record in records:
        stream.write(record.to_json() + "\n")
        count += 1
    return count


__all__ = [
    "INT64_RANGE",
    "canonical_reference",
    "codes",
    "merge_adoptions",
    "native_date",
    "parse_date",
    "read_jsonl",
    "read_jsonl_line",
    "record_from_dict",
    "value_problem",
    "write_jsonl",
]
