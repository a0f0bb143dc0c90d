"""Vocabulary tables: status words and degrees of correspondence, mapped explicitly.

Every source writes status and degree of correspondence in its own words. They are mapped
here, through explicit tables, onto one vocabulary; a word that is not in a table raises
:class:`~standards_lib.errors.VocabularyError` instead of passing through.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .errors import VocabularyError
from .stages import ISO_STAGES

#: The status vocabulary of the catalogue.
STATUSES: Final = ("current", "withdrawn", "replaced", "upcoming", "draft")

#: The degrees of correspondence (ISO/IEC Guide 21-1) plus ``unknown``.
#: The committee's decisions on a suggestion (equivalence or inferred adoption).
DECISIONS: tuple[str, ...] = ("confirmed", "rejected", "needs_discussion")

DEGREES: Final = ("IDT", "MOD", "NEQ", "unknown")


@dataclass(frozen=True, slots=True)
class VocabularyEntry:
    """One row of a vocabulary table: a source word, its language, and what it means."""

    word: str
    lang: str
    value: str
    note: str = ""


STATUS_WORDS: Final[tuple[VocabularyEntry, ...]] = (
    # the catalogue's own words
    *(VocabularyEntry(s, "en", s) for s in STATUSES),
    # Chinese (std.samr.gov.cn, openstd, csres, biaozhun)
    VocabularyEntry("现行", "zh", "current"),
    VocabularyEntry("现行有效", "zh", "current"),
    VocabularyEntry("有效", "zh", "current"),
    VocabularyEntry("确认有效", "zh", "current", "reviewed and confirmed"),
    VocabularyEntry("即将实施", "zh", "upcoming"),
    VocabularyEntry("尚未实施", "zh", "upcoming"),
    VocabularyEntry("待实施", "zh", "upcoming"),
    VocabularyEntry("废止", "zh", "withdrawn", "abolished"),
    VocabularyEntry("作废", "zh", "withdrawn", "annulled, often because replaced"),
    VocabularyEntry("已作废", "zh", "withdrawn"),
    VocabularyEntry("已废止", "zh", "withdrawn"),
    VocabularyEntry("被代替", "zh", "replaced"),
    VocabularyEntry("被替代", "zh", "replaced"),
    VocabularyEntry("已被代替", "zh", "replaced"),
    VocabularyEntry("征求意见稿", "zh", "draft"),
    VocabularyEntry("报批稿", "zh", "draft"),
    VocabularyEntry("草案", "zh", "draft"),
    # Russian (Rosstandart, EASC/МГС, relaton-data-gost)
    VocabularyEntry("действует", "ru", "current"),
    VocabularyEntry("действующий", "ru", "current"),
    VocabularyEntry("действующие", "ru", "current"),
    VocabularyEntry("введен в действие", "ru", "current"),
    VocabularyEntry("принят", "ru", "upcoming", "adopted, not yet in force"),
    VocabularyEntry("не вступил в силу", "ru", "upcoming"),
    VocabularyEntry("вступает в силу", "ru", "upcoming"),
    VocabularyEntry("отменен", "ru", "withdrawn"),
    VocabularyEntry("отменён", "ru", "withdrawn"),
    VocabularyEntry("отменен без замены", "ru", "withdrawn"),
    VocabularyEntry("утратил силу", "ru", "withdrawn"),
    VocabularyEntry("не действует", "ru", "withdrawn"),
    VocabularyEntry("заменен", "ru", "replaced"),
    VocabularyEntry("заменён", "ru", "replaced"),
    VocabularyEntry("проект", "ru", "draft"),
    # Portuguese (ABNT)
    VocabularyEntry("em vigor", "pt", "current"),
    VocabularyEntry("vigente", "pt", "current"),
    VocabularyEntry("cancelada", "pt", "withdrawn"),
    VocabularyEntry("cancelado", "pt", "withdrawn"),
    VocabularyEntry("substituída", "pt", "replaced"),
    VocabularyEntry("substituida", "pt", "replaced"),
    VocabularyEntry("substituído", "pt", "replaced"),
    VocabularyEntry("projeto", "pt", "draft"),
    VocabularyEntry("consulta nacional", "pt", "draft"),
    # English (ISO, IEC, BIS, SABS, Relaton stages)
    VocabularyEntry("active", "en", "current"),
    VocabularyEntry("valid", "en", "current"),
    VocabularyEntry("published", "en", "current"),
    VocabularyEntry("in force", "en", "current"),
    VocabularyEntry("confirmed", "en", "current", "ISO: reviewed and confirmed"),
    VocabularyEntry("cancelled", "en", "withdrawn"),
    VocabularyEntry("canceled", "en", "withdrawn"),
    VocabularyEntry("obsolete", "en", "withdrawn"),
    VocabularyEntry("inactive", "en", "withdrawn"),
    VocabularyEntry("abolished", "en", "withdrawn"),
    VocabularyEntry("superseded", "en", "replaced"),
    VocabularyEntry("revised", "en", "replaced"),
    VocabularyEntry("not yet in force", "en", "upcoming"),
    VocabularyEntry("under development", "en", "draft"),
    VocabularyEntry("preparatory", "en", "draft"),
    # mgscatalog.by "Состояние" and the Relaton stages relaton-data-easc/gost derive from it
    VocabularyEntry("введен впервые", "ru", "current", "mgscatalog: introduced for the first time, in force"),
    VocabularyEntry("введён впервые", "ru", "current", "mgscatalog: introduced for the first time, in force"),
    VocabularyEntry("взамен", "ru", "current", "mgscatalog: in force, replacing an earlier document"),
    VocabularyEntry("new", "en", "current", "Relaton EASC stage for 'Введен впервые' (first edition, in force)"),
    VocabularyEntry("replaces", "en", "current", "Relaton EASC stage for 'Взамен' (in force, replaces another)"),
    VocabularyEntry("adopted-pending", "en", "upcoming", "Relaton GOST: adopted, not yet in force"),
    # ISO/IEC harmonized stage codes (relaton-data-iso), from the table in stages.py; IEC's words PUBLISHED,
    # REVISED, REPLACED, WITHDRAWN are the English words above
    *(VocabularyEntry(s.code, "en", s.status, f"ISO/IEC stage: {s.name}") for s in ISO_STAGES),
)

DEGREE_WORDS: Final[tuple[VocabularyEntry, ...]] = (
    # IDT, MOD, NEQ (old GB standards write them in lower case: idt, mod, neq; matched case-insensitively)
    *(VocabularyEntry(d, "en", d) for d in DEGREES),
    VocabularyEntry("identical", "en", "IDT"),
    VocabularyEntry("等同", "zh", "IDT"),
    VocabularyEntry("等同采用", "zh", "IDT"),
    VocabularyEntry("идентичный", "ru", "IDT"),
    VocabularyEntry("идентичен", "ru", "IDT"),
    VocabularyEntry("идентичная", "ru", "IDT"),
    VocabularyEntry("modified", "en", "MOD"),
    VocabularyEntry("修改", "zh", "MOD"),
    VocabularyEntry("修改采用", "zh", "MOD"),
    VocabularyEntry("модифицированный", "ru", "MOD"),
    VocabularyEntry("модифицированная", "ru", "MOD"),
    VocabularyEntry(
        "eqv",
        "en",
        "MOD",
        "pre-2001 GB/T 20000.2 'equivalent': technical deviations allowed; read as MOD",
    ),
    VocabularyEntry("等效", "zh", "MOD", "pre-2001 'equivalent' (eqv); read as MOD"),
    VocabularyEntry("等效采用", "zh", "MOD", "pre-2001 'equivalent' (eqv); read as MOD"),
    VocabularyEntry("equivalent", "en", "MOD", "Relaton 'equivalent' relation"),
    VocabularyEntry("not equivalent", "en", "NEQ"),
    VocabularyEntry("nonequivalent", "en", "NEQ"),
    VocabularyEntry("non-equivalent", "en", "NEQ"),
    VocabularyEntry("非等效", "zh", "NEQ"),
    VocabularyEntry("非等效采用", "zh", "NEQ"),
    VocabularyEntry("参照采用", "zh", "NEQ", "pre-2001 'with reference to'"),
    VocabularyEntry("неэквивалентный", "ru", "NEQ"),
    VocabularyEntry("неэквивалентная", "ru", "NEQ"),
    VocabularyEntry("", "en", "unknown"),
    VocabularyEntry("?", "en", "unknown"),
)


#: Country words of catalogue sheets (the committee's 国别 column): Chinese names, codes, names in English and
#: in each country's own language.
COUNTRY_WORDS: Final[tuple[VocabularyEntry, ...]] = (
    *(VocabularyEntry(c, "en", c) for c in ("CN", "BR", "RU", "IN", "ZA")),
    VocabularyEntry("中国", "zh", "CN"),
    VocabularyEntry("巴西", "zh", "BR"),
    VocabularyEntry("俄罗斯", "zh", "RU"),
    VocabularyEntry("俄罗斯联邦", "zh", "RU"),
    VocabularyEntry("俄联邦", "zh", "RU"),
    VocabularyEntry("印度", "zh", "IN"),
    VocabularyEntry("南非", "zh", "ZA"),
    VocabularyEntry("China", "en", "CN"),
    VocabularyEntry("Brazil", "en", "BR"),
    VocabularyEntry("Russia", "en", "RU"),
    VocabularyEntry("Russian Federation", "en", "RU"),
    VocabularyEntry("India", "en", "IN"),
    VocabularyEntry("South Africa", "en", "ZA"),
    VocabularyEntry("Brasil", "pt", "BR"),
    VocabularyEntry("Россия", "ru", "RU"),
    VocabularyEntry("BRA", "en", "BR", "ISO 3166 alpha-3"),
    VocabularyEntry("RUS", "en", "RU", "ISO 3166 alpha-3"),
    VocabularyEntry("IND", "en", "IN", "ISO 3166 alpha-3"),
    VocabularyEntry("ZAF", "en", "ZA", "ISO 3166 alpha-3"),
    VocabularyEntry("CHN", "en", "CN", "ISO 3166 alpha-3"),
)

#: The language a country's standards are titled in originally (a sheet's original-title column).
COUNTRY_TITLE_LANGUAGES: Final[dict[str, str]] = {"CN": "zh", "BR": "pt", "RU": "ru", "IN": "en", "ZA": "en"}


@lru_cache(maxsize=8192)
def _key(word: str) -> str:
    """The comparable form of a vocabulary word (NFKC, trimmed, case-folded, spaces collapsed); cached, as a batch
    looks up the same few words (and a mapping's own table) for every record."""
    text = unicodedata.normalize("NFKC", word).strip().casefold()
    return re.sub(r"\s+", " ", text)


_STATUS_INDEX: Final = {_key(e.word): e.value for e in STATUS_WORDS}
_DEGREE_INDEX: Final = {_key(e.word): e.value for e in DEGREE_WORDS}
_COUNTRY_INDEX: Final = {_key(e.word): e.value for e in COUNTRY_WORDS}


def normalize_status(word: str | None, extra: dict[str, str] | None = None) -> str | None:
    """Map a source's status word onto the catalogue vocabulary; ``None`` stays ``None``.

    ``extra`` is a source-specific table (for example from an import mapping file) consulted
    first. An unknown word raises :class:`VocabularyError`.
    """
    if word is None:
        return None
    key = _key(word)
    if not key:
        return None
    if extra:
        for source_word, value in extra.items():
            if _key(source_word) == key:
                if value not in STATUSES:
                    raise VocabularyError("status", value, list(STATUSES))
                return value
    try:
        return _STATUS_INDEX[key]
    except KeyError:
        words = [e.word for e in STATUS_WORDS if not e.word[:1].isdigit()] + ["ISO/IEC stage codes 00.00-95.99"]
        raise VocabularyError("status word", word, words) from None


def normalize_degree(word: str | None) -> str:
    """Map a degree-of-correspondence word (等同, MOD, идентичный, eqv, ...) onto IDT/MOD/NEQ/unknown."""
    if word is None:
        return "unknown"
    try:
        return _DEGREE_INDEX[_key(word)]
    except KeyError:
        raise VocabularyError("degree of correspondence", word, [e.word for e in DEGREE_WORDS if e.word]) from None


def normalize_country(word: str | None) -> str | None:
    """Map a country word (巴西, RU, India, Россия, ...) onto its code; ``None`` or blank stays ``None``."""
    if word is None or not _key(word):
        return None
    try:
        return _COUNTRY_INDEX[_key(word)]
    except KeyError:
        raise VocabularyError("country", word, [e.word for e in COUNTRY_WORDS]) from None


def vocabulary_rows() -> list[dict[str, str]]:
    """Both tables as rows (``vocabulary``, ``word``, ``lang``, ``value``, ``note``), for the catalogue."""
    rows = [{"vocabulary": "status", **_entry_dict(e)} for e in STATUS_WORDS]
    rows += [{"vocabulary": "degree", **_entry_dict(e)} for e in DEGREE_WORDS if e.word]
    rows += [{"vocabulary": "country", **_entry_dict(e)} for e in COUNTRY_WORDS]
    return rows


def _entry_dict(entry: VocabularyEntry) -> dict[str, str]:
    return {"word": entry.word, "lang": entry.lang, "value": entry.value, "note": entry.note}
