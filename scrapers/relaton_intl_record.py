"""One ISO or IEC Relaton record (relaton-data-iso, relaton-data-iec) read into an :class:`Entry`.

An entry is a work (an edition of a standard, with the fields of its catalogue record), a supplement
(amendment, corrigendum, addendum, interpretation sheet, ...: attached to its base edition, never a work of its
own), a publication variant of an edition (IEC consolidated ``CSV``, redline ``RLV``, commented ``CMV``,
extended ``EXV``, series ``SER``, database ``DB``: attached likewise), or skipped with a reason (a draft; a
document type that is not a standard, such as the ISO/IEC Directives or IEC white papers).

The real files are irregular: ``docid``, ``title``, ``language``, ``ics``, ``date``, ``link`` and ``relation`` come
as one mapping or as a list, and the older ISO files keep ``doctype`` and ``ics`` at the top level.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from standards_lib.designation import parse_designation
from standards_lib.errors import DesignationError, SourceError, VocabularyError
from standards_lib.stages import stage_code, stage_of

#: Relaton ``doctype`` -> whether such documents are standards the catalogue keeps (an unknown one is refused).
DOCTYPES: Final[dict[str, bool]] = {
    "international-standard": True,
    "technical-specification": True,
    "technical-report": True,
    "publicly-available-specification": True,
    "guide": True,
    "international-workshop-agreement": True,
    "system-reference-deliverable": True,
    "technology-trends-assessment": True,
    "directive": False,  # ISO/IEC Directives: procedural rules, not standards
    "other": False,  # IEC 60417 / IEC 61360 database entries (graphical symbols, data element types)
    "wp": False,
    "tec": False,
    "sttr": False,
    "tmop": False,  # IEC white papers, technology and trend reports
}

#: Supplement kinds written after the base designation (ISO ``/Amd 1:2024``, IEC ``/AMD1:2019``).
SUPPLEMENT_KINDS: Final[dict[str, str]] = {
    "amd": "amendment",
    "damd": "amendment",
    "dam": "amendment",
    "fdam": "amendment",
    "pdam": "amendment",
    "cor": "corrigendum",
    "dcor": "corrigendum",
    "fdcor": "corrigendum",
    "add": "addendum",
    "ext": "extension",
    "suppl": "supplement",
    "ish": "interpretation sheet",
    "frag": "fragment",
}
#: IEC publication variants written after the edition (``IEC 60034-1:2022 RLV``).
VERSION_KINDS: Final[dict[str, str]] = {
    "CSV": "consolidated",
    "RLV": "redline",
    "CMV": "commented",
    "EXV": "extended",
    "EXV-CMV": "extended commented",
    "EXV-RLV": "extended redline",
    "SER": "series",
    "DB": "database",
    "PRV": "pre-release",
}
#: Stage markers of a draft designation (``ISO/DIS 10012``, ``ISO/CD TS 10303-1001``, ``ISO/IEC DTS 10866``).
DRAFT_MARKERS: Final = frozenset(
    {
        "AWI",
        "NP",
        "PWI",
        "WD",
        "CD",
        "DIS",
        "FDIS",
        "DTS",
        "DTR",
        "DPAS",
        "PRF",
        "DGUIDE",
        "PDTS",
        "PDTR",
        "PD",
    }
)
#: The lead publisher of a designation, by its first word.
LEAD_PUBLISHERS: Final[dict[str, str]] = {"ISO": "ISO", "IEC": "IEC", "CISPR": "IEC", "IWA": "ISO"}
LANGUAGES: Final[dict[str, str]] = {"eng": "en", "fra": "fr", "fre": "fr", "rus": "ru", "spa": "es", "deu": "de"}
TITLE_SEPARATOR: Final = " — "

_SUPPLEMENT_RE: Final = re.compile(
    r"\s*/\s*(?:(?:AWI|NP|PWI|WD|CD|PD|D|FD)\s?)?(?P<kind>Amd|Cor|Add|Ext|Suppl|ISH|FRAG|DAmd|DAM|FDAM|PDAM|DCOR|FDCOR)"
    r"\s?(?P<number>\d*)",
    re.IGNORECASE,
)
_VERSION_RE: Final = re.compile(r"\s+(?P<kind>" + "|".join(sorted(VERSION_KINDS, key=len, reverse=True)) + r")\s*$")
_YEAR_TAIL_RE: Final = re.compile(r":\s*\d{4}")
_IEC_KIND_RE: Final = re.compile(r"/(AMD|COR)\s?(\d+)")
_DATE_RE: Final = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(slots=True)
class Entry:
    """What one record is: a ``work``, a ``supplement`` or ``version`` to attach, or ``skipped`` with a reason."""

    role: str
    designation: str
    location: str
    key: str = ""  # canonical designation of the work, or of the base edition a supplement belongs to
    work_key: str = ""
    year: int | None = None
    status: str | None = None
    rank: tuple[Any, ...] = ()
    fields: dict[str, Any] | None = None  # works: the interchange input form
    attached: dict[str, Any] | None = None  # supplements and versions: what the base edition lists
    dedupe: str = ""  # supplements: what the base edition lists once (years left out: ``/Amd 1/Cor 1``)
    replaces: tuple[str, ...] = ()
    reason: str = ""


def read_entry(doc: Mapping[str, Any], location: str) -> Entry:
    """The entry of one Relaton document; SourceError for a record that cannot be read (quarantined)."""
    docid = primary_docid(doc)
    if not docid:
        raise SourceError(location, "no primary docid: not a Relaton ISO/IEC record")
    designation, docid_type = docid
    doctype = doctype_of(doc)
    if doctype is not None:
        if doctype not in DOCTYPES:
            raise SourceError(location, f"unknown document type {doctype!r} (known: {', '.join(sorted(DOCTYPES))})")
        if not DOCTYPES[doctype]:
            return Entry("skipped", designation, location, reason=f"not a standard ({doctype})")
    status_block = _mapping(doc.get("docstatus"))
    code = stage_code(_value(status_block.get("stage")), _value(status_block.get("substage"))) if status_block else ""
    try:
        stage = stage_of(code) if code else None
    except VocabularyError as exc:
        raise SourceError(location, f"record {designation!r}: {exc}") from None
    if (stage is not None and stage.status == "draft") or is_draft_designation(designation):
        return Entry("skipped", designation, location, reason="draft")
    status = stage.status if stage is not None else None
    rank = (
        LEAD_PUBLISHERS.get(_first_word(designation)) == docid_type,
        _version(doc.get("schema-version")),
        _text(doc.get("fetched")),
    )
    version = _VERSION_RE.search(designation)
    if version:
        base = designation[: version.start()].split("+", 1)[0]
        return _attached("version", VERSION_KINDS[version["kind"]], designation, base, doc, location, status, rank)
    supplement = _SUPPLEMENT_RE.search(designation, _first_digit(designation))
    if supplement:
        kind = SUPPLEMENT_KINDS[list(_SUPPLEMENT_RE.finditer(designation, supplement.start()))[-1]["kind"].lower()]
        return _attached(
            "supplement", kind, designation, designation[: supplement.start()], doc, location, status, rank
        )
    parsed = _parse(designation, location)
    fields = record_fields(doc, designation, code, status)
    return Entry(
        "work",
        designation,
        location,
        parsed.canonical,
        parsed.work_key,
        parsed.year,
        status,
        rank,
        fields=fields,
        replaces=tuple(fields["replaces"]),
    )


def _attached(
    role: str,
    kind: str,
    designation: str,
    base: str,
    doc: Mapping[str, Any],
    location: str,
    status: str | None,
    rank: tuple[Any, ...],
) -> Entry:
    tail = designation[len(base) :]
    variant = _VERSION_RE.search(base)  # a corrigendum of a variant: IEC 60079-10-1:2020 CMV/COR1:2021
    if variant:
        base, tail = base[: variant.start()], f" {variant['kind']}{tail}"
    base_key = _parse(base.strip(), location).canonical
    if role == "supplement":
        tail = _IEC_KIND_RE.sub(lambda m: f"/{m[1].title()} {m[2]}", tail.rstrip())
        shown = base_key + tail
        dedupe = _YEAR_TAIL_RE.sub("", tail).casefold().replace(" ", "")
    else:
        shown, dedupe = designation, designation
    dates = {t: v for t, v in _dates(doc)}
    when = dates.get("updated") or dates.get("published")
    attached = {"designation": shown, "type": kind, "date": when, "status": status}
    # dated designations beat undated ones of the same supplement (ISO lists Amd 1 before it becomes Amd 1:2024)
    rank = (bool(_YEAR_TAIL_RE.search(tail)),) + rank
    return Entry(role, designation, location, base_key, status=status, rank=rank, attached=attached, dedupe=dedupe)


def record_fields(doc: Mapping[str, Any], designation: str, code: str, status: str | None) -> dict[str, Any]:
    """The interchange input form (for ``record_from_dict``) of a work."""
    ext = _mapping(doc.get("ext"))
    fields: dict[str, Any] = {"designation": designation, "titles": full_titles(doc)}
    extra: dict[str, Any] = {}
    if code:
        fields["status"] = code
        extra["stage"] = code
    for kind, value in _dates(doc):
        if kind == "published" and "published" not in fields:
            fields["published"], month = _record_date(value)
            if month:
                extra["published_month"] = month
        elif kind == "obsoleted" and "withdrawn" not in fields:
            fields["withdrawn"] = _record_date(value)[0]
        elif kind == "stable-until":
            extra["stable_until"] = value
    fields["ics"] = ics_codes(doc)
    fields["replaces"], fields["replaced_by"] = relations(doc)
    url = source_link(doc)
    if url:
        fields["source_url"] = url
    doctype = doctype_of(doc)
    if doctype:
        extra["doctype"] = doctype
    edition = doc.get("edition")
    edition = edition.get("content") if isinstance(edition, dict) else edition
    if edition:
        extra["edition"] = _text(edition)
    committee = committee_of(ext)
    if committee:
        extra["committee"] = committee
    project = _text(_mapping(ext.get("structuredidentifier") or doc.get("structuredidentifier")).get("project_number"))
    if project:
        extra["project_number"] = project
    publishers = designation.split(" ", 1)[0].split("/")
    if len(publishers) > 1 and all(p.isalpha() and p.isupper() for p in publishers):
        extra["publishers"] = publishers
    if doc.get("id"):
        extra["relaton_id"] = _text(doc.get("id"))
    fields["extra"] = extra
    return fields


def primary_docid(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    """The primary identifier and its type (``('ISO 9001:2015', 'ISO')``); docid is a list or one mapping."""
    ids = [d for d in _list(doc.get("docid") or doc.get("docidentifier")) if isinstance(d, dict)]
    for entry in [d for d in ids if d.get("primary") is True] + ids:
        text = _text(entry.get("id") or entry.get("content"))
        if text and not text.lower().startswith("urn:"):
            return text, _text(entry.get("type")).upper()
    return None


def doctype_of(doc: Mapping[str, Any]) -> str | None:
    raw = _mapping(doc.get("ext")).get("doctype") or doc.get("doctype")
    value = raw.get("type") if isinstance(raw, dict) else raw
    return _text(value).lower() or None


def full_titles(doc: Mapping[str, Any]) -> dict[str, str]:
    """Titles by language as the publisher prints them: intro — main — part (``main`` or an untyped one when
    the record has no parts)."""
    default = _list(doc.get("language"))
    by_lang: dict[str, dict[str, str]] = {}
    for entry in _list(doc.get("title")):
        if not isinstance(entry, dict):
            continue
        content = _text(entry.get("content"))
        langs = _list(entry.get("language")) or (default if len(default) == 1 else ["und"])
        code = _text(langs[0]).lower() if langs else "und"
        code = LANGUAGES.get(code, code)
        if content and re.fullmatch(r"[a-z]{2}|und", code):
            by_lang.setdefault(code, {}).setdefault(_text(entry.get("type")) or "untyped", content)
    titles: dict[str, str] = {}
    for code, kinds in by_lang.items():
        if kinds.get("title-main"):
            titles[code] = TITLE_SEPARATOR.join(
                kinds[k] for k in ("title-intro", "title-main", "title-part") if kinds.get(k)
            )
        else:
            titles[code] = kinds.get("main") or next(iter(kinds.values()))
    return titles


def ics_codes(doc: Mapping[str, Any]) -> list[str]:
    codes: list[str] = []
    for item in _list(_mapping(doc.get("ext")).get("ics") or doc.get("ics")):
        code = _text(item.get("code") if isinstance(item, dict) else item)
        if code and code not in codes:
            codes.append(code)
    return codes


def relations(doc: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """``obsoletes`` -> replaces, ``updates`` -> replaced by (relaton-iso writes ``updates`` from an edition to the
    one that revised it); drafts and supplements among the targets are left out."""
    replaces: list[str] = []
    replaced_by: list[str] = []
    for entry in _list(doc.get("relation")):
        if not isinstance(entry, dict):
            continue
        kind = _text(entry.get("type"))
        target = kind in ("obsoletes", "updates") and _bibitem_ref(_mapping(entry.get("bibitem")))
        if not target or is_draft_designation(target) or _SUPPLEMENT_RE.search(target, _first_digit(target)):
            continue
        found = replaces if kind == "obsoletes" else replaced_by
        target = _canonical(target)
        if target not in found:
            found.append(target)
    return replaces, replaced_by


def source_link(doc: Mapping[str, Any]) -> str:
    for link in _list(doc.get("link")):
        if isinstance(link, dict) and _text(link.get("type")) == "src":
            return _text(link.get("content"))
    return ""


def committee_of(ext: Mapping[str, Any]) -> str:
    group = _mapping(ext.get("editorialgroup"))
    for tc in _list(group.get("technical_committee")):
        if isinstance(tc, dict):
            return _text(tc.get("identifier") or tc.get("name"))
    return ""


def is_draft_designation(text: str) -> bool:
    """``ISO/DIS 10012``, ``ISO/CD TS 10303-1001``, ``ISO/IEC DTS 10866``, ``CD IWA 45``: a draft's designation."""
    head = text[: _first_digit(text)]
    return any(token.upper() in DRAFT_MARKERS for token in re.split(r"[/\s]+", head))


@lru_cache(maxsize=1 << 16)
def _canonical(text: str) -> str:
    """The canonical form of a related designation, or the text itself (an edition is named by its neighbours)."""
    try:
        return parse_designation(text).canonical
    except DesignationError:
        return text


def _parse(designation: str, location: str) -> Any:
    try:
        return parse_designation(designation)
    except DesignationError as exc:
        raise SourceError(location, f"designation {designation!r}: {exc.reason}") from None


def _bibitem_ref(bibitem: Mapping[str, Any]) -> str:
    found = primary_docid(bibitem)
    if found:
        return found[0]
    formatted = bibitem.get("formattedref")
    return _text(formatted.get("content") if isinstance(formatted, dict) else formatted)


def _dates(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = []
    for entry in _list(doc.get("date")):
        if isinstance(entry, dict):
            value = _text(entry.get("value") or entry.get("on") or entry.get("from"))
            if value:
                found.append((_text(entry.get("type")), value))
    return found


def _record_date(value: str) -> tuple[str, str | None]:
    """A record date (``YYYY-MM-DD`` or ``YYYY``) and, for a month-precise ISO date ``2015-09``, that month."""
    m = _DATE_RE.fullmatch(value)
    if m and m[2] and not m[3]:
        return m[1], value
    return value, None


def _first_digit(text: str) -> int:
    m = re.search(r"\d", text)
    return m.start() if m else len(text)


def _first_word(text: str) -> str:
    m = re.match(r"[A-Za-z]+", text)
    return m[0].upper() if m else ""


def _version(value: Any) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", _text(value)))


def _value(value: Any) -> Any:
    return value.get("value") if isinstance(value, dict) else value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())
