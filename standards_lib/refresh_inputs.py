"""Fingerprints of what a refresh reads and computes from, so that an unchanged refresh skips the work.

A source's fingerprint covers its input files: names relative to ``--from``, sizes and contents (sha256,
read in chunks, so a file that changed in place with the same size and time is still seen). Matching's
fingerprint covers the catalogue's change log, the committee's decisions and stored models
(:meth:`~standards_lib.catalog.Catalog.matching_state`) and the data shipped with the library that inference
and scoring read (models, glossaries), with the library's version. The fingerprints are stored in the
``refresh_inputs`` table inside the run's transaction, so a failed run leaves the previous ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import __version__

CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class InputFingerprint:
    """The sha256 of a source's inputs, with how many files and bytes it covers."""

    digest: str
    files: int
    size: int


def source_fingerprint(paths: Sequence[Path], root: Path | None = None) -> InputFingerprint | None:
    """The fingerprint of a source's input files (names taken relative to ``root`` where they are under it);
    None when one of them is not a regular file (a pipe, a device): such input is read every time, never
    read twice."""
    paths = [Path(p) for p in paths]
    if not all(p.is_file() for p in paths):
        return None
    digest = hashlib.sha256()
    size = 0
    for path in sorted(paths):
        name = _relative(path, root)
        length = path.stat().st_size
        digest.update(f"{name}\0{length}\0".encode())
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                digest.update(chunk)
        size += length
    return InputFingerprint(digest.hexdigest(), len(paths), size)


def matching_fingerprint(catalog_state: str, *, with_matching: bool) -> str:
    """The fingerprint of what adoption inference and equivalence matching depend on."""
    digest = hashlib.sha256(f"{__version__}\0{with_matching}\0{catalog_state}\0".encode())
    data = resources.files("standards_lib") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith(".py"):
            digest.update(entry.name.encode() + b"\0")
            digest.update(entry.read_bytes())
    return digest.hexdigest()


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


__all__ = ["InputFingerprint", "matching_fingerprint", "source_fingerprint"]
