"""Foreign standards compared with Chinese ones in Chinese: the committee's own translations of their titles.

The committee's title database gives a foreign standard a Chinese title (中文标题) translated by its
documentation service. When that title is the Chinese standard's title, written the same way, the two are
most likely the same content: it is the strongest same-language evidence the committee has. Translations
differ in small ways that must not matter: spacing, punctuation, full- or half-width forms, ``：`` vs ``:``,
``第1部分`` vs ``第 1 部分``. This module owns

- :func:`chinese_title_key`: the comparable form of a Chinese title (NFKC, case folded, without spaces and
  punctuation, the part marker written one way: ``第4-41部分``), and :func:`loose_chinese_title_key`, the
  same without the connective characters translators use interchangeably (的 和 与 及 或 、);
- :func:`compare_chinese_titles`: ``identical``, ``near-identical`` (differing only in connectives) or None;
- :class:`ChineseTitleIndex`: the Chinese side indexed by the loose key, so a foreign record retrieves the
  Chinese standards with the same or nearly the same title by one dictionary look-up (blocking);
- :func:`chinese_title_rule`: the calibration rule: a pair whose Chinese titles agree, whose parts do not
  conflict, with no declared NEQ and no declared adoption of different works, is lifted to at least
  the model's floor (:attr:`~.model.ScoringRules.chinese_title_floor`, monotonically, so the model's ordering among such pairs is kept: a current
  edition still ranks above a withdrawn one), and its evidence says so in both languages.

The part is inside the key, so titles of two parts of one series never compare as identical.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

SENTENCES = {
    "identical": "中文标题相同 / Chinese titles identical",
    "near-identical": "中文标题几乎相同 / Chinese titles nearly identical (differ only in 的/和/与/及)",
}
TRANSLATION_NOTE = " (translation)"

_PART_RE = re.compile(r"第\s*(\d+(?:\s*[-.－‐–—]\s*\d+)*)\s*部分")
_PART_SPLIT_RE = re.compile(r"\s*[-.－‐–—]\s*")
_PLACEHOLDER = "\x00"
_NOT_WORD_RE = re.compile(r"[^\w\x00]|_")
#: Characters translators use interchangeably or leave out: 家用和类似用途电器 / 家用与类似用途电器.
_CONNECTIVES_RE = re.compile("[的和与及或、]")


class _Profile(Protocol):
    id: str
    titles: dict[str, str]
    translated: frozenset[str]


@lru_cache(maxsize=262_144)
def chinese_title_key(title: str) -> str:
    """The comparable form of a Chinese title: ``低压电气装置 第 4-41 部分: 安全防护`` -> ``低压电气装置第4-41部分安全防护``."""
    text = unicodedata.normalize("NFKC", title).casefold()
    found = _PART_RE.search(text)
    part = ""
    if found:
        part = "第" + "-".join(str(int(p)) for p in _PART_SPLIT_RE.split(found.group(1)) if p) + "部分"
        text = text[: found.start()] + _PLACEHOLDER + text[found.end() :]
    return _NOT_WORD_RE.sub("", text).replace(_PLACEHOLDER, part)


@lru_cache(maxsize=262_144)
def loose_chinese_title_key(title: str) -> str:
    """:func:`chinese_title_key` without connective characters (的 和 与 及 或 、)."""
    return _CONNECTIVES_RE.sub("", chinese_title_key(title))


def compare_chinese_titles(a: str | None, b: str | None) -> str | None:
    """``"identical"``, ``"near-identical"`` or None for two Chinese titles (see the module docstring)."""
    if not a or not b:
        return None
    strict = chinese_title_key(a)
    if len(strict) < 2:
        return None
    if strict == chinese_title_key(b):
        return "identical"
    if loose_chinese_title_key(a) == loose_chinese_title_key(b):
        return "near-identical"
    return None


class ChineseTitleIndex:
    """Chinese profiles by the loose key of their Chinese title (blocking: a look-up per foreign record)."""

    def __init__(self, profiles: Sequence[Any]) -> None:
        by_key: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(profiles):
            title = p.titles.get("zh")
            if title and len(key := loose_chinese_title_key(title)) >= 2:
                by_key[key].append(i)
        self.by_key = dict(by_key)

    def lookup(self, profile: Any) -> list[int]:
        """Indexes of the Chinese profiles whose Chinese title equals this profile's, loosely."""
        title = profile.titles.get("zh")
        return self.by_key.get(loose_chinese_title_key(title), []) if title else []


@dataclass(frozen=True, slots=True)
class ChineseTitleAgreement:
    """Two Chinese titles that agree, and whether the foreign one is the source's translation."""

    match: str  # identical / near-identical
    foreign: str
    chinese: str
    translation: bool

    @property
    def sentence(self) -> str:
        return SENTENCES[self.match] + (TRANSLATION_NOTE if self.translation else "")

    def to_evidence(self) -> dict[str, Any]:
        return {
            "match": self.match,
            "foreign": self.foreign,
            "chinese": self.chinese,
            "translation": self.translation,
            "sentence": self.sentence,
        }


def chinese_title_agreement(foreign: _Profile, chinese: _Profile) -> ChineseTitleAgreement | None:
    """How the foreign record's Chinese title agrees with the Chinese standard's, None when it does not."""
    f_title, c_title = foreign.titles.get("zh"), chinese.titles.get("zh")
    match = compare_chinese_titles(f_title, c_title)
    if match is None or f_title is None or c_title is None:
        return None
    return ChineseTitleAgreement(match, f_title, c_title, "zh" in foreign.translated)


def chinese_title_rule(
    score: float,
    features: dict[str, float],
    parts_conflict: bool,
    foreign: _Profile,
    chinese: _Profile,
    floor: float,
) -> tuple[float, dict[str, Any] | None]:
    """The score after the Chinese-title rule, and the evidence (None when the titles do not agree).

    The rule does not apply (the evidence says why) when the parts conflict, a shared adoption is declared
    NEQ, or both sides declare adoptions of different works."""
    agreement = chinese_title_agreement(foreign, chinese)
    if agreement is None:
        return score, None
    evidence = agreement.to_evidence()
    against = (
        "different parts"
        if parts_conflict
        else "a declared NEQ adoption"
        if "adoption_not_equivalent" in features
        else "declared adoptions of different works"
        if features.get("adoption_conflict", 0.0) >= 1.0
        else None
    )
    if against:
        evidence["not_applied"] = f"the Chinese titles agree, but the pair has {against}"
        return score, evidence
    return floor + (1.0 - floor) * score, evidence


__all__ = [
    "ChineseTitleAgreement",
    "ChineseTitleIndex",
    "chinese_title_agreement",
    "chinese_title_key",
    "chinese_title_rule",
    "compare_chinese_titles",
    "loose_chinese_title_key",
]
