"""Relaton data read where it lies, member by member and within bounds.

Inputs: a relaton-data archive (``.tar.xz``, ``.tar.gz``, ``.tar.bz2``, ``.tar``: read with ``tarfile`` in stream
mode; ``.zip``: member by member), a checkout folder (walked in sorted order) or a single YAML file. Nothing is
unpacked to disk and an archive is never held in memory whole: one member at a time.

Bounds (:class:`Limits`), each breach quarantining that one file with its location (``archive!member``) and the
reason while the batch goes on:

- size: a member over ``max_bytes`` (1 MiB) is skipped unread (its size is in the archive's header);
- nesting: YAML nested deeper than ``max_depth`` (64) levels (libyaml itself stops at 1000);
- aliases: a document whose aliases would expand to more than ``max_nodes`` (250,000) nodes, counted as the
  events arrive: a "billion laughs" bomb of a few hundred bytes is refused after a few dozen events, before
  anything is expanded; aliases share the anchored object (nothing is copied);
- time: a file taking longer than ``max_seconds`` (2 s) to read.

:func:`load_documents` builds the documents from the event stream of libyaml's C parser (``yaml.CSafeLoader``;
PyYAML's own ``SafeLoader`` when PyYAML lacks libyaml), so no composed node graph is ever built or walked.
Plain scalars follow the YAML 1.2 core schema: ``null``/``~``/empty, ``true``/``false``, decimal integers; all
other scalars (dates, floats, ``yes``/``no``) stay text. Explicit tags other than the standard ones are refused.
Building from events this way is about twice as fast as ``yaml.load(..., CSafeLoader)`` (see
``benchmarks/bench_intl_import.py``), so there is one bounded path for every file, anchors or not.
"""

from __future__ import annotations

import lzma
import re
import tarfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from standards_lib.errors import SourceError

from .base import Quarantined

#: libyaml's parser when PyYAML was built with it; PyYAML's pure-Python parser otherwise (same events).
EVENT_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TAR_SUFFIXES = (".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar")
ZIP_SUFFIXES = (".zip",)
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file bounds of the reader."""

    max_bytes: int = 1 << 20
    max_depth: int = 64
    max_nodes: int = 250_000
    max_seconds: float = 2.0


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Member:
    """One file read from an archive, a folder or given alone: the path given, the file's name in it, its bytes."""

    container: str
    name: str
    data: bytes
    in_archive: bool = False

    @property
    def location(self) -> str:
        """``archive!member`` inside an archive, the file's path otherwise."""
        if self.in_archive:
            return member_location(self.container, self.name)
        return str(Path(self.container) / self.name) if self.name else self.container


def member_location(container: str, name: str) -> str:
    """``archive!member`` for a file inside an archive, the file's own path otherwise."""
    return f"{container}!{name}" if name else container


def is_archive(path: Path | str) -> bool:
    name = str(path).lower()
    return name.endswith(TAR_SUFFIXES) or name.endswith(ZIP_SUFFIXES)


def is_yaml_name(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def iter_members(
    paths: Iterable[Path | str],
    *,
    source: str,
    wanted: Callable[[str], bool] = is_yaml_name,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Member | Quarantined]:
    """The wanted files of archives, folders and single files, one at a time, in archive (or sorted) order.

    A member over the size limit, or an archive that breaks off, becomes a :class:`Quarantined` entry and the
    batch goes on; a path that does not exist raises :class:`SourceError` (a typo is not bad data).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _folder_members(path, source, wanted, limits)
        elif path.is_file() and str(path).lower().endswith(ZIP_SUFFIXES):
            yield from _zip_members(path, source, wanted, limits)
        elif path.is_file() and str(path).lower().endswith(TAR_SUFFIXES):
            yield from _tar_members(path, source, wanted, limits)
        elif path.is_file():
            yield from _file_member(path, path, "", source, limits)
        else:
            raise SourceError(str(path), "no such file or directory")


def _too_big(source: str, where: str, size: int, limits: Limits) -> Quarantined:
    return Quarantined(source, where, f"file of {size:,} bytes is over the {limits.max_bytes:,}-byte limit: not read")


def _file_member(path: Path, container: Path, name: str, source: str, limits: Limits) -> Iterator[Member | Quarantined]:
    where = str(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        yield _too_big(source, where, size, limits)
        return
    with path.open("rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:  # grew while we looked
        yield _too_big(source, where, len(data), limits)
        return
    yield Member(str(container), name, data)


def _folder_members(
    folder: Path, source: str, wanted: Callable[[str], bool], limits: Limits
) -> Iterator[Member | Quarantined]:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and wanted(p.name)):
        yield from _file_member(path, folder, str(path.relative_to(folder)), source, limits)


def _tar_members(
    path: Path, source: str, wanted: Callable[[str], bool], limits: Limits
) -> Iterator[Member | Quarantined]:
    last = ""
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for info in archive:
                if not info.isfile() or not wanted(info.name.rsplit("/", 1)[-1]):
                    continue
                last = info.name
                if info.size > limits.max_bytes:
                    yield _too_big(source, member_location(str(path), info.name), info.size, limits)
                    continue
                handle = archive.extractfile(info)
                data = handle.read(limits.max_bytes + 1) if handle is not None else b""
                yield Member(str(path), info.name, data, in_archive=True)
    except (tarfile.TarError, EOFError, OSError, ValueError, lzma.LZMAError, zlib.error) as exc:
        after = f" after member {last!r}" if last else ""
        yield Quarantined(source, str(path), f"archive cannot be read{after}: {type(exc).__name__}: {exc}")


def _zip_members(
    path: Path, source: str, wanted: Callable[[str], bool], limits: Limits
) -> Iterator[Member | Quarantined]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Quarantined(source, str(path), f"not a readable zip archive: {exc}")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not wanted(info.filename.rsplit("/", 1)[-1]):
                continue
            where = member_location(str(path), info.filename)
            if info.file_size > limits.max_bytes:
                yield _too_big(source, where, info.file_size, limits)
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(limits.max_bytes + 1)
            except (
                zipfile.BadZipFile,
                NotImplementedError,
                RuntimeError,
                OSError,
                EOFError,
                ValueError,
                zlib.error,
                lzma.LZMAError,
            ) as exc:
                yield Quarantined(source, where, f"zip member cannot be read: {exc}")
                continue
            if len(data) > limits.max_bytes:  # the header understated the size
                yield _too_big(source, where, len(data), limits)
                continue
            yield Member(str(path), info.filename, data, in_archive=True)


# -- bounded YAML ---------------------------------------------------------------------------------

_NO_KEY = object()
_PLAIN_WORDS: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_NUMBER_START = frozenset("0123456789+-")
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})\Z")
_STR_TAGS = frozenset({"!", "tag:yaml.org,2002:str"})
_CONTAINER_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:omap"})


def decode_text(data: bytes, location: str) -> str:
    """UTF-8 text of a file (a BOM is dropped); SourceError naming the first bad byte otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(location, f"not UTF-8 text (byte {exc.start}): Relaton YAML is UTF-8") from None


def load_documents(text: str, location: str, limits: Limits = DEFAULT_LIMITS) -> list[Any]:
    """The documents of a YAML stream, built from parser events within ``limits``.

    Raises :class:`SourceError` naming the bound that was passed, or the line of a syntax error.
    """
    loader = EVENT_LOADER(text)
    try:
        return _build(loader.get_event, location, limits)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(location, f"invalid YAML{where}: {problem}") from None
    finally:
        loader.dispose()


def _build(next_event: Callable[[], Any], location: str, limits: Limits) -> list[Any]:
    documents: list[Any] = []
    stack: list[list[Any]] = []  # frames: [container, pending key, subtree size, anchor]
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    count = 0
    deadline = time.monotonic() + limits.max_seconds
    while True:
        event = next_event()
        if event is None:
            return documents
        count += 1
        if not count & 1023 and time.monotonic() > deadline:
            raise SourceError(location, f"reading took longer than {limits.max_seconds:g} s: stopped")
        kind = event.__class__
        if kind is ScalarEvent:
            value, size, added = event.value, 1, 1
            if event.tag is not None or (event.implicit[0] and (value in _PLAIN_WORDS or value[:1] in _NUMBER_START)):
                value = _scalar(event, location)
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if len(stack) >= limits.max_depth:
                raise SourceError(location, f"YAML nested deeper than {limits.max_depth} levels: not read")
            if event.tag is not None and event.tag not in _CONTAINER_TAGS and event.tag != "!":
                raise SourceError(location, f"unsupported YAML tag {event.tag[:60]!r}")
            stack.append([{} if kind is MappingStartEvent else [], _NO_KEY, 1, event.anchor])
            nodes += 1
            if nodes > limits.max_nodes:
                raise SourceError(location, f"YAML document has more than {limits.max_nodes:,} nodes: not read")
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value, _, size, anchor = stack.pop()
            added = 0  # the container and its children were counted as they came
            if anchor is not None:
                anchors[anchor] = (value, size)
        elif kind is AliasEvent:
            try:
                value, size = anchors[event.anchor]
            except KeyError:
                raise SourceError(
                    location, f"YAML alias *{event.anchor} refers to no complete anchor before it"
                ) from None
            added = size  # what expanding the alias would cost; the object itself is shared, not copied
        else:  # stream and document start/end
            continue
        nodes += added
        if nodes > limits.max_nodes:
            if kind is AliasEvent:
                raise SourceError(
                    location, f"YAML aliases expand to more than {limits.max_nodes:,} nodes (an alias bomb?): not read"
                )
            raise SourceError(location, f"YAML document has more than {limits.max_nodes:,} nodes: not read")
        if not stack:
            documents.append(value)
            continue
        frame = stack[-1]
        frame[2] += size
        container = frame[0]
        if container.__class__ is list:
            container.append(value)
        elif frame[1] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise SourceError(location, "a YAML mapping key that is not a scalar: not a Relaton record")
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY


def _scalar(event: ScalarEvent, location: str) -> Any:
    value = event.value
    tag = event.tag
    if tag is None:
        if event.implicit[0]:  # plain (unquoted) scalar
            if value in _PLAIN_WORDS:
                return _PLAIN_WORDS[value]
            if value[:1] in "0123456789+-" and _INT_RE.match(value):
                return int(value)
        return value
    if tag in _STR_TAGS:
        return value
    if tag == "tag:yaml.org,2002:int" and _INT_RE.match(value.strip()):
        return int(value)
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool" and value in _PLAIN_WORDS:
        return _PLAIN_WORDS[value]
    if tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float"):
        return value
    raise SourceError(location, f"unsupported YAML tag {tag[:60]!r}")
