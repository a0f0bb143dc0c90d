"""Relaton YAML records: relaton-data-gost (GOST, GOST R) and relaton-data-easc (ПМГ, РМГ), one record a file.

Fields read (Relaton bibliographic model, as written by relaton-gost / relaton-easc):

- designation: ``ext.designation_original`` (the Cyrillic original, which carries the adoption:
  ``ГОСТ 14254-2015 (IEC 60529:2013)`` -> IEC 60529:2013 MOD, ``ГОСТ Р ИСО 9001-2015`` -> ISO 9001 IDT),
  else the primary ``docidentifier``;
- ``title``, required (language ``rus`` -> ``ru``, ``eng`` -> ``en``; the ``main`` title preferred);
- ``status.stage.content`` through the vocabulary (active, new, replaces, replaced, withdrawn, adopted-pending);
- ``ext.ics_code`` or ``ics[].code``;
- ``date``: published, implemented/activated/effective -> effective, obsoleted/withdrawn -> withdrawn. The
  GOST data gives only the year as ``YYYY-01-01``; such a date is kept as the year ``YYYY``;
- ``relation``: obsoletes -> replaces, obsoletedBy -> replaced_by, identical/equivalent/nonequivalent/adoptedFrom
  -> adoptions; every relation also goes to ``extra["relations"]``;
- ``ext.webpage`` (or a ``link`` of type src) -> source_url; ``ext.doctype``, ``ext.session`` (МГС council
  session), ``ext.developer``, ``ext.joining_states``, ``ext.pages``, ``ext.urn`` and the Relaton id -> extra.

Index files (``index-v1.yaml``, ``index-v2.yaml``: a YAML list of ``{id, file}`` entries) are not records:
:func:`discover` leaves them out and :func:`extract` skips them with a log line.

Files, folders and relaton-data archives are read through :mod:`.relaton_archive`: streamed member by member,
each file within bounds (1 MiB, 64 nesting levels, 250,000 nodes after alias expansion, 2 s), a YAML alias
bomb refused in microseconds, never composed or serialised. The ISO and IEC catalogues in the same format are
the source :mod:`.relaton_intl`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from standards_lib.errors import SourceError

from .base import Item, Quarantined, build_record, excerpt
from .relaton_archive import DEFAULT_LIMITS, Limits, decode_text, iter_members, load_documents
from .textfiles import check_options

log = logging.getLogger(__name__)

NAME = "relaton"
DESCRIPTION = "Relaton YAML records (relaton-data-gost, relaton-data-easc): a .yaml file or a directory of them"
TITLE = "Relaton GOST and EASC data"
URL = "https://github.com/relaton/relaton-data-gost"
LICENCE = "none stated (bibliographic metadata from new-shop.ksm.kz and mgscatalog.by)"

SUFFIXES = (".yaml", ".yml")

#: ISO 639-2 codes used by Relaton -> ISO 639-1 codes used by the catalogue.
LANGUAGES = {"rus": "ru", "eng": "en", "fra": "fr", "fre": "fr", "zho": "zh", "chi": "zh", "por": "pt", "deu": "de"}

DATE_FIELDS = {
    "published": "published",
    "issued": "published",
    "implemented": "effective",
    "activated": "effective",
    "effective": "effective",
    "obsoleted": "withdrawn",
    "withdrawn": "withdrawn",
}
REPLACES_RELATIONS = {"obsoletes", "replaces"}
REPLACED_BY_RELATIONS = {"obsoletedBy", "replacedBy"}
ADOPTION_RELATIONS = {"identical": "IDT", "equivalent": "MOD", "nonequivalent": "NEQ", "adoptedFrom": "unknown"}


def discover(root: Path) -> list[Path]:
    """The Relaton record files under ``root``: YAML files that start like a Relaton bibliographic item
    (``id:`` ... ``docidentifier:``); index files and other YAML (recorded HTTP cassettes...) left out."""
    found = []
    for path in sorted(Path(root).rglob("*")):
        if path.suffix.lower() in SUFFIXES and path.is_file() and not is_index_name(path):
            with path.open("rb") as handle:
                head = handle.read(4096)
            if re.search(rb"^id: ", head, re.M) and re.search(rb"^docidentifier:", head, re.M):
                found.append(path)
    return found


def is_index_name(path: Path) -> bool:
    return bool(re.fullmatch(r"index(?:-v\d+)?\.ya?ml", path.name.lower()))


def is_index(document: Any) -> bool:
    """Whether a loaded YAML document is a Relaton index (a list of ``{id, file}`` entries)."""
    return isinstance(document, list) and all(
        isinstance(e, Mapping) and any(k in e for k in (":file", "file")) for e in document
    )


def extract(paths: Sequence[Path | str], *, limits: Limits | None = None, **options: Any) -> Iterator[Item]:
    """Records from Relaton YAML files, directories or relaton-data archives (``.tar.xz``, ``.tar.gz``, ``.zip``,
    streamed member by member); a bad file yields one Quarantined naming it (``archive!member`` inside an archive).

    Every file is read within :class:`~.relaton_archive.Limits` (size, nesting, alias expansion, time)."""
    check_options("relaton.extract", options)
    for member in iter_members(paths, source=NAME, limits=limits or DEFAULT_LIMITS):
        if isinstance(member, Quarantined):
            yield member
        else:
            yield from extract_file(member.data, member.location, limits or DEFAULT_LIMITS)


def extract_file(data: bytes, location: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """The record of one Relaton file given as bytes (several when the file holds a YAML stream of records)."""
    try:
        text = decode_text(data, location)
        documents = [d for d in load_documents(text, location, limits) if d is not None]
    except SourceError as exc:
        yield Quarantined(NAME, location, exc.reason, excerpt(data))
        return
    if not documents:
        yield Quarantined(NAME, location, "empty file: no Relaton record", "")
        return
    for number, document in enumerate(documents, 1):
        where = location if len(documents) == 1 else f"{location}#document {number}"
        if is_index(document):
            log.info("%s: Relaton index (%d entries), not a record: skipped", where, len(document))
            continue
        if not isinstance(document, Mapping):
            yield Quarantined(
                NAME, where, f"not a Relaton record: top level is a {type(document).__name__}", excerpt(text)
            )
            continue
        try:
            fields = record_fields(document, where)
        except SourceError as exc:
            yield Quarantined(NAME, where, exc.reason, excerpt(text))
            continue
        yield build_record(fields, source=NAME, location=where)


def record_fields(doc: Mapping[str, Any], location: str) -> dict[str, Any]:
    """The interchange input form (for ``record_from_dict``) of one Relaton record."""
    ext = _mapping(doc.get("ext"))
    designation = _text(ext.get("designation_original")) or primary_identifier(doc)
    if not designation:
        raise SourceError(location, "no designation: neither ext.designation_original nor a docidentifier")
    found_titles = titles(doc)
    if not found_titles:
        raise SourceError(location, f"no title: record {designation!r} has no 'title' entry with content")
    fields: dict[str, Any] = {"designation": designation, "titles": found_titles}
    stage = _mapping(_mapping(doc.get("status")).get("stage"))
    status = _text(stage.get("content")) or _text(_mapping(doc.get("status")).get("stage"))
    if status:
        fields["status"] = status
    fields["ics"] = ics_codes(doc)
    for kind, value in dates(doc).items():
        fields[kind] = value
    replaces, replaced_by, adoptions, relations = read_relations(doc)
    fields.update(replaces=replaces, replaced_by=replaced_by, adoptions=adoptions)
    url = _text(ext.get("webpage")) or _link(doc)
    if url:
        fields["source_url"] = url
    fields["extra"] = extra(doc, ext, relations)
    return fields


def primary_identifier(doc: Mapping[str, Any]) -> str:
    ids = [i for i in doc.get("docidentifier") or [] if isinstance(i, Mapping) and _text(i.get("content"))]
    primary = [i for i in ids if i.get("primary")] or ids
    return _text(primary[0].get("content")) if primary else ""


def titles(doc: Mapping[str, Any]) -> dict[str, str]:
    """Titles by language, the ``main`` title of each language preferred."""
    found: dict[str, str] = {}
    entries = doc.get("title") or []
    if isinstance(entries, (str, Mapping)):
        entries = [entries]
    ranked = sorted((e for e in entries if isinstance(e, Mapping)), key=lambda e: e.get("type") != "main")
    for entry in ranked:
        content = _text(entry.get("content"))
        languages = entry.get("language") or doc.get("language") or ["und"]
        lang = languages[0] if isinstance(languages, list) else languages
        code = LANGUAGES.get(str(lang).lower(), str(lang).lower())
        if content and code not in found:
            found[code] = content
    return found


def ics_codes(doc: Mapping[str, Any]) -> list[str]:
    ext = _mapping(doc.get("ext"))
    raw = ext.get("ics_code") or ext.get("ics") or doc.get("ics") or []
    items = raw if isinstance(raw, list) else [raw]
    codes: list[str] = []
    for item in items:
        value = item.get("code") if isinstance(item, Mapping) else item
        codes += [c for c in re.split(r"[;,\s]+", _text(value)) if c]
    return codes


def dates(doc: Mapping[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in doc.get("date") or []:
        if not isinstance(entry, Mapping):
            continue
        kind = DATE_FIELDS.get(str(entry.get("type")))
        value = _text(entry.get("from") or entry.get("on") or entry.get("value"))
        if kind and value and kind not in found:
            found[kind] = year_only(value)
    return found


def year_only(value: str) -> str:
    """``2015-01-01`` -> ``2015``: the GOST and EASC data carry only the year, written as January 1st."""
    m = re.fullmatch(r"(\d{4})-01-01", value)
    return m[1] if m else value


def read_relations(doc: Mapping[str, Any]) -> tuple[list[str], list[str], list[dict[str, str]], list[dict[str, str]]]:
    replaces: list[str] = []
    replaced_by: list[str] = []
    adoptions: list[dict[str, str]] = []
    relations: list[dict[str, str]] = []
    for entry in doc.get("relation") or []:
        if not isinstance(entry, Mapping):
            continue
        kind = _text(entry.get("type"))
        ref = _bibitem_ref(_mapping(entry.get("bibitem")))
        if not kind or not ref:
            continue
        relations.append({"type": kind, "ref": ref})
        if kind in REPLACES_RELATIONS:
            replaces.append(ref)
        elif kind in REPLACED_BY_RELATIONS:
            replaced_by.append(ref)
        elif kind in ADOPTION_RELATIONS:
            adoptions.append({"ref": ref, "degree": ADOPTION_RELATIONS[kind], "evidence": "metadata"})
    return replaces, replaced_by, adoptions, relations


def _bibitem_ref(bibitem: Mapping[str, Any]) -> str:
    ref = primary_identifier(bibitem)
    if ref:
        return ref
    formatted = bibitem.get("formattedref")
    return _text(formatted.get("content") if isinstance(formatted, Mapping) else formatted)


def extra(doc: Mapping[str, Any], ext: Mapping[str, Any], relations: list[dict[str, str]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if doc.get("id"):
        result["relaton_id"] = _text(doc.get("id"))
    doctype = _mapping(ext.get("doctype")).get("content") or ext.get("doctype")
    if doctype:
        result["doctype"] = _text(doctype)
    for key, name in (("session", "council_session"), ("developer", "developer"), ("urn", "urn"), ("pages", "pages")):
        if ext.get(key):
            result[name] = _text(ext.get(key))
    states = joining_states(ext.get("joining_states"))
    if states:
        result["joining_states"] = states
    if relations:
        result["relations"] = relations
    return result


def joining_states(raw: Any) -> list[str]:
    """State codes from ``ext.joining_states``; relaton-data-easc writes them as Ruby hash strings
    (``'{"content" => "АРМ"}'``) interleaved with ``","`` entries."""
    states: list[str] = []
    for item in raw or []:
        value = item.get("content") if isinstance(item, Mapping) else item
        text = _text(value)
        m = re.search(r'"content"\s*=>\s*"([^"]*)"', text)
        if m:
            text = m[1].strip()
        if text and text != ",":
            states.append(text)
    return states


def _link(doc: Mapping[str, Any]) -> str:
    for link in doc.get("link") or []:
        if isinstance(link, Mapping) and link.get("type") in ("src", None):
            return _text(link.get("content"))
    return ""


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    return " ".join(str(value).split())
