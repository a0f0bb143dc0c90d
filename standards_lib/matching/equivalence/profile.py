"""A record prepared once for matching: normalised titles, tokens, parts, adoption works, ICS.

Matching compares each foreign record with a few dozen Chinese candidates; everything that depends
on one record only (normalisation, parsing the adopted references) is computed once here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...designation import canonical_or_folded, try_parse_designation
from ...designation.work import work_key
from ...records import StandardRecord, translated_languages
from .crosslang import CROSS, cross_title
from .normalize import comparable_text, detect_language, normalize_title, title_parts, title_tokens

INACTIVE_STATUSES = frozenset({"withdrawn", "replaced"})


@dataclass(frozen=True, slots=True)
class AdoptedWork:
    """One international reference adopted by a record, resolved to its work (edition-free) key."""

    ref: str  # canonical: "ISO 9001:2015", or undated "ISO 9001"
    work: str  # "ISO 9001" (the reference without its year)
    key: str  # "ISO|IEC|9001|" : family, number and parts
    number_key: str  # "9001", "60335-1": number and parts, for designation-number hints
    year: int | None
    degree: str  # IDT / MOD / NEQ / unknown
    evidence: str  # designation / metadata / inferred (from a title) / number (SANS numbering)
    parts: tuple[str, ...] = ()
    source: str | None = None  # for inferred adoptions: the record the inference came from
    confidence: float = 1.0  # probability that the link holds: 1 when declared, the model's score when inferred


@lru_cache(maxsize=100_000)
def resolve_reference(ref: str) -> tuple[str, str, str, int | None, tuple[str, ...]] | None:
    """``(work, key, number_key, year, parts)`` of an international reference, None if unreadable; the key is
    :func:`standards_lib.designation.work.work_key` (a national reference keeps its own prefix as family)."""
    parsed = try_parse_designation(ref)
    if parsed is None:
        return None
    part = "-".join(parsed.parts)
    number_key = parsed.number + (f"-{part}" if part else "")
    key = work_key(parsed) or f"{parsed.prefix.upper()}|{number_key}"
    return f"{parsed.prefix} {number_key}", key, number_key, parsed.year, parsed.parts


def adopted_work(ref: str, degree: str, evidence: str, source: str | None = None) -> AdoptedWork | None:
    resolved = resolve_reference(ref)
    if resolved is None:
        return None
    work, key, number_key, year, parts = resolved
    return AdoptedWork(ref, work, key, number_key, year, degree, evidence, parts, source)


@dataclass(slots=True)
class RecordProfile:
    """The matching view of one record."""

    id: str
    designation: str
    country: str
    titles: dict[str, str]  # language -> original title
    texts: dict[str, str]  # language -> comparable normalised text
    tokens: dict[str, list[str]]  # language -> index tokens
    parts: tuple[str, ...] | None  # international-numbered part when known
    parts_source: str | None
    adoptions: list[AdoptedWork]
    ics: frozenset[str]
    number_key: str  # the designation's own number and parts: "9001", "60335-1"
    status: str | None
    year: int | None = None
    has_designation_parts: bool = False
    replaced_by: tuple[str, ...] = ()
    work_key: str = ""
    inferred: list[AdoptedWork] = field(default_factory=list)

    implied: list[AdoptedWork] = field(default_factory=list)
    ics_groups: frozenset[str] = frozenset()
    ics_fields: frozenset[str] = frozenset()
    #: adoptions from metadata and designation, then inferred and number-implied ones (kept in step by
    #: :meth:`add_inferred`)
    all_adoptions: list[AdoptedWork] = field(default_factory=list)
    #: language -> ({token: IDF weight}, total weight); filled by :meth:`CandidateIndex.weigh`
    weights: dict[str, tuple[dict[str, float], float]] = field(default_factory=dict)
    #: the title rendered as English stems, for comparison across languages (see :mod:`.crosslang`)
    cross: Any = None
    #: languages whose title is the source's translation (the committee's 中文标题), not the original
    translated: frozenset[str] = frozenset()
    #: the English titles (rendered as stems) of the ISO/IEC works this record declares it adopts, by work key,
    #: when the catalogue holds them (:func:`.preparation.add_work_titles`)
    work_titles: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.all_adoptions = self.adoptions + self.inferred + self.implied

    def add_inferred(self, work: AdoptedWork) -> None:
        """Record an adoption inferred from a title match."""
        self.inferred.append(work)
        self.all_adoptions = self.adoptions + self.inferred + self.implied

    @property
    def inactive(self) -> bool:
        return self.status in INACTIVE_STATUSES


def profile_record(record: StandardRecord, *, cross: bool = True) -> RecordProfile:
    """Prepare one record for matching (pure; never raises for odd titles or references).

    With ``cross`` the title is also rendered as English stems and indexed under the pseudo-language
    :data:`~.crosslang.CROSS`, so that titles in different languages can find each other."""
    titles: dict[str, str] = {}
    for lang, title in record.titles.items():
        if not title:
            continue
        lang = lang if lang in ("zh", "en", "ru", "pt") else detect_language(title)
        titles.setdefault(lang, title)
    texts: dict[str, str] = {}
    tokens: dict[str, list[str]] = {}
    for lang, title in titles.items():
        normalized = normalize_title(title, lang)
        if normalized:
            texts[lang] = comparable_text(normalized, lang)
            tokens[lang] = title_tokens(normalized, lang)
    adoptions = [w for a in record.adoptions if (w := adopted_work(a.ref, a.degree, a.evidence)) is not None]
    if record.country == "INT":  # an international record "adopts" itself: it is the work
        own = adopted_work(record.canonical, "IDT", "designation")
        if own is not None:
            adoptions.append(own)
    rendered = cross_title(titles) if cross else None
    if rendered is not None:
        tokens[CROSS] = sorted(rendered.stems())
    parts, parts_source = _effective_parts(record, titles, adoptions)
    part = "-".join(record.parts)
    implied = []
    if record.country == "ZA" and not adoptions and record.number.isdigit():
        body = "IEC" if int(record.number) >= 60000 else "ISO"
        implied_work = adopted_work(
            f"{body} {record.number}" + (f"-{part}" if part else ""),
            "unknown",
            "number",
            source=f"{record.canonical} (SANS keeps the number of the ISO/IEC standard it adopts)",
        )
        if implied_work is not None:
            implied.append(implied_work)
    return RecordProfile(
        id=record.canonical,
        designation=record.designation,
        country=record.country,
        titles=titles,
        texts=texts,
        tokens=tokens,
        parts=parts,
        parts_source=parts_source,
        adoptions=adoptions,
        ics=frozenset(record.ics),
        ics_groups=frozenset(x[:6] for x in record.ics if len(x) >= 6),
        ics_fields=frozenset(x[:2] for x in record.ics),
        number_key=record.number + (f"-{part}" if part else ""),
        status=record.status,
        year=record.year,
        has_designation_parts=bool(record.parts),
        replaced_by=tuple(canonical_or_folded(r) for r in record.replaced_by),
        work_key=record.work_key,
        implied=implied,
        cross=rendered,
        translated=frozenset(translated_languages(record)),
    )


def _effective_parts(
    record: StandardRecord, titles: dict[str, str], adoptions: list[AdoptedWork]
) -> tuple[tuple[str, ...] | None, str | None]:
    """The part in international numbering: from the adopted reference, else the title, else (outside China,
    where national numbering differs) the designation."""
    ref_parts = {a.parts for a in adoptions}
    if len(ref_parts) == 1:
        only = next(iter(ref_parts))
        if only:
            return only, "adopted reference"
    for lang in ("en", "zh", "ru", "pt"):
        found = title_parts(titles.get(lang))
        if found:
            return found, f"{lang} title"
    if record.country != "CN" and record.parts:
        return tuple(record.parts), "designation"
    return None, None


def parts_conflict(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> bool:
    """True when both parts are known and disagree on their common length (``2`` agrees with ``2-1``)."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] != b[:n]


__all__ = [
    "INACTIVE_STATUSES",
    "AdoptedWork",
    "RecordProfile",
    "adopted_work",
    "parts_conflict",
    "profile_record",
    "resolve_reference",
]
