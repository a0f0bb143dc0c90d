"""The shared record schema every layer stands on: :class:`StandardRecord`, :class:`Adoption`, :class:`Designation`.

A :class:`StandardRecord` is one edition of one standard, national or international. This module
imports only the errors and the vocabularies; reading and writing the interchange form (which
needs the designation parser) lives in :mod:`standards_lib.interchange`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import RecordError, VocabularyError
from .vocab import DEGREES

COUNTRIES = ("CN", "BR", "RU", "IN", "ZA", "INT")
#: The countries whose standards get Chinese equivalents suggested.
FOREIGN_COUNTRIES = ("BR", "RU", "IN", "ZA")
#: Countries whose national numbers follow the ISO/IEC number of the standard they adopt (SANS 9001 is ISO 9001).
#: GOST, IS, ABNT and GB numbers do not: a number alike there is chance, never evidence.
ISO_NUMBERING_COUNTRIES = ("ZA",)
KINDS = ("national", "interstate", "sector", "local", "group", "international", "plan")
ADOPTION_EVIDENCE = ("designation", "metadata", "inferred")

#: ``extra`` key listing the languages whose title the source gives as a translation of its own (the committee's
#: 中文标题 of a Russian standard), not as the standard's original title.
TRANSLATED_TITLES = "translated_titles"

ICS_RE = re.compile(r"^\d{2}(?:\.\d{3}(?:\.\d{2})?)?$")
CCS_RE = re.compile(r"^[A-Z]\d{2}$")


@dataclass(frozen=True, slots=True)
class Adoption:
    """An international standard adopted by a national one, with its degree of correspondence."""

    ref: str
    degree: str = "unknown"
    evidence: str = "metadata"

    def __post_init__(self) -> None:
        if self.degree not in DEGREES:
            raise VocabularyError("degree of correspondence", self.degree, list(DEGREES))
        if self.evidence not in ADOPTION_EVIDENCE:
            raise RecordError(f"adoption evidence must be one of {ADOPTION_EVIDENCE}, not {self.evidence!r}")


@dataclass(frozen=True, slots=True)
class Designation:
    """A parsed standard designation (see :func:`standards_lib.parse_designation`)."""

    input: str
    canonical: str
    body: str
    country: str
    kind: str
    prefix: str
    number: str
    parts: tuple[str, ...] = ()
    year: int | None = None
    edition: str | None = None
    amendments: tuple[str, ...] = ()
    adoptions: tuple[Adoption, ...] = ()
    language: str | None = None

    @property
    def work_key(self) -> str:
        """Identifies the work whatever its edition: country, prefix, number and parts."""
        part = "-".join(self.parts)
        return f"{self.country}|{self.prefix}|{self.number}" + (f"|{part}" if part else "")

    @property
    def edition_key(self) -> str:
        """Identifies the edition: the work key plus year, edition and amendments."""
        extra = "|".join(self.amendments)
        return f"{self.work_key}|{self.year or ''}|{self.edition or ''}" + (f"|{extra}" if extra else "")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["parts"] = list(self.parts)
        data["amendments"] = list(self.amendments)
        data["part"] = "-".join(self.parts) or None
        data["adoptions"] = [asdict(a) for a in self.adoptions]
        data["work_key"] = self.work_key
        data["edition_key"] = self.edition_key
        return data


@dataclass(slots=True)
class StandardRecord:
    """One edition of one standard, in the catalogue's shared schema."""

    designation: str
    canonical: str
    body: str
    country: str
    kind: str
    prefix: str
    number: str
    parts: list[str] = field(default_factory=list)
    year: int | None = None
    edition: str | None = None
    amendments: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    status: str | None = None
    status_raw: str | None = None
    published: str | None = None
    effective: str | None = None
    withdrawn: str | None = None
    ics: list[str] = field(default_factory=list)
    ccs: list[str] = field(default_factory=list)
    adoptions: list[Adoption] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    source: str = "unknown"
    source_url: str | None = None
    location: str | None = None
    fetched_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title_en(self) -> str | None:
        return self.titles.get("en")

    @property
    def work_key(self) -> str:
        return designation_of(self).work_key

    @property
    def edition_key(self) -> str:
        return designation_of(self).edition_key

    def title(self, *langs: str) -> str | None:
        """The first title found in the given languages, else any title."""
        for lang in langs:
            if self.titles.get(lang):
                return self.titles[lang]
        return next(iter(self.titles.values()), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready interchange form (the output form of the JSON Lines)."""
        data = asdict(self)
        data["adoptions"] = [asdict(a) for a in self.adoptions]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)


def translated_languages(record: StandardRecord) -> list[str]:
    """The languages whose title a source marked as its translation (``extra["translated_titles"]``)."""
    marked = record.extra.get(TRANSLATED_TITLES) or []
    return [lang for lang in marked if isinstance(lang, str) and record.titles.get(lang)]


def designation_of(record: StandardRecord) -> Designation:
    """The :class:`Designation` view of a record's parsed fields."""
    return Designation(
        input=record.designation,
        canonical=record.canonical,
        body=record.body,
        country=record.country,
        kind=record.kind,
        prefix=record.prefix,
        number=record.number,
        parts=tuple(record.parts),
        year=record.year,
        edition=record.edition,
        amendments=tuple(record.amendments),
        adoptions=tuple(record.adoptions),
    )


@dataclass(frozen=True, slots=True)
class CommitteeDecision:
    """The committee's latest decision on a suggested link: an equivalence (a foreign standard and a Chinese
    one) or an inferred adoption (a national standard and the designation of an ISO/IEC work)."""

    standard_id: str  # the foreign standard of an equivalence, the national standard of an adoption
    linked: str  # the Chinese standard, or the international work
    decision: str  # one of vocab.DECISIONS

    @property
    def pair(self) -> tuple[str, str]:
        return (self.standard_id, self.linked)


__all__ = [
    "ADOPTION_EVIDENCE",
    "CCS_RE",
    "COUNTRIES",
    "FOREIGN_COUNTRIES",
    "ICS_RE",
    "ISO_NUMBERING_COUNTRIES",
    "KINDS",
    "TRANSLATED_TITLES",
    "Adoption",
    "CommitteeDecision",
    "Designation",
    "StandardRecord",
    "designation_of",
    "translated_languages",
]
