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
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import yaml

from standards_lib.errors import SourceError

from .base import Item, Quarantined, build_record, excerpt
from .textfiles import check_options, iter_files

log = logging.getLogger(__name__)

NAME = "relaton"
DESCRIPTION = "Relaton YAML records (relaton-data-gost, relaton-data-easc): a .yaml file or a directory of them"
TITLE = 'Relaton GOST and EASC data'
URL = 'https://github.com/relaton/relaton-data-gost'
LICENCE = 'none stated (bibliographic metadata from new-shop.ksm.kz and mgscatalog.by)'

SUFFIXES = (".yaml", ".yml")
#: libyaml's loader when PyYAML was built with it (about ten times faster on the 40,000-file dataset)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: ISO 639-2 codes used by Relaton -> ISO 639-1 codes used by the catalogue.
LANGUAGES = {"rus": "ru", "eng": "en", "fra": "fr", "fre": "fr", "zho": "zh", "chi": "zh", "por": "pt", "deu": "de"}

DATE_FIELDS = {
    "published": "published", "issued": "published",
    "implemented": "effective", "activated": "effective", "effective": "effective",
    "obsoleted": "withdrawn", "withdrawn": "withdrawn",
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


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from Relaton YAML files or directories; a bad file yields one Quarantined naming it."""
    check_options("relaton.extract", options)
    for path in iter_files(paths, SUFFIXES):
        yield from extract_file(path)


def extract_file(path: Path) -> Iterator[Item]:
    """The record of one Relaton file (several when the file holds a YAML stream of records)."""
    location = str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Quarantined(NAME, location, f"not UTF-8 text (byte {exc.start}): Relaton YAML is UTF-8", excerpt(data))
        return
    try:
        documents = [d for d in yaml.load_all(text, Loader=LOADER) if d is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        yield Quarantined(NAME, location, f"invalid YAML{where}: {problem}", excerpt(text))
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
            yield Quarantined(NAME, where, f"not a Relaton record: top level is a {type(document).__name__}",
                              excerpt(document))
            continue
        try:
            fields = record_fields(document, where)
        except SourceError as exc:
            yield Quarantined(NAME, where, exc.reason, excerpt(document))
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
    for key, name in (("session", "council_session"), ("developer", "developer"), ("urn", "urn"),
                      ("pages", "pages")):
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
