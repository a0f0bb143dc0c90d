"""Full-text search in every language, Chinese included.

SQLite FTS5's ``unicode61`` tokenizer indexes an unbroken run of Chinese characters as one token,
so ``质量管理`` would never find ``质量管理体系``, and the trigram tokenizer cannot match the many
two-character words (光伏, 电池). The catalogue therefore indexes Chinese text as overlapping
bigrams (``质量管理体系`` -> ``质量 量管 管理 理体 体系``) in a column of its own, and a Chinese
query word becomes the phrase of its bigrams (``"质量 量管 管理"``): any substring of two or more
characters matches, in order. A one-character query matches bigrams starting with it.

Everything else (designations, English, Russian, Portuguese titles) uses ``unicode61`` with
diacritics removed (``gestao`` finds ``gestão``) and prefix queries on each word (``менеджмент``
finds ``менеджмента``).
"""

from __future__ import annotations

import re
import unicodedata

from standards_lib.text import CJK_RUN_RE as CJK_RE
from standards_lib.text import cjk_bigrams as run_bigrams

WORD_RE = re.compile(r"\w+", re.UNICODE)

FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS standards_fts USING fts5("
    "designation, titles, cjk, tokenize = \"unicode61 remove_diacritics 2\", prefix = '2 3')"
)


def cjk_bigrams(text: str) -> str:
    """Chinese runs of ``text`` as space-separated overlapping bigrams (single characters kept alone)."""
    tokens: list[str] = []
    for run in CJK_RE.findall(unicodedata.normalize("NFKC", text or "")):
        tokens.extend(run_bigrams(run))
    # No boundary marker is needed: a query spanning two runs contains a bigram that crosses the
    # boundary, and that bigram is never indexed.
    return " ".join(tokens)


def designation_text(*forms: str | None) -> str:
    """The designation column: every written form, plus a variant with separators spaced out."""
    seen: list[str] = []
    for form in forms:
        if form and form not in seen:
            seen.append(form)
    spaced = [re.sub(r"[/:.\-–—()]", " ", f) for f in seen]
    return " ".join(seen + spaced)


def non_cjk_titles(titles: dict[str, str]) -> str:
    """Titles that are not Chinese, joined (Chinese goes to the bigram column)."""
    return " ".join(t for lang, t in sorted(titles.items()) if lang != "zh")


def fts_row(designation: str, canonical: str, titles: dict[str, str]) -> dict[str, str]:
    """The three FTS columns for one standard."""
    chinese = " ".join(t for t in titles.values() if CJK_RE.search(t))
    return {
        "designation": designation_text(canonical, designation),
        "titles": non_cjk_titles(titles),
        "cjk": cjk_bigrams(chinese),
    }


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(query: str) -> str:
    """Turn a user's query in any language into an FTS5 MATCH expression for ``standards_fts``.

    Every Chinese run becomes a phrase of bigrams on the ``cjk`` column; every other word a prefix
    query on all columns; the parts are ANDed. Returns ``""`` for a query with nothing searchable.
    """
    text = unicodedata.normalize("NFKC", query or "")
    parts: list[str] = []
    for run in CJK_RE.findall(text):
        if len(run) == 1:
            parts.append(f"cjk : {_quote(run)}*")
        else:
            parts.append("cjk : " + _quote(" ".join(run[i : i + 2] for i in range(len(run) - 1))))
    rest = CJK_RE.sub(" ", text)
    for word in WORD_RE.findall(rest):
        parts.append(f"{_quote(word)}*")
    return " AND ".join(parts)
