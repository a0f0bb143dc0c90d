"""Signals between a national standard and an international work, as named numeric features.

Each candidate pair (national record, :class:`~.hub.Work`) gets the features of :data:`FEATURES`; the
fitted logistic model (:mod:`.learn`) turns them into a probability. No weight is set here by hand.

- title: ``cover_national`` (IDF-weighted share of the national title's words that some English
  rendering finds in the international title), ``cover_international`` (share of the international
  title's IDF mass so explained), their harmonic mean ``title`` and its ``margin`` over the best other
  candidate of the same national record (set by :mod:`.inference`, which sees all candidates);
- parts: the part written in the national title (``第5-1部分``) against the work's part
  (``IEC 60947-5-1``): equal (``101`` equals ``10-1`` written without its hyphen; ``part_equal_title``
  lets equal parts count more when the titles agree, since any two series have a Part 2;
  ``part_equal_first`` marks an equal Part 1, the general part every multi-part series has, weaker evidence
  still: on the tune labels an equal Part 1 candidate was right 40 times in 182, another equal part
  176 times in 386), a prefix
  (``第2部分`` of ``60335-2-80``), in conflict, or missing on one side; the designation's own part
  (GB/T 14048.5 -> 5), which Chinese numbering does not always keep, is a weaker signal of its own;
- time: the gap in years to the edition the national standard would adopt; the work withdrawn
  altogether (a work with no edition published before the national standard is no candidate at all:
  :mod:`.inference` leaves it out);
- ICS codes agreeing or in different fields; kind of document (a GB/Z guidance document against an
  International Standard, a GB standard against a Technical Report or Guide);
- series consistency (second pass): how many other standards of the national series are known to
  adopt works of this work's international series, or of other international series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ...records import StandardRecord
from ..translate import Slot, TranslatedTitle, detect_language, translate_title
from .works import Hub, Work

#: The features of a candidate pair, in the order of the model's coefficients.
FEATURES: tuple[str, ...] = (
    "cover_national",
    "cover_international",
    "title",
    "margin",
    "missing_national",
    "missing_international",
    "short_title",
    "part_equal",
    "part_equal_title",
    "part_equal_first",
    "part_prefix",
    "part_conflict",
    "part_missing_national",
    "part_missing_international",
    "designation_part_agree",
    "designation_part_conflict",
    "edition_gap",
    "work_withdrawn",
    "ics_agree",
    "ics_conflict",
    "kind_conflict",
    "series_support",
    "series_conflict",
)

_CHINESE_FAMILY = {"GB": "GB", "GB/T": "GB", "GB/Z": "GB"}
_REPORT_KINDS = frozenset({"TR", "Guide"})


@dataclass(frozen=True, slots=True)
class NationalProfile:
    """What inference needs of one national record, computed once."""

    designation: str
    title: TranslatedTitle
    designation_parts: tuple[str, ...]
    year: int | None
    ics: frozenset[str]
    guidance: bool  # a guidance document (GB/Z)
    series: str  # "GB|14048": family and number, without parts


def national_series(record: StandardRecord) -> str:
    """The series key of a national record: ``GB|14048`` for GB, GB/T and GB/Z 14048.x alike."""
    return f"{_CHINESE_FAMILY.get(record.prefix, record.prefix)}|{record.number}"


def national_title(record: StandardRecord) -> tuple[str, str] | None:
    """``(title, language)`` used for inference: English when the record has it, else Chinese, Russian or
    Portuguese; a title of unknown language (``und``) is taken in the language its script shows."""
    for lang in ("en", "zh", "ru", "pt"):
        if record.titles.get(lang):
            return record.titles[lang], lang
    untagged = record.titles.get("und")
    return (untagged, detect_language(untagged)) if untagged else None


def with_cognates(title: TranslatedTitle, hub: Hub) -> TranslatedTitle:
    """A Russian title whose untranslated words that spell an English stem of the hub's titles (``ксенон``
    ``xenon``: :mod:`..cognates`) become slots of their own (origin ``cognate``); other titles as they are."""
    if title.lang != "ru" or not title.untranslated:
        return title
    slots, left = list(title.slots), []
    for word in title.untranslated:
        stems = hub.cognates.find(word)
        if stems:
            slots.append(Slot(word, tuple((s,) for s in stems), "cognate"))
        else:
            left.append(word)
    return replace(title, slots=tuple(slots), untranslated=tuple(left))


def profile_national(record: StandardRecord, hub: Hub | None = None) -> NationalProfile | None:
    """The inference profile of a national record; None when it has no title in a supported language. With
    ``hub``, the untranslated words of a Russian title that spell a word of its titles count (:func:`with_cognates`)."""
    found = national_title(record)
    if found is None:
        return None
    title = translate_title(found[0], found[1])
    year = record.year
    if year is None and record.published and record.published[:4].isdigit():
        year = int(record.published[:4])
    return NationalProfile(
        record.designation,
        title if hub is None else with_cognates(title, hub),
        tuple(record.parts),
        year,
        frozenset(record.ics),
        record.prefix.upper() == "GB/Z",
        national_series(record),
    )


@dataclass(frozen=True, slots=True)
class PreparedTitle:
    """A translated title weighed once against a hub: per slot, its weight and its renderings' stems and IDF."""

    slots: tuple[tuple[float, float, tuple[tuple[tuple[str, ...], tuple[float, ...], float], ...]], ...]
    total: float


def prepare_title(title: TranslatedTitle, hub: Hub) -> PreparedTitle:
    """Weigh a translated title's slots with the hub's IDF (a slot weighs what its first rendering weighs)."""
    weight = hub.weight
    slots = []
    for slot in title.slots:
        phrases = tuple((p, tuple(weight(s) for s in p), sum(weight(s) for s in p)) for p in slot.phrases)
        slots.append((phrases[0][2], max(phrases[0][1]), phrases))
    return PreparedTitle(tuple(slots), sum(w for w, _, _ in slots))


#: IDF values are divided by this to give the ``missing_*`` features a range near [0, 1].
IDF_SCALE = 10.0

Cover = tuple[float, float, float, float]


def title_cover(title: PreparedTitle, english: frozenset[str], english_total: float, idf: dict[str, float]) -> Cover:
    """``(cover_national, cover_international, missing_national, missing_international)`` of a prepared title
    against one English title's stems.

    A slot counts for its weight times the best share of any rendering's IDF mass found in the English
    title; the English side counts the IDF mass (``english_total`` in all) of the stems so found. The
    ``missing`` values are the IDF (scaled by :data:`IDF_SCALE`) of the rarest word of either title that
    the other does not have at all: a distinctive word left over says the subjects differ.
    """
    found = missing = 0.0
    matched: set[str] = set()
    for slot_weight, rarest, phrases in title.slots:
        best, best_phrase = 0.0, None
        for stems, weights, total in phrases:
            hit = 0.0
            for s, w in zip(stems, weights):
                if s in english:
                    hit += w
            if hit > best * total:
                best, best_phrase = hit / total, stems
        if best_phrase is not None:
            found += best * slot_weight
            matched.update(s for s in best_phrase if s in english)
        elif rarest > missing:
            missing = rarest
    english_found = sum(idf[s] for s in matched)
    missing_international = max((idf[s] for s in english if s not in matched), default=0.0)
    return (
        found / title.total if title.total else 0.0,
        english_found / english_total if english_total else 0.0,
        missing / IDF_SCALE,
        missing_international / IDF_SCALE,
    )


def harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def best_title_cover(title: PreparedTitle, work: Work, year: int | None, hub: Hub) -> Cover:
    """The covers against the edition title (of the editions adoptable by ``year``) that fits best."""
    best: Cover = (0.0, 0.0, 0.0, 0.0)
    for stems, total in work.variants(year):
        cover = title_cover(title, stems, total, hub.idf)
        if harmonic(cover[0], cover[1]) > harmonic(best[0], best[1]):
            best = cover
    return best


def _parts_equal(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a == b or (len(a) != len(b) and "".join(a) == "".join(b))


def part_signals(profile: NationalProfile, work: Work) -> dict[str, float]:
    """Part agreement features of a pair (see the module docstring)."""
    out = dict.fromkeys(
        (
            "part_equal",
            "part_equal_first",
            "part_prefix",
            "part_conflict",
            "part_missing_national",
            "part_missing_international",
            "designation_part_agree",
            "designation_part_conflict",
        ),
        0.0,
    )
    national, international = profile.title.part, work.parts
    if national and international:
        if _parts_equal(national, international):
            out["part_equal"] = 1.0
            out["part_equal_first"] = 1.0 if international == ("1",) else 0.0
        elif international[: len(national)] == national:
            out["part_prefix"] = 1.0
        else:
            out["part_conflict"] = 1.0
    elif national:
        out["part_missing_international"] = 1.0
    elif international:
        out["part_missing_national"] = 1.0
        designation = profile.designation_parts
        if designation:
            if _parts_equal(designation, international) or international[: len(designation)] == designation:
                out["designation_part_agree"] = 1.0
            else:
                out["designation_part_conflict"] = 1.0
    return out


def pair_features(
    profile: NationalProfile, work: Work, hub: Hub, title: PreparedTitle | None = None
) -> dict[str, float]:
    """The features of one pair, except ``margin`` and the series features (set by :mod:`.inference`).

    ``title`` is the profile's title prepared by :func:`prepare_title` (prepared here when not given).
    """
    title = title or prepare_title(profile.title, hub)
    cover_national, cover_international, missing_national, missing_international = best_title_cover(
        title, work, profile.year, hub
    )
    edition, preceded = work.edition_for(profile.year)
    gap = (profile.year - edition.year) if (preceded and profile.year and edition.year) else 0
    features = {
        "cover_national": cover_national,
        "cover_international": cover_international,
        "title": harmonic(cover_national, cover_international),
        "margin": 0.0,
        "missing_national": missing_national,
        "missing_international": missing_international,
        "short_title": 1.0 / max(len(profile.title.slots), 1),
        "edition_gap": min(max(gap, 0), 30) / 10.0,
        "work_withdrawn": 1.0 if work.withdrawn else 0.0,
        "ics_agree": 0.0,
        "ics_conflict": 0.0,
        "kind_conflict": 1.0
        if (profile.guidance and work.kind == "IS") or (not profile.guidance and work.kind in _REPORT_KINDS)
        else 0.0,
        "series_support": 0.0,
        "series_conflict": 0.0,
    }
    if profile.ics and work.ics:
        if {c[:6] for c in profile.ics} & {c[:6] for c in work.ics}:
            features["ics_agree"] = 1.0
        elif not {c[:2] for c in profile.ics} & {c[:2] for c in work.ics}:
            features["ics_conflict"] = 1.0
    features.update(part_signals(profile, work))
    features["part_equal_title"] = features["part_equal"] * features["title"]
    return features


def series_features(support: int, conflict: int) -> dict[str, float]:
    """Series consistency features from counts of other national standards of the series."""
    return {"series_support": math.log1p(support), "series_conflict": math.log1p(conflict)}


__all__ = [
    "FEATURES",
    "NationalProfile",
    "PreparedTitle",
    "best_title_cover",
    "harmonic",
    "national_series",
    "national_title",
    "pair_features",
    "part_signals",
    "prepare_title",
    "profile_national",
    "series_features",
    "title_cover",
    "with_cognates",
]
