"""ISO and IEC document stages mapped onto the catalogue's status vocabulary, through explicit tables.

ISO (and IEC, in the ISO catalogue) write the harmonized stage code ``stage.substage`` (ISO/IEC Directives,
Part 1, Annex SD): ``60.60`` published, ``90.93`` confirmed after review, ``95.99`` withdrawn. The IEC
catalogue (relaton-data-iec) writes a word instead: ``PUBLISHED``, ``REVISED``, ``REPLACED``, ``WITHDRAWN``.

Statuses: below 60 ``draft``; ``60.00`` (under publication) ``upcoming``; ``60.60`` and every ``90.xx`` review
stage ``current`` (``90.92`` "to be revised" is still the edition in force); ``95.20``/``95.60``/``95.92``
(a withdrawal ballot under way, or decided against) stay ``current`` until ``95.99`` makes the edition
``withdrawn``. IEC's ``REVISED`` and ``REPLACED`` (a newer edition exists) are ``replaced``. A code that is not in
a table raises :class:`~standards_lib.errors.VocabularyError`.

The ISO codes are also status words of :mod:`standards_lib.vocab` (a record keeps ``status_raw`` ``90.92`` and
reads back from the catalogue); IEC's words are English status words there already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .errors import VocabularyError


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage code, what it means, and the catalogue status of a document at that stage."""

    code: str
    name: str
    status: str


def _stages(status: str, rows: tuple[tuple[str, str], ...]) -> tuple[Stage, ...]:
    return tuple(Stage(code, name, status) for code, name in rows)


ISO_STAGES: Final[tuple[Stage, ...]] = (
    *_stages(
        "draft",
        (
            ("00.00", "proposal for new project received"),
            ("00.20", "proposal for new project under review"),
            ("00.60", "close of review"),
            ("00.98", "proposal for new project abandoned"),
            ("00.99", "approval to ballot proposal for new project"),
            ("10.00", "proposal for new project registered"),
            ("10.20", "new project ballot initiated"),
            ("10.60", "close of voting"),
            ("10.92", "proposal returned to submitter for further definition"),
            ("10.98", "new project rejected"),
            ("10.99", "new project approved"),
            ("20.00", "new project registered in TC/SC work programme"),
            ("20.20", "working draft study initiated"),
            ("20.60", "close of comment period"),
            ("20.98", "project deleted"),
            ("20.99", "working draft approved for registration as committee draft"),
            ("30.00", "committee draft registered"),
            ("30.20", "committee draft study or ballot initiated"),
            ("30.60", "close of voting or comment period"),
            ("30.92", "committee draft referred back to working group"),
            ("30.98", "project deleted"),
            ("30.99", "committee draft approved for registration as DIS"),
            ("40.00", "DIS registered"),
            ("40.20", "DIS ballot initiated"),
            ("40.60", "close of voting"),
            ("40.92", "full report circulated: DIS referred back to TC or SC"),
            ("40.93", "full report circulated: decision for new DIS ballot"),
            ("40.98", "project deleted"),
            ("40.99", "full report circulated: DIS approved for registration as FDIS"),
            ("50.00", "final text received or FDIS registered for formal approval"),
            ("50.20", "proof sent to secretariat or FDIS ballot initiated"),
            ("50.60", "close of voting; proof returned by secretariat"),
            ("50.92", "FDIS or proof referred back to TC or SC"),
            ("50.98", "project deleted"),
            ("50.99", "FDIS or proof approved for publication"),
        ),
    ),
    Stage("60.00", "under publication", "upcoming"),
    *_stages(
        "current",
        (
            ("60.60", "published"),
            ("90.00", "under periodical review"),
            ("90.20", "under systematic review"),
            ("90.60", "close of review"),
            ("90.92", "to be revised"),
            ("90.93", "confirmed"),
            ("90.99", "withdrawal proposed by TC or SC"),
            ("95.20", "withdrawal ballot initiated (being withdrawn)"),
            ("95.60", "close of withdrawal voting (being withdrawn)"),
            ("95.92", "decision not to withdraw"),
        ),
    ),
    Stage("95.99", "withdrawn", "withdrawn"),
)

IEC_STAGES: Final[tuple[Stage, ...]] = (
    Stage("PUBLISHED", "published, in force", "current"),
    Stage("REVISED", "a newer edition replaces it", "replaced"),
    Stage("REPLACED", "replaced by another publication", "replaced"),
    Stage("WITHDRAWN", "withdrawn without replacement", "withdrawn"),
)

_INDEX: Final[dict[str, Stage]] = {s.code: s for s in ISO_STAGES + IEC_STAGES}


def stage_code(stage: object, substage: object = None) -> str:
    """The code of a stage as Relaton writes it: ``('90', '92')`` -> ``90.92``, ``('PUBLISHED', None)`` ->
    ``PUBLISHED``; a bare two-digit stage gets substage ``00``."""
    text = " ".join(str(stage).split()).upper() if stage is not None else ""
    sub = " ".join(str(substage).split()) if substage is not None else ""
    if text.isdigit():
        return f"{int(text):02d}.{int(sub):02d}" if sub.isdigit() else f"{int(text):02d}.00"
    return text


def stage_of(code: str) -> Stage:
    """The :class:`Stage` of a code; VocabularyError naming the code otherwise."""
    try:
        return _INDEX[code]
    except KeyError:
        raise VocabularyError("ISO/IEC stage code", code, list(_INDEX)) from None


def stage_rows() -> list[dict[str, str]]:
    """The tables as rows (``code``, ``name``, ``status``), for documentation and the catalogue."""
    return [{"code": s.code, "name": s.name, "status": s.status} for s in ISO_STAGES + IEC_STAGES]
