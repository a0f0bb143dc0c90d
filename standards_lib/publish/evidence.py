"""The evidence of a suggestion, read for the committee: sentences and a waterfall of signal contributions.

The matcher stores, per suggested pair, a JSON object (see ``matching/scoring.py``): one entry per
signal that it looked at (``adoption``, ``title``, ``ics``, ``parts``, ``number_hint``, ``status``, ...),
``signals`` = each signal's contribution to the logit, ``logit`` and a one-line ``summary``.
:func:`read_evidence` turns it into plain sentences (“both adopt IEC 60529 — Indian IDT, Chinese MOD,
same edition”) and :func:`waterfall` into bars (like Splink's waterfall charts: the prior, then each
signal moving the score up or down). Keys it does not know are shown generically, never dropped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Adjective of each country for "Indian IDT, Chinese MOD".
COUNTRY_ADJECTIVES = {
    "CN": "Chinese",
    "BR": "Brazilian",
    "RU": "Russian",
    "IN": "Indian",
    "ZA": "South African",
    "INT": "international",
}
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "ru": "Russian", "pt": "Portuguese", "fr": "French"}
#: Labels of the signals in ``signals`` (contributions); unknown keys are shown with their own name.
SIGNAL_LABELS = {
    "adoption": "shared adoption 共同采标",
    "adoption_conflict": "different adoptions 采标不同",
    "title": "title similarity 标题相似",
    "ics": "ICS classification 分类",
    "number_hint": "number hint 编号",
    "part": "parts 部分",
    "status": "status 状态",
    "crosslang_title": "title across languages 跨语言标题",
    "chain": "chain of adoptions 采标链",
}
#: Keys that are not signals to narrate.
#: Keys the page does not read out as sentences: the chart draws ``signals``; ``features`` are the model's inputs
#: behind those bars and ``model`` the version that scored the pair (both stay in the raw evidence).
META_KEYS = frozenset({"signals", "logit", "summary", "found_by", "features", "model"})
FOUND_BY = {
    "adoption": "a shared adoption",
    "title": "similar titles",
    "number": "the designation number",
    "ics": "the classification",
}


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


def _as_dict(evidence: Any) -> dict[str, Any]:
    if isinstance(evidence, Mapping):
        return dict(evidence)
    if isinstance(evidence, (str, bytes)) and evidence:
        try:
            data = json.loads(evidence)
        except ValueError:
            return {"note": str(evidence)}
        return data if isinstance(data, dict) else {"value": data}
    return {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def humanize(key: str) -> str:
    """``crosslang_title`` -> ``crosslang title``."""
    return str(key).replace("_", " ").strip()


def plain(value: Any, depth: int = 0) -> str:
    """Any JSON value as short readable text (dicts as ``key value`` pairs)."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, Mapping):
        if depth > 2:
            return "…"
        return ", ".join(f"{humanize(k)} {plain(v, depth + 1)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, (list, tuple)):
        return ", ".join(plain(v, depth + 1) for v in value[:10]) + (" …" if len(value) > 10 else "")
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "" if value is None else str(value)


def _adoption(data: Mapping[str, Any], foreign_country: str | None) -> str:
    if not data.get("shared"):
        foreign = ", ".join(data.get("foreign") or []) or "?"
        chinese = ", ".join(data.get("chinese") or []) or "?"
        return f"they adopt different international standards ({foreign} / {chinese})"
    degrees = data.get("degrees") or {}
    side = COUNTRY_ADJECTIVES.get(foreign_country or "", "foreign")
    text = (
        f"both adopt {data.get('work', '?')} — {side} {degrees.get('foreign', '?')}, "
        f"Chinese {degrees.get('chinese', '?')}, {data.get('edition', 'edition unknown')}"
    )
    refs = [r for r in (data.get("foreign_ref"), data.get("chinese_ref")) if r]
    if len(refs) == 2 and refs[0] != refs[1]:
        text += f" ({refs[0]} / {refs[1]})"
    if data.get("inferred"):
        text += "; inferred: " + "; ".join(str(i) for i in data["inferred"])
    if data.get("chain"):
        text += f". Through the international catalogue: {data['chain']}"
    return text


def _title(data: Mapping[str, Any]) -> str:
    if not data.get("comparable", True) and "similarity" not in data:
        return f"titles not comparable ({data.get('reason', 'no shared language')})"
    similarity = _number(data.get("similarity"))
    language = LANGUAGE_NAMES.get(str(data.get("language")), str(data.get("language") or ""))
    text = f"title similarity {similarity:.2f}" if similarity is not None else "titles compared"
    if data.get("language") == "across languages":
        langs = " and ".join(LANGUAGE_NAMES.get(x, x) for x in str(data.get("languages") or "").split("/") if x)
        text += f" across languages ({langs}: both rendered as English terms through the glossary and dictionary)"
        rendered = [r for r in (data.get("foreign_rendered"), data.get("chinese_rendered")) if r]
        if len(rendered) == 2:
            text += f": “{rendered[0]}” / “{rendered[1]}”"
    elif data.get("via") or data.get("through"):
        text += f" across languages through the {data.get('via') or data.get('through')}"
    elif language:
        text += f" in {language}"
    return text


def _ics(data: Mapping[str, Any]) -> str:
    level, shared = data.get("level"), ", ".join(data.get("shared") or [])
    if level == "none":
        return "no ICS class in common"
    return {
        "code": f"same ICS code {shared}",
        "group": f"same ICS group {shared}",
        "field": f"same ICS field {shared} only",
    }.get(str(level), f"ICS {plain(data)}")


def _parts(data: Mapping[str, Any]) -> str:
    if data.get("agree") is True:
        return f"same part ({data.get('foreign')})"
    if data.get("agree") is False:
        return f"different parts ({data.get('foreign')} vs {data.get('chinese')}): not the same standard"
    return data.get("note") or f"parts: {plain({k: v for k, v in data.items() if k != 'agree'})}"


def _crosslang(data: Any) -> str:
    if isinstance(data, Mapping) and _number(data.get("similarity")) is not None:
        via = data.get("via") or data.get("through") or "glossary"
        langs = data.get("languages") or [data.get("foreign_language"), data.get("chinese_language")]
        langs = [LANGUAGE_NAMES.get(str(x), str(x)) for x in langs if x]
        return f"title similarity across languages {float(data['similarity']):.2f} through the {via}" + (
            f" ({' → '.join(langs)})" if langs else ""
        )
    return f"title across languages: {plain(data)}"


def sentence(key: str, value: Any, foreign_country: str | None = None) -> str | None:
    """One evidence entry as a sentence (generic for keys this module does not know)."""
    if value in (None, "", [], {}):
        return None
    try:
        if key == "adoption" and isinstance(value, Mapping):
            return _adoption(value, foreign_country)
        if key == "title" and isinstance(value, Mapping):
            return _title(value)
        if key == "crosslang_title":
            return _crosslang(value)
        if key == "ics" and isinstance(value, Mapping):
            return _ics(value)
        if key == "parts" and isinstance(value, Mapping):
            return _parts(value)
        if key == "status" and isinstance(value, Mapping):
            return f"the Chinese standard is {value.get('chinese', 'not current')}: {value.get('note', '')}".rstrip(
                ": "
            )
        if key == "chain" and isinstance(value, (list, tuple)):
            return "chain of adoptions: " + " → ".join(plain(v) for v in value)
    except (TypeError, ValueError, KeyError, AttributeError):
        pass  # an unexpected shape: fall through to the generic reading
    if isinstance(value, str):
        return (
            value if key in ("number_hint", "edition_note", "replacement_note", "note") else f"{humanize(key)}: {value}"
        )
    return f"{humanize(key)}: {plain(value)}"


def waterfall(signals: Mapping[str, Any], logit: float | None) -> tuple[Bar, ...]:
    """Bars for the prior (logit minus the contributions) and each signal, on a shared 0-100 scale."""
    items = [(str(k), v) for k, v in signals.items() if _number(v) is not None]
    contributions = [(k, float(v)) for k, v in items]
    total = sum(v for _, v in contributions)
    prior = (logit - total) if logit is not None else 0.0
    steps = [("prior", "prior 基准", prior)] + [(k, SIGNAL_LABELS.get(k, humanize(k)), v) for k, v in contributions]
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
            round(value, 2),
            round(start, 2),
            round(end, 2),
            round((min(start, end) - low) * scale, 2),
            round(max(abs(end - start) * scale, 0.5), 2),
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


def read_evidence(evidence: Any, *, foreign_country: str | None = None) -> EvidenceReading:
    """Sentences and waterfall bars for the evidence of one suggestion (a dict or its JSON text)."""
    data = _as_dict(evidence)
    sentences = []
    for key, value in data.items():
        if key in META_KEYS:
            continue
        text = sentence(str(key), value, foreign_country)
        if text:
            sentences.append(text)
    if not sentences and data.get("summary"):
        sentences.append(str(data["summary"]))
    signals = data.get("signals") if isinstance(data.get("signals"), Mapping) else {}
    logit = _number(data.get("logit"))
    found = data.get("found_by")
    return EvidenceReading(
        sentences=tuple(sentences),
        bars=waterfall(signals, logit) if signals else (),
        logit=logit,
        found_by=FOUND_BY.get(str(found), humanize(str(found))) if found else None,
        raw=json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True),
    )


__all__ = ["Bar", "EvidenceReading", "plain", "read_evidence", "sentence", "waterfall", "zero_position"]
