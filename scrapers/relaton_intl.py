"""ISO and IEC catalogues in Relaton YAML (relaton-data-iso, relaton-data-iec), one record a file.

Input: the repositories' archives (``relaton-data-iso.tar.xz``, ``.tar.gz``, ``.zip``), a checkout folder or single
files, streamed member by member within per-file bounds (:mod:`.relaton_archive`). Several paths given to one
:func:`extract` call are read as one catalogue, so that a joint ISO/IEC record found in both archives becomes one
record and an amendment finds its base edition whichever archive holds it.

Each file is read by :mod:`.relaton_intl_record` into a work, a supplement or variant, or a skip:

- works become records: the primary ``docid`` is the designation (``IEC TR 60083:1975`` -> ``IEC/TR 60083:1975``);
  titles in English and French as printed (intro — main — part); ICS codes; the status from the stage code
  (:mod:`standards_lib.stages`: ``60.60``/``90.xx`` current, ``60.00`` upcoming, ``95.99`` withdrawn, IEC
  ``REVISED``/``REPLACED`` replaced; ``extra["stage"]`` keeps the code); ``published`` (a month-precise ISO
  date ``2015-09`` gives the year, the month is kept in ``extra["published_month"]``), ``withdrawn`` (IEC
  ``obsoleted``); ``obsoletes`` -> replaces, ``updates`` -> replaced by; the ``src`` link; in ``extra``: edition,
  doctype, committee, project number, co-publishers of a joint designation, the Relaton id;
- amendments, corrigenda, addenda, interpretation sheets and fragments (``/Amd 1:2024``, ``/COR1:2009``,
  ``/ISH1:2020``) are listed on their base edition in ``extra["amendments"]`` (designation, type, date, status),
  IEC consolidated, redline, commented and extended versions (``+AMD1:2019 CSV``, ``RLV``, ``CMV``, ``EXV``) in
  ``extra["versions"]``: collected while reading and attached at the end, so the order of the files does not
  matter (one dict keyed by base designation). An undated supplement (``/Amd 1``) is dropped when its dated
  form (``/Amd 1:2024``) is there. Supplements whose base edition is not in the data are counted as orphans;
- skipped with a count: drafts (stage below 60, or a draft designation such as ``ISO/DIS 10012``: a national
  standard adopts a published work, and a draft's designation changes at each stage), documents that are not
  standards (ISO/IEC Directives, IEC database entries, white papers and trend reports), the second copy of a
  record (the older crawl the ISO repository keeps under ``iso-1003:2008.yaml`` beside ``iso-1003-2008.yaml``:
  the copy from the lead publisher's archive, then the newer ``schema-version`` wins, the other fills gaps), and
  the undated "under publication" (60.00) record of an edition that has since been published with its year.

A file that cannot be read (over a bound, invalid YAML, no designation, an unknown stage code or document
type) is quarantined with ``archive!member`` and the reason; the batch goes on. Counts per archive are
collected in an :class:`ImportStats` passed as ``stats=`` and logged at the end.
Licence: none stated; ISO bibliographic metadata (attribute to ISO), IEC bibliographic metadata (attribute to IEC).
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from standards_lib.errors import SourceError
from standards_lib.processes import ordered_map

from .base import Item, Quarantined, build_record, excerpt, reason_kind
from .relaton_archive import (
    DEFAULT_LIMITS,
    Limits,
    Member,
    decode_text,
    is_archive,
    is_yaml_name,
    iter_members,
    load_documents,
)
from .relaton_intl_record import LEAD_PUBLISHERS, Entry, primary_docid, read_entry
from .textfiles import check_options

log = logging.getLogger(__name__)

NAME = "relaton-intl"
DESCRIPTION = "ISO and IEC catalogues in Relaton YAML (relaton-data-iso, relaton-data-iec): archive, folder or file"
TITLE = "ISO and IEC catalogues in Relaton YAML (relaton-data-iso, relaton-data-iec)"
URL = "https://github.com/relaton"
LICENCE = "none stated: ISO bibliographic metadata, attribute to ISO; IEC bibliographic metadata, attribute to IEC"
#: ``extract`` takes ``workers`` (the refresh passes its own): the YAML files are parsed in worker processes.
PARSES_IN_WORKERS = True


@dataclass(frozen=True, slots=True)
class Publisher:
    """A catalogue this source reads, and how its data is attributed."""

    name: str
    repository: str
    url: str
    attribution: str


PUBLISHERS: tuple[Publisher, ...] = (
    Publisher(
        "ISO",
        "relaton-data-iso",
        "https://github.com/relaton/relaton-data-iso",
        "ISO bibliographic metadata, attribute to ISO",
    ),
    Publisher(
        "IEC",
        "relaton-data-iec",
        "https://github.com/relaton/relaton-data-iec",
        "IEC bibliographic metadata, attribute to IEC",
    ),
)


@dataclass
class ArchiveCounts:
    """What one archive (or folder, or file) gave."""

    members: int = 0  # YAML files found (wanted or not)
    files: int = 0  # YAML files read
    works: int = 0
    withdrawn: int = 0  # works withdrawn or replaced
    amendments: int = 0  # supplements attached to their base edition
    versions: int = 0  # publication variants attached
    orphans: int = 0  # supplements and variants whose base edition is not in the data
    drafts: int = 0
    not_standards: int = 0
    duplicates: int = 0  # second copies merged into the first
    snapshots: int = 0  # undated "under publication" records of an edition since published
    quarantined: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "reasons"}
        data["reasons"] = dict(self.reasons.most_common())
        return data


@dataclass
class ImportStats:
    """Counts per archive of one :func:`extract` call."""

    archives: dict[str, ArchiveCounts] = field(default_factory=dict)

    def of(self, archive: str) -> ArchiveCounts:
        return self.archives.setdefault(archive, ArchiveCounts())

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {name: counts.to_dict() for name, counts in self.archives.items()}


def discover(root: Path) -> list[Path]:
    """Archives under ``root`` whose first record is an ISO/IEC Relaton record, and checkout folders whose first
    YAML file is one (a folder is taken whole, its subfolders not searched again)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        for name in sorted(files):
            if is_archive(name) and _first_is_intl(here / name):
                found.append(here / name)
        records = sorted(n for n in files if _wanted(n))
        if records and _first_is_intl(here / records[0]):
            found.append(here)
            dirs.clear()
    return sorted(found)


def _wanted(name: str) -> bool:
    return is_yaml_name(name) and not re.fullmatch(r"index(?:-v\d+)?\.ya?ml", name.lower())


def _first_is_intl(path: Path) -> bool:
    for item in iter_members([path], source=NAME, wanted=_wanted):
        if isinstance(item, Quarantined):
            return False
        try:
            documents = load_documents(decode_text(item.data, item.location), item.location)
        except SourceError:
            return False
        doc = documents[0] if documents else None
        found = primary_docid(doc) if isinstance(doc, Mapping) and "docid" in doc else None
        return bool(found and LEAD_PUBLISHERS.get(re.split(r"[/\s]", found[0], maxsplit=1)[0]))
    return False


def extract(
    paths: Sequence[Path | str],
    *,
    limits: Limits | None = None,
    stats: ImportStats | None = None,
    wanted: Callable[[str], bool] | None = None,
    workers: int | None = None,
    **options: Any,
) -> Iterator[Item]:
    """Records of the ISO/IEC works in the given archives, folders or files; quarantined files as they come,
    then the works (with their supplements attached) once everything is read.

    ``wanted`` (a test on file names) reads only some members of an archive; ``stats`` collects counts per archive.
    ``workers`` processes (0: one per core; default 1, the calling process) parse the YAML files while this one
    streams the archive: the files are parsed in batches, at most a few batches ahead, and collected in archive
    order, so the records are the same whatever the number of processes (:func:`parse_files`).
    """
    check_options(f"{NAME}.extract", options)
    bounds = limits or DEFAULT_LIMITS
    collector = Collector(stats if stats is not None else ImportStats())
    for path in paths:
        counts = collector.stats.of(str(path))

        def take(name: str, counts: ArchiveCounts = counts) -> bool:
            if not _wanted(name):
                return False
            counts.members += 1
            return wanted is None or wanted(name)

        members = iter_members([path], source=NAME, wanted=take, limits=bounds)
        for item in ordered_map(
            partial(parse_files, limits=bounds), members, workers=1 if workers is None else workers, batch=PARSE_BATCH
        ):
            if isinstance(item, Quarantined):
                yield collector.quarantine(item, str(path))
            else:
                yield from collector.read(item)
    yield from collector.finish()
    for archive, counts in collector.stats.archives.items():
        log.info("%s: %s", archive, counts.to_dict())


#: Files parsed per batch sent to a worker process (a few hundred KiB of YAML).
PARSE_BATCH = 200


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """What one file gave: the entries of its documents in order and, when a document could not be read, the
    quarantine entry of the file (the entries of the documents before it are kept)."""

    container: str
    entries: list[Entry]
    failure: Quarantined | None = None


def parse_file(member: Member, limits: Limits) -> ParsedFile:
    """The entries of one Relaton file, within ``limits`` (pure: runs in a worker process as well)."""
    entries: list[Entry] = []
    text = ""
    try:
        text = decode_text(member.data, member.location)
        documents = [d for d in load_documents(text, member.location, limits) if d is not None]
        if not documents:
            raise SourceError(member.location, "empty file: no Relaton record")
        for number, doc in enumerate(documents, 1):
            where = member.location if len(documents) == 1 else f"{member.location}#document {number}"
            if not isinstance(doc, Mapping):
                raise SourceError(where, f"not a Relaton record: top level is a {type(doc).__name__}")
            entries.append(read_entry(doc, where))
    except SourceError as exc:
        failure = Quarantined(NAME, exc.location, exc.reason, excerpt(text or member.data))
        return ParsedFile(member.container, entries, failure)
    return ParsedFile(member.container, entries)


def parse_files(batch: list[Member | Quarantined], limits: Limits) -> list[ParsedFile | Quarantined]:
    """:func:`parse_file` over a batch of files; the reader's own quarantine entries pass through in place."""
    return [item if isinstance(item, Quarantined) else parse_file(item, limits) for item in batch]


class Collector:
    """Works by canonical designation, supplements by base designation; attached and yielded at the end."""

    def __init__(self, stats: ImportStats) -> None:
        self.stats = stats
        self.works: dict[str, tuple[Entry, str]] = {}
        self.attached: dict[str, dict[tuple[str, str], tuple[Entry, str]]] = defaultdict(dict)

    def quarantine(self, item: Quarantined, archive: str) -> Quarantined:
        counts = self.stats.of(archive)
        counts.quarantined += 1
        counts.reasons[reason_kind(item.reason)] += 1
        return item

    def read(self, parsed: ParsedFile) -> Iterator[Quarantined]:
        """Collect one parsed file; yields its quarantine entry when it could not be read."""
        self.stats.of(parsed.container).files += 1
        for entry in parsed.entries:
            self.add(entry, parsed.container)
        if parsed.failure is not None:
            yield self.quarantine(parsed.failure, parsed.container)

    def add(self, entry: Entry, archive: str) -> None:
        counts = self.stats.of(archive)
        if entry.role == "skipped":
            if entry.reason == "draft":
                counts.drafts += 1
            else:
                counts.not_standards += 1
            return
        if entry.role == "work":
            old = self.works.get(entry.key)
            if old is None:
                self.works[entry.key] = (entry, archive)
                return
            (winner, where), (loser, lost_in) = (
                ((entry, archive), old) if entry.rank > old[0].rank else (old, (entry, archive))
            )
            merge_fields(winner.fields or {}, loser.fields or {})
            self.works[entry.key] = (winner, where)
            self.stats.of(lost_in).duplicates += 1
            return
        group = self.attached[entry.key]
        slot = (entry.role, entry.dedupe)
        old_attached = group.get(slot)
        if old_attached is None or entry.rank > old_attached[0].rank:
            group[slot] = (entry, archive)
            if old_attached is not None:
                self.stats.of(old_attached[1]).duplicates += 1
        else:
            counts.duplicates += 1

    def finish(self) -> Iterator[Item]:
        """Drop stale snapshots, attach supplements, and yield the records."""
        self._drop_snapshots()
        for key in list(self.works):
            entry, archive = self.works.pop(key)
            fields = entry.fields or {}
            counts = self.stats.of(archive)
            group = self.attached.pop(key, {})
            for role, name in (("supplement", "amendments"), ("version", "versions")):
                listed = sorted(
                    (e for e in group.values() if e[0].role == role),
                    key=lambda e: (e[0].attached or {}).get("date") or "",
                )
                if listed:
                    fields["extra"][name] = [e[0].attached for e in listed]
                    for _, where in listed:
                        if role == "supplement":
                            self.stats.of(where).amendments += 1
                        else:
                            self.stats.of(where).versions += 1
            item = build_record(fields, source=NAME, location=entry.location)
            if isinstance(item, Quarantined):
                self.quarantine(item, archive)
            else:
                counts.works += 1
                counts.withdrawn += item.status in ("withdrawn", "replaced")
            yield item
        orphans = [(key, e) for key, group in self.attached.items() for e in group.values()]
        for _key, (_entry, archive) in orphans:
            self.stats.of(archive).orphans += 1
        if orphans:
            log.info(
                "%d supplements or variants have no base edition in the data, e.g. %s",
                len(orphans),
                ", ".join(e.designation for _, (e, _) in orphans[:5]),
            )
        self.attached.clear()

    def _drop_snapshots(self) -> None:
        """An undated 60.00 record is dropped when a dated edition of the work, current or upcoming, is there that
        the record does not itself replace: it is the stale "under publication" record of that edition."""
        dated: dict[str, list[str]] = defaultdict(list)
        for key, (entry, _) in self.works.items():
            if entry.year is not None and entry.status in ("current", "upcoming"):
                dated[entry.work_key].append(key)
        for key, (entry, archive) in list(self.works.items()):
            if entry.year is None and entry.status == "upcoming":
                if any(other not in entry.replaces for other in dated.get(entry.work_key, ())):
                    del self.works[key]
                    self.stats.of(archive).snapshots += 1


def merge_fields(winner: dict[str, Any], loser: dict[str, Any]) -> None:
    """Fill the winner's gaps from a second copy of the same work: titles in other languages, ICS, relations,
    dates, the link and extra keys it lacks."""
    winner["titles"] = {**loser.get("titles", {}), **winner.get("titles", {})}
    for name in ("ics", "replaces", "replaced_by"):
        values = list(winner.get(name) or [])
        values += [v for v in loser.get(name) or [] if v not in values]
        winner[name] = values
    for name in ("published", "withdrawn", "source_url"):
        if not winner.get(name) and loser.get(name):
            winner[name] = loser[name]
    winner["extra"] = {**loser.get("extra", {}), **winner.get("extra", {})}
