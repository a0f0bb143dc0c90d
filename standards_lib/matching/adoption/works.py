"""The international hub: ISO/IEC records grouped into works, indexed by English title stems.

Adoption inference links a national standard to the international *work* it adopts (``IEC 60947-5-1``),
then to the edition it most likely adopted (the latest one published before it). :class:`Hub` groups the
international records (country ``INT``) into :class:`Work` objects, leaving out amendments, corrigenda and
drafts, which are not works of their own; consolidated versions parse as amendments and are left out too.

Candidate generation is *blocking*: an inverted index maps each English stem to the works whose titles
use it, weighted by IDF over the works. :meth:`Hub.retrieve` reads the postings of a translated title's
stems, rarest first, within a budget of postings (stems carried by more than ``max_postings`` works are
too common to find anything), and keeps the best ``limit`` works by summed IDF. The cost per national
title is bounded by the budget, never by the size of the catalogue.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import add, mul, neg, truediv
from sys import intern

from ...designation import work as designation_work
from ...records import StandardRecord
from ..cognates import CognateIndex
from ..translate import TranslatedTitle, english_title

#: Prefix words that mark a draft stage: such records are not published works.
_DRAFT_RE = re.compile(r"(?:^|/|\s)(?:AWI|NP|PWI|WD|CD|DIS|FDIS|DTR|DTS|DPAS|PRF|DAmd|CDV)(?:$|/|\s)", re.I)
#: Statuses of an edition that keep its work alive (unknown statuses count as alive too).
ACTIVE_STATUSES = frozenset({"current", "upcoming", None})
_KIND_RES = (
    ("TR", re.compile(r"(?:/|\s)TR\b")),
    ("TS", re.compile(r"(?:/|\s)TS\b")),
    ("PAS", re.compile(r"(?:/|\s)PAS\b")),
    ("Guide", re.compile(r"\bGuide\b", re.I)),
)


@dataclass(frozen=True, slots=True)
class Edition:
    """One edition of a work: its dated designation, year, status and English title stems."""

    designation: str
    year: int | None
    status: str | None
    title: str
    stems: tuple[str, ...]


@dataclass(slots=True)
class Work:
    """An international work (all editions of ``IEC 60947-5-1``)."""

    key: str  # "ISO|IEC|60947-5-1" (co-publishers folded: ISO/IEC 27001 is ISO 27001 too)
    designation: str  # undated designation of the latest edition: "IEC 60947-5-1"
    series: str  # "ISO|IEC|60947": the number without its parts
    parts: tuple[str, ...]
    kind: str  # IS, TS, TR, PAS, Guide
    ics: frozenset[str]
    editions: list[Edition] = field(default_factory=list)
    stems: frozenset[str] = frozenset()
    _variants: list[tuple[int | None, frozenset[str], float]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.editions[-1].title if self.editions else ""

    @property
    def withdrawn(self) -> bool:
        """True when no edition is current or upcoming (the work was withdrawn or replaced by another)."""
        return not any(e.status in ACTIVE_STATUSES for e in self.editions)

    def edition_for(self, year: int | None) -> tuple[Edition, bool]:
        """``(edition, preceded)``: the edition a national standard of ``year`` adopts, the latest one published
        in an earlier year (else in the same year: adoption takes time); when none precedes it, the earliest
        edition and False. An unknown year takes the latest edition."""
        if year is None:
            return self.editions[-1], True
        before = [e for e in self.editions if e.year is not None and e.year < year]
        if before:
            return before[-1], True
        same = [e for e in self.editions if e.year == year]
        if same:
            return same[-1], True
        return self.editions[0], False

    def preceded(self, year: int | None) -> bool:
        """Whether some edition was published in or before ``year`` (always True for an unknown year)."""
        return year is None or any(e.year is not None and e.year <= year for e in self.editions)

    def variants(self, year: int | None) -> list[tuple[frozenset[str], float]]:
        """``(stems, IDF total)`` of the distinct edition titles that could have been adopted by ``year``
        (every edition when none precedes it)."""
        chosen = [(stems, total) for y, stems, total in self._variants if year is None or y is None or y <= year]
        return chosen or [(stems, total) for _, stems, total in self._variants]


def work_kind(prefix: str) -> str:
    """IS, TS, TR, PAS or Guide from an international prefix (``IEC/TR`` -> TR)."""
    for kind, pattern in _KIND_RES:
        if pattern.search(prefix):
            return kind
    return "IS"


def family(prefix: str) -> str:
    """The numbering family of an international prefix: ISO and IEC share one (``ISO/IEC``, ``IEC/IEEE``,
    ``ISO/TR`` and ``IEC TS`` included: a work keeps its number when its type changes); guides have their own.
    One definition: :func:`standards_lib.designation.work.family`."""
    return designation_work.family(prefix)


def work_key(prefix: str, number: str, parts: Sequence[str]) -> str:
    """``ISO|IEC|60947-5-1``: the family, number and parts of a work, whatever its edition and co-publishers
    (:func:`standards_lib.designation.work.work_key_from_parts`)."""
    return designation_work.work_key_from_parts(prefix, number, parts)


def series_key(prefix: str, number: str) -> str:
    """The series of a work: its family and number (``IEC/TR 61000-3-6`` -> ``ISO|IEC|61000``)."""
    return f"{family(prefix)}|{number}"


def series_of(key: str) -> str:
    """The series of a work key (``ISO|IEC|60947-5-1`` -> ``ISO|IEC|60947``)."""
    head, _, number = key.rpartition("|")
    return f"{head}|{number.split('-')[0]}"


def work_key_of(designation: str) -> str | None:
    """The work key of an international designation (``IEC 60947-5-1:2016`` -> ``ISO|IEC|60947-5-1``); None for a
    national designation or unreadable text (:func:`standards_lib.designation.work.work_key`)."""
    return designation_work.work_key(designation)


def is_work_record(record: StandardRecord) -> bool:
    """An international record that is a published edition of a work (not an amendment, corrigendum, draft)."""
    return (
        record.country == "INT"
        and not record.amendments
        and record.status != "draft"
        and not _DRAFT_RE.search(record.prefix)
        and bool(record.titles.get("en"))
    )


def _year(record: StandardRecord) -> int | None:
    if record.year is not None:
        return record.year
    if record.published and record.published[:4].isdigit():
        return int(record.published[:4])
    return None


class Hub:
    """International works with an inverted index of their English title stems (IDF-weighted)."""

    def __init__(self, records: Iterable[StandardRecord], *, max_postings: int = 4000) -> None:
        self.max_postings = max_postings
        by_key: dict[str, Work] = {}
        seen: set[str] = set()
        skipped = 0
        for record in records:
            if not is_work_record(record) or record.canonical in seen:
                skipped += record.country == "INT"
                continue
            seen.add(record.canonical)
            key, parts = work_key(record.prefix, record.number, record.parts), tuple(record.parts)
            title = record.titles["en"]
            stems, _ = english_title(title)
            edition = Edition(record.canonical, _year(record), record.status, title, tuple(intern(s) for s in stems))
            work = by_key.get(key)
            undated = record.canonical.split(":")[0]
            if work is None:
                work = by_key[key] = Work(
                    key,
                    undated,
                    series_key(record.prefix, record.number),
                    tuple(parts),
                    work_kind(record.prefix),
                    frozenset(record.ics),
                )
            elif record.ics:
                work.ics = work.ics | frozenset(record.ics)
            work.editions.append(edition)
            if edition.year is not None and all(e.year is None or e.year <= edition.year for e in work.editions):
                work.designation = undated
        self.skipped = skipped
        self.works: list[Work] = list(by_key.values())
        self.by_key = {w.key: i for i, w in enumerate(self.works)}
        postings: dict[str, list[int]] = defaultdict(list)
        self.by_series: dict[str, list[int]] = defaultdict(list)
        for i, work in enumerate(self.works):
            work.editions.sort(key=lambda e: (e.year or 0, e.designation))
            work.stems = frozenset(s for e in work.editions for s in e.stems)
            for s in work.stems:
                postings[s].append(i)
            self.by_series[work.series].append(i)
        n = max(len(self.works), 1)
        self.postings = {s: array("i", p) for s, p in postings.items()}
        self.holders = {s: frozenset(p) for s, p in postings.items()}  # the same, for set intersections
        self._retrieved: dict[tuple[TranslatedTitle, int, int], tuple[int, ...]] = {}  # retrieve's answers
        self.idf = {s: math.log(n / len(p)) for s, p in postings.items()}
        self.unseen_idf = math.log(n)
        for work in self.works:
            variants: dict[tuple[str, ...], int | None] = {}
            for e in work.editions:  # oldest first: a title keeps the year it first appeared
                variants.setdefault(e.stems, e.year)
            work._variants = [(y, frozenset(st), sum(self.idf[s] for s in set(st))) for st, y in variants.items()]
        # the IDF mass of each work's shortest title, and its exact-title signatures keyed by their rarest stem
        self.title_mass = array("d", (min((t for _, _, t in w._variants), default=0.0) for w in self.works))
        self.signatures: dict[str, list[tuple[int, frozenset[str]]]] = defaultdict(list)
        for i, work in enumerate(self.works):
            for _, signature, _ in work._variants:
                if signature:
                    self.signatures[max(signature, key=lambda s: (self.idf[s], s))].append((i, signature))

    def __len__(self) -> int:
        return len(self.works)

    @cached_property
    def cognates(self) -> CognateIndex:
        """The stems of the works' titles by spelling, for Russian loanwords (built on first use)."""
        return CognateIndex(self.idf)

    def weight(self, stem: str) -> float:
        """IDF of a stem among the works' titles; an unseen stem weighs like the rarest."""
        return self.idf.get(stem, self.unseen_idf)

    def explained(self, stems: frozenset[str]) -> list[int]:
        """Works one of whose edition titles is made only of ``stems`` (every rendering of a national title
        counts): the exact-title signature index, read at the rarest stem of each signature, so that a title
        of common words only (``Quality management systems — Requirements``) is found however common they are."""
        found: list[int] = []
        for s in stems:
            for w, signature in self.signatures.get(s, ()):
                if signature <= stems:
                    found.append(w)
        return found

    def retrieve(self, title: TranslatedTitle, *, limit: int = 40, budget: int = 8000) -> list[int]:
        """The ``limit`` works whose titles share the most IDF mass with the title's stems, relative to both sizes.

        Candidates (the *pool*) are the works holding the rarest stems, read until ``budget`` postings (at least
        the two rarest; stems carried by more than ``max_postings`` works are too common to find anything after
        that), plus every work whose title the national title explains entirely (:meth:`explained`). Every
        stem of the title, however common, then adds its IDF to the pooled works holding it, and the pool is
        ranked by the IDF Dice coefficient: twice the shared mass over the title's mass (its first renderings)
        plus the work's (its shortest edition title). A work whose title is wholly explained outranks the
        hundreds that share the same common words among many others; ties go to the lower work index.
        """
        known = self._retrieved.get((title, limit, budget))
        if known is not None:  # editions of one national standard share their title
            return list(known)
        found = self._retrieve(title, limit, budget)
        self._retrieved[(title, limit, budget)] = tuple(found)
        return found

    def _retrieve(self, title: TranslatedTitle, limit: int, budget: int) -> list[int]:
        idf, postings, holders_of = self.idf, self.postings, self.holders
        query = frozenset(s for slot in title.slots for p in slot.phrases for s in p if s in idf)
        stems = sorted(query, key=lambda s: (-idf[s], s))
        pool: set[int] = set()
        read = used = 0
        for s in stems:
            posting = postings[s]
            if used >= 2 and (len(posting) > self.max_postings or read + len(posting) > budget):
                break
            pool.update(posting)
            read += len(posting)
            used += 1
        pool.update(self.explained(query))
        if not pool:
            return []
        shared = dict.fromkeys(pool, 0.0)
        for s in stems:  # in one order, so that each work's sum is the same float however it is computed
            held = pool.intersection(holders_of[s])  # walks the smaller of the two
            # shared[w] += idf[s] for every w in held, in C: each w once, so each is read before it is written
            shared.update(zip(held, map(add, map(shared.__getitem__, held), repeat(idf[s]))))
        mass = sum(self.weight(s) for slot in title.slots if slot.phrases for s in slot.phrases[0])
        works = list(shared)
        masses = list(shared.values())
        if mass > 0:  # every denominator is positive: the Dice coefficients computed by C-level maps
            denominators = map(add, repeat(mass), map(self.title_mass.__getitem__, works))
            dice = list(map(truediv, map(mul, repeat(2.0), masses), denominators))
        else:
            dice = [2 * m / (mass + self.title_mass[w]) if m else 0.0 for w, m in zip(works, masses)]
        # ranked by (Dice, lower index first): the same order as sorting on that key, without a key function
        best = heapq.nlargest(limit, zip(dice, map(neg, works)))
        return [-w for _, w in best]

    def siblings(self, works: Sequence[int], parts: tuple[str, ...] | None) -> list[int]:
        """Works of the same series as ``works`` whose parts are ``parts`` (the part a title names)."""
        if not parts:
            return []
        found: list[int] = []
        for series in dict.fromkeys(self.works[w].series for w in works):
            for j in self.by_series.get(series, ()):
                if self.works[j].parts == parts or "".join(self.works[j].parts) == "".join(parts):
                    found.append(j)
        return found


__all__ = [
    "Edition",
    "Hub",
    "Work",
    "family",
    "is_work_record",
    "series_key",
    "series_of",
    "work_key",
    "work_key_of",
    "work_kind",
]
