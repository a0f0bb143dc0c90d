"""Labelled sets for free: national records whose designation declares the ISO/IEC work they adopt.

A Russian designation writes its adoption (``ГОСТ Р ИСО 9001-2015`` adopts ISO 9001): the 3,600 such records of
the Rosstandart catalogue are a real labelled set for adoption inference from Russian titles. To use one, the
adoption must be *hidden*: :func:`hidden_adoption_label` builds a record with the same title, year and ICS
codes under a neutral designation of its own (``ГОСТ Р 900017-2019``: no international number, no parts, a
series of its own, so neither the designation nor series consistency can give the answer away) and labels it
with the work the original designation declared.

The halves are drawn by *series*, never by record: :func:`series_half` puts every part of an international
series (ISO 10303-1115 and ISO 10303-216 alike) in the same half, from a SHA-256 hash of the series key, so a
series learnt in the tune half is never "predicted" in the held-out half.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ...interchange import record_from_dict
from ...records import StandardRecord
from .inference import infer_adoptions
from .model import AdoptionModel, default_model
from .training import AdoptionEvaluation, AdoptionLabel, evaluate_inferences
from .works import Hub, series_of, work_key_of

#: Prefix of the neutral designations given to records whose adoption is hidden.
MASKED_PREFIX: Final = "ГОСТ Р"
#: First number of the neutral designations (above every real ГОСТ Р number).
MASKED_FIRST_NUMBER: Final = 900_000
#: European Standards numbered from here on are CENELEC's, which mostly take IEC texts: not labelled non-adopters.
CEN_OWN_BELOW: Final = 50_000
SPLITS: Final = ("tune", "heldout")


@dataclass(frozen=True, slots=True)
class HiddenAdoption:
    """A labelled record with its adoption hidden, the original designation and its half."""

    label: AdoptionLabel
    original: str  # "ГОСТ Р ИСО 9001-2015"
    series: str  # international series of the declared work: "ISO|IEC|9001"
    split: str  # "tune" or "heldout"


def series_half(series: str, salt: str = "declared-adoptions-1") -> str:
    """``tune`` or ``heldout`` for a series key, from a SHA-256 hash (deterministic, about half each)."""
    digest = hashlib.sha256(f"{salt}|{series}".encode()).digest()
    return SPLITS[digest[0] & 1]


def series_fold(series: str, folds: int, salt: str = "cross-fit-1") -> int:
    """The fold (``0 .. folds - 1``) of a series key for cross-fitting within a half, from a SHA-256 hash."""
    digest = hashlib.sha256(f"{salt}|{series}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % folds


def declared_work(record: StandardRecord) -> str | None:
    """The ISO/IEC designation a record's designation declares (``ISO 9001``; ``EN ISO 2719`` is ``ISO 2719``),
    when it declares exactly one ISO/IEC work."""
    refs = set()
    for adoption in record.adoptions:
        if adoption.evidence == "inferred":
            continue
        ref = re.sub(r"^EN\s+(?=ISO|IEC)", "", adoption.ref)  # EN ISO 2719 is ISO 2719 taken over by CEN
        key = work_key_of(ref)
        if key is not None and key.startswith("ISO|IEC|"):
            refs.add(ref)
    keys = {work_key_of(ref) for ref in refs}
    return min(refs) if len(keys) == 1 else None


def declared_cen_standard(record: StandardRecord) -> str | None:
    """The European Standard of CEN's own numbering a record declares when it declares nothing else
    (``ГОСТ Р ЕН 353-2-2007`` adopts EN 353-2, no ISO/IEC work): a labelled *non-adopter* for ISO/IEC inference,
    on the topics ISO/IEC works cover. Numbers from :data:`CEN_OWN_BELOW` on are left out (CENELEC's EN 5xxxx
    and EN 6xxxx mostly take IEC texts)."""
    refs = [a.ref for a in record.adoptions if a.evidence != "inferred"]
    if not refs:
        return None
    # every reference an EN number: ISO, IEC and EN ISO references do not match, so no ISO/IEC work is declared
    numbers = [re.match(r"^EN\s+(\d+)", ref) for ref in refs]
    if not all(m is not None and int(m.group(1)) < CEN_OWN_BELOW for m in numbers):
        return None
    return min(refs)


def hidden_adoption_label(record: StandardRecord, index: int) -> HiddenAdoption | None:
    """The record with its declared adoption hidden (see the module doc), or None when it declares neither a
    single ISO/IEC work nor only CEN standards (:func:`declared_cen_standard`: labelled as adopting nothing), or
    has no title."""
    adopts = declared_work(record)
    cen = None if adopts is not None else declared_cen_standard(record)
    title = next(iter(record.titles.items()), None)
    if (adopts is None and cen is None) or title is None:
        return None
    masked = record_from_dict(
        {
            "designation": f"{MASKED_PREFIX} {MASKED_FIRST_NUMBER + index}-{record.year or 2000}",
            "title": title[1],
            "title_lang": title[0],
            "ics": sorted(record.ics),
        }
    )
    if adopts is None:  # a CEN standard only (cen is set)
        assert cen is not None
        series = "CEN|" + re.sub(r"-\d+$", "", cen.removeprefix("EN ").strip())  # EN 353-2 and EN 353-1 together
        return HiddenAdoption(AdoptionLabel(masked, None), record.designation, series, series_half(series))
    key = work_key_of(adopts)
    assert key is not None  # declared_work keeps parsable references only
    series = series_of(key)
    return HiddenAdoption(AdoptionLabel(masked, adopts), record.designation, series, series_half(series))


def hidden_adoption_labels(records: Iterable[StandardRecord]) -> list[HiddenAdoption]:
    """:func:`hidden_adoption_label` of every record that declares one ISO/IEC work (others left out)."""
    out: list[HiddenAdoption] = []
    for record in records:
        found = hidden_adoption_label(record, len(out))
        if found is not None:
            out.append(found)
    return out


#: Thresholds at which the held-out half is also reported, to show the precision-recall trade-off around the regime's.
CURVE_THRESHOLDS: Final = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


@dataclass(frozen=True, slots=True)
class HiddenAdoptionEvaluation:
    """Inference from the titles of records whose adoption was hidden, at the decision threshold of the model's
    Russian regime: both halves, and the held-out half at a few other thresholds (and at the threshold its fit chose,
    when it decides at another). The tune half's figures are in-sample (its words were learnt from its titles)."""

    threshold: float
    tune: AdoptionEvaluation
    heldout: AdoptionEvaluation
    heldout_curve: tuple[tuple[float, AdoptionEvaluation], ...]


def evaluate_hidden_adoptions(
    hidden: Sequence[HiddenAdoption],
    hub: Hub,
    *,
    model: AdoptionModel | None = None,
    workers: int = 1,
) -> HiddenAdoptionEvaluation:
    """Infer the adoption of every hidden record from its title and measure both halves at the threshold of the
    model's Russian regime (of the model when it has none). The held-out half never chooses anything."""
    model = model or default_model()
    regime = model.for_language("ru")
    threshold = regime.threshold
    inferred = infer_adoptions([h.label.record for h in hidden], hub, model=model, threshold=0.0, workers=workers)
    tune = [h.label for h in hidden if h.split == "tune"]
    heldout = [h.label for h in hidden if h.split == "heldout"]

    def at(cut: float, labels: list[AdoptionLabel]) -> AdoptionEvaluation:
        return evaluate_inferences([a for a in inferred if a.score >= cut], labels)

    fitted = regime.training.get("threshold_fitted")  # when it decides at another score
    cuts = sorted(set(CURVE_THRESHOLDS) | ({float(fitted)} if isinstance(fitted, (int, float)) else set()))
    return HiddenAdoptionEvaluation(
        threshold,
        at(threshold, tune),
        at(threshold, heldout),
        tuple((cut, at(cut, heldout)) for cut in cuts),
    )


__all__ = [
    "CEN_OWN_BELOW",
    "CURVE_THRESHOLDS",
    "MASKED_FIRST_NUMBER",
    "MASKED_PREFIX",
    "HiddenAdoption",
    "HiddenAdoptionEvaluation",
    "declared_cen_standard",
    "declared_work",
    "evaluate_hidden_adoptions",
    "hidden_adoption_label",
    "hidden_adoption_labels",
    "series_fold",
    "series_half",
]
