"""The project's exception hierarchy: every error the library raises on purpose derives from StandardsError."""

from __future__ import annotations


class StandardsError(Exception):
    """Base class of every error the library raises on purpose."""


class DesignationError(StandardsError, ValueError):
    """A text could not be read as a standard designation."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"cannot parse designation {text!r}: {reason}")


class VocabularyError(StandardsError, ValueError):
    """A status word or degree of correspondence is not in the project's vocabulary tables."""

    def __init__(self, vocabulary: str, word: str, known: list[str] | None = None) -> None:
        self.vocabulary = vocabulary
        self.word = word
        hint = f" (known: {', '.join(sorted(known)[:30])})" if known else ""
        super().__init__(f"unknown {vocabulary} {word!r}{hint}")


class RecordError(StandardsError, ValueError):
    """An input record is malformed (missing or invalid field)."""


class SourceError(StandardsError):
    """A source page or file could not be read or parsed."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}")


class LayoutError(SourceError):
    """A page no longer has the elements its parser expects (the site's layout changed)."""

    def __init__(self, location: str, missing: list[str]) -> None:
        self.missing = list(missing)
        super().__init__(location, "layout changed, expected elements missing: " + ", ".join(missing))


class FetchError(StandardsError):
    """A URL could not be fetched (after retries), or robots.txt forbids it."""


class CatalogError(StandardsError):
    """The catalogue database cannot be opened, migrated or written."""


class CatalogBusy(CatalogError):
    """Another process is writing the catalogue (a refresh, a load, a re-match); nothing was written: try again.

    The site catches it to keep the member's review form and say the catalogue is being refreshed.
    """


class LockError(CatalogBusy):
    """Another refresh holds the catalogue's lock."""


class MatchError(StandardsError):
    """The equivalence engine was given inputs it cannot use."""
