"""The evidence of a suggestion, read for the committee: bilingual sentences and a chart of signal contributions.

Two engines write evidence: the equivalence matcher (``suggestions.evidence``: one entry per signal it looked
at, ``signals`` = each feature's contribution to the logit as a number, ``logit``) and the adoption inference
(``adoption_suggestions.evidence``: ``signals`` = each feature as ``{"value", "contribution"}``, ``intercept``,
the titles, the runner-up). :func:`normalise` turns both into one shape, :class:`Evidence` (entries to narrate,
contributions, prior, logit), and :func:`read_evidence` renders that one shape: sentences with Chinese first,
and a waterfall (the prior, then each signal moving the score up or down, then the total on its own row).

Nothing internal reaches a person: model keys (``intercept``, ``version``, ``candidates``, ``features``) are
dropped, stems are never shown (the titles are compared word by word instead, naming the words that match),
and every signal has a label in both languages (an unknown one is shown as ``信号 signal: name``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .evidence_labels import (
    COUNTRY_ADJECTIVES,
    DEGREE_WORDS,
    EDITION_WORDS,
    FOUND_BY,
    LANGUAGE_NAMES,
    signal_label,
)
from .title_words import matched_words

_ROUND = 2
#: The order sentences are read out in (the strongest kind of evidence first).
SENTENCE_ORDER = (
    "adoption",
    "inferred_chain",
    "title",
    "international_title",
    "parts",
    "ics",
    "status",
    "number_hint",
    "runner_up",
    "note",
)


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of the waterfall: a signal's contribution to the logit, placed on a 0-100 scale."""

    key: str
    label: str
    contribution: float
    start: float
    end: float
    x: float
    width: float

    @property
    def positive(self) -> bool:
        return self.contribution >= 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """The one shape of evidence: entries to narrate, each signal's contribution, the prior and the logit."""

    entries: dict[str, Any]
    contributions: dict[str, float]
    prior: float
    logit: float | None
    found_by: str | None
    raw: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EvidenceReading:
    """Sentences, the waterfall, the final logit and how the pair was found."""

    sentences: tuple[str, ...]
    bars: tuple[Bar, ...]
    logit: float | None
    found_by: str | None
    raw: str

    @property
    def probability(self) -> float | None:
        return None if self.logit is None else 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, self.logit))))

    @property
    def text(self) -> str:
        """All sentences as one line (for exports and table cells)."""
        return "; ".join(self.sentences)


def _as_dict(evidence: Any) -> dict[str, Any]:
    if isinstance(evidence, Mapping):
        return dict(evidence)
    if isinstance(evidence, (str, bytes)) and evidence:
        try:
            data = json.loads(evidence)
        except ValueError:
            return {"note": str(evidence)}
        return data if isinstance(data, dict) else {"note": str(data)}
    return {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _contribution(value: Any) -> float | None:
    """A signal's contribution: a number (matcher) or the ``contribution`` of ``{"value", "contribution"}``."""
    if isinstance(value, Mapping):
        return _number(value.get("contribution"))
    return _number(value)


def normalise(evidence: Any) -> Evidence:
    """Either engine's evidence (a dict or its JSON text) in the one shape the pages render."""
    data = _as_dict(evidence)
    raw_signals = data.get("signals")
    signals: Mapping[str, Any] = raw_signals if isinstance(raw_signals, Mapping) else {}
    contributions = {str(k): c for k, v in signals.items() if (c := _contribution(v)) is not None and c != 0.0}
    total = sum(contributions.values())
    intercept, logit = _number(data.get("intercept")), _number(data.get("logit"))
    if logit is None and intercept is not None:
        logit = round(intercept + total, 4)
    prior = intercept if intercept is not None else ((logit - total) if logit is not None else 0.0)
    entries = {str(k): v for k, v in data.items() if str(k) in SENTENCE_ORDER and v not in (None, "", [], {})}
    found = data.get("found_by")
    found_by = FOUND_BY.get(str(found), f"{found}") if found else None
    return Evidence(entries, contributions, prior, logit, found_by, data)


# Sentences --------------------------------------------------------------------------------------------


def _degree(value: Any) -> str:
    return DEGREE_WORDS.get(str(value or "unknown"), str(value))


def _adoption(data: Mapping[str, Any], foreign_country: str | None) -> str:
    if not data.get("shared"):
        foreign = ", ".join(data.get("foreign") or []) or "—"
        chinese = ", ".join(data.get("chinese") or []) or "—"
        return f"采用的国际标准不同 they adopt different international standards ({foreign} / {chinese})"
    degrees = data.get("degrees") or {}
    zh_side, en_side = COUNTRY_ADJECTIVES.get(foreign_country or "", ("外国", "foreign"))
    edition = EDITION_WORDS.get(str(data.get("edition") or ""), str(data.get("edition") or ""))
    text = (
        f"两者均采用 both adopt {data.get('work', '?')} — {zh_side} {en_side} {_degree(degrees.get('foreign'))}, "
        f"中国 Chinese {_degree(degrees.get('chinese'))}"
    )
    if edition:
        text += f"; {edition}"
    refs = [r for r in (data.get("foreign_ref"), data.get("chinese_ref")) if r]
    if len(refs) == 2 and refs[0] != refs[1]:
        text += f" ({refs[0]} / {refs[1]})"
    if data.get("inferred"):
        text += "; 推断 inferred: " + "; ".join(str(i) for i in data["inferred"])
    if data.get("chain"):
        text += f". 经国际目录 through the international catalogue: {data['chain']}"
    return text


def _words_sentence(national: str | None, international: str | None) -> str | None:
    words = matched_words(national, international) if national and international else None
    if words is None or not words.total:
        return None
    shown = " · ".join(f"{source} = {english}" for source, english in words.pairs[:8])
    text = f"标题中 {len(words.pairs)}/{words.total} 个词对应 {len(words.pairs)} of {words.total} title words match"
    if shown:
        text += f": {shown}"
    if words.missing:
        text += f"; 未对应 not found: {', '.join(words.missing[:6])}"
    return text


def _title(data: Mapping[str, Any], titles: tuple[str | None, str | None]) -> str:
    similarity = _number(data.get("similarity"))
    if not data.get("comparable", True) and similarity is None:
        return "标题无法比较 titles not comparable (no shared language)"
    score = f"{similarity:.2f}" if similarity is not None else "—"
    if data.get("language") == "across languages" or data.get("foreign_rendered"):
        text = f"跨语言标题相似度 title similarity across languages {score} (通过术语表 through the glossary)"
        words = _words_sentence(titles[1], titles[0]) or _words_sentence(titles[0], titles[1])
        return f"{text}; {words}" if words else text
    language = LANGUAGE_NAMES.get(str(data.get("language") or ""), ("", str(data.get("language") or "")))
    return f"标题相似度 title similarity {score}" + (f" ({language[0]} {language[1]})" if language[0] else "")


def _ics(data: Mapping[str, Any]) -> str:
    level, shared = data.get("level"), ", ".join(data.get("shared") or [])
    return {
        "code": f"ICS 分类号相同 same ICS code {shared}",
        "group": f"ICS 小类相同 same ICS group {shared}",
        "field": f"仅 ICS 大类相同 same ICS field {shared} only",
        "none": "ICS 分类无交集 no ICS class in common",
        "unknown": "一方缺少 ICS 分类 ICS classification missing on one side",
    }.get(str(level), "ICS 分类未知 ICS classification unknown")


def _parts(data: Mapping[str, Any]) -> str | None:
    if data.get("agree") is True:
        return f"部分号相同 same part ({data.get('foreign')})"
    if data.get("agree") is False:
        return f"部分号不同 different parts ({data.get('foreign')} / {data.get('chinese')}): 不是同一标准 not the same standard"
    return None


def _runner_up(value: Any) -> str | None:
    if isinstance(value, Mapping) and value.get("work"):
        score = _number(value.get("score"))
        return f"次优候选 next best candidate: {value['work']}" + (f" ({score:.2f})" if score is not None else "")
    return None


def _sentence(key: str, value: Any, foreign_country: str | None, titles: tuple[str | None, str | None]) -> str | None:
    try:
        if key == "adoption" and isinstance(value, Mapping):
            return _adoption(value, foreign_country)
        if key == "title" and isinstance(value, Mapping):
            return _title(value, titles)
        if key == "international_title" and isinstance(value, str):
            return _words_sentence(titles[0], value) or f"国际标准标题 international title: {value}"
        if key == "ics" and isinstance(value, Mapping):
            return _ics(value)
        if key == "parts" and isinstance(value, Mapping):
            return _parts(value)
        if key == "runner_up":
            return _runner_up(value)
        if key == "inferred_chain" and value:
            return (
                "两端的采标关系均由标题推断，仅供核实 both links to the work are inferred from titles: a lead to check"
            )
        if key == "status" and isinstance(value, Mapping):
            return f"中国标准状态 the Chinese standard is {value.get('chinese', '—')}"
    except (TypeError, ValueError, KeyError, AttributeError):
        return None  # an unexpected shape: the raw evidence stays one click away
    if key in ("number_hint", "note") and isinstance(value, str):
        return value
    return None


def read_evidence(
    evidence: Any, *, foreign_country: str | None = None, titles: tuple[str | None, str | None] = (None, None)
) -> EvidenceReading:
    """Sentences and waterfall bars for the evidence of one suggestion (either engine's, a dict or JSON text).

    ``titles`` are the two sides' titles as the card shows them (left, right): the words that match are
    named from them, never from the engine's stems.
    """
    shaped = normalise(evidence)
    sentences = []
    for key in SENTENCE_ORDER:
        if key not in shaped.entries:
            continue
        text = _sentence(key, shaped.entries[key], foreign_country, titles)
        if text and text not in sentences:
            sentences.append(text)
    if not sentences and isinstance(shaped.raw.get("summary"), str) and not _STEMMY.search(shaped.raw["summary"]):
        sentences.append(shaped.raw["summary"])
    return EvidenceReading(
        sentences=tuple(sentences),
        bars=waterfall(shaped.contributions, shaped.prior) if (shaped.contributions or shaped.logit) else (),
        logit=shaped.logit,
        found_by=shaped.found_by,
        raw=json.dumps(shaped.raw, ensure_ascii=False, indent=1, sort_keys=True),
    )


_STEMMY = re.compile(r"\b[a-z]+(?:i|ss)\b")  # summaries of stems ("safeti") are not shown


# The waterfall ------------------------------------------------------------------------------------------


def waterfall(contributions: Mapping[str, float], prior: float) -> tuple[Bar, ...]:
    """Bars for the prior and each signal (largest effect first), on a shared 0-100 scale."""
    ordered = sorted(contributions.items(), key=lambda kv: -abs(kv[1]))
    steps = [("prior", "基准 prior", prior)] + [(k, signal_label(k), v) for k, v in ordered]
    position, spans = 0.0, []
    for key, label, value in steps:
        spans.append((key, label, value, position, position + value))
        position += value
    low = min([0.0] + [min(s, e) for *_, s, e in spans])
    high = max([0.0] + [max(s, e) for *_, s, e in spans])
    scale = 100.0 / (high - low) if high > low else 0.0
    return tuple(
        Bar(
            key,
            label,
            round(value, _ROUND),
            round(start, _ROUND),
            round(end, _ROUND),
            round((min(start, end) - low) * scale, _ROUND),
            round(max(abs(end - start) * scale, 0.5), _ROUND),
        )
        for key, label, value, start, end in spans
    )


def zero_position(bars: tuple[Bar, ...]) -> float:
    """Where logit 0 (probability 0.5) lies on the bars' 0-100 scale."""
    if not bars:
        return 0.0
    low = min([0.0] + [min(b.start, b.end) for b in bars])
    high = max([0.0] + [max(b.start, b.end) for b in bars])
    return 0.0 if high <= low else round((0.0 - low) * 100.0 / (high - low), 2)


__all__ = ["Bar", "Evidence", "EvidenceReading", "normalise", "read_evidence", "waterfall", "zero_position"]
