"""Candidate generation (blocking): which Chinese standards are worth scoring against a foreign one.

Comparing every foreign standard with every Chinese one grows with the product of the two lists
(110,000 x 45,000 = 5 billion pairs). Instead the Chinese side is indexed once by

- the works it adopts (``ISO|IEC|9001``), read from metadata, the designation or inferred from titles,
- the numbers of those works (``9001``, ``60335-1``), for designation-number hints (``SANS 9001``),
- a rare-token inverted index over normalised titles per language (words; character bigrams for
  Chinese), where tokens are weighted by IDF and tokens carried by more than ``max_postings`` titles are
  not used to *find* candidates (they are stop words at this scale),
- small ICS groups (``29.220``) holding at most ``ics_cap`` standards,

and each foreign standard looks up only its own keys, keeping the ``title_candidates`` best title
candidates by summed IDF of shared tokens. The cost is proportional to the postings read, which the
caps bound, so it grows roughly linearly with the number of standards.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from ...records import ISO_NUMBERING_COUNTRIES
from .chinese_titles import ChineseTitleIndex
from .profile import RecordProfile


@dataclass(frozen=True, slots=True)
class BlockingOptions:
    max_postings: int = 1500  # tokens in more titles than this are not used to find candidates
    query_tokens: int = 10  # the rarest tokens of each foreign title used for retrieval
    posting_budget: int = 3000  # postings read per query at most (beyond its two rarest tokens)
    title_candidates: int = 36  # best title candidates kept per foreign standard and language
    ics_cap: int = 30  # ICS groups larger than this do not generate candidates
    min_token_share: float = 0.25  # a title candidate must share this share of the query's IDF mass


class TokenIndex:
    """An inverted index of title tokens for one language, with IDF weights."""

    def __init__(self, n_docs: int) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.doc_tokens: dict[int, frozenset[str]] = {}
        self.n_docs = max(n_docs, 1)
        self._idf: dict[str, float] = {}

    def add(self, doc: int, tokens: Sequence[str]) -> None:
        for token in tokens:
            self.postings[token].append(doc)
        self.doc_tokens[doc] = frozenset(tokens)

    def freeze(self) -> None:
        self.postings = dict(self.postings)
        n = self.n_docs
        self._idf = {t: math.log(1 + n / len(p)) for t, p in self.postings.items()}
        self._unseen = math.log(1 + n)
        self.doc_size = {doc: len(toks) for doc, toks in self.doc_tokens.items()}

    def idf(self, token: str) -> float:
        """IDF of a token; a token absent from the index gets the highest weight (and finds nothing)."""
        return self._idf.get(token, self._unseen)

    def weigh(self, tokens: Sequence[str]) -> tuple[dict[str, float], float]:
        """``({token: IDF}, total)`` of a title's tokens."""
        get, unseen = self._idf.get, self._unseen
        weights = {t: get(t, unseen) for t in tokens}
        return weights, sum(weights.values())

    def search(self, tokens: Sequence[str], options: BlockingOptions) -> list[int]:
        """Documents sharing the most of the query's rarest tokens (common ones skipped).

        IDF chooses *which* tokens are used: the ``query_tokens`` rarest of the query, within a budget of
        postings read. The documents holding them are counted in C (``Counter``); those sharing at least
        ``min_token_share`` of the usable tokens (or the most of any document) are ranked by the Dice
        coefficient of the shared count over the two sizes, and the best ``title_candidates`` returned.
        The full IDF-weighted title similarity is computed later, by the scorer, on these candidates only.
        """
        idf = self._idf
        known = [(idf[t], t) for t in tokens if t in idf]
        if not known:
            return []
        known.sort(reverse=True)
        chosen = known[: options.query_tokens]
        postings = self.postings
        usable: list[tuple[float, str]] = []
        budget = options.posting_budget
        for w, t in chosen:  # rarest first, within the budget of postings read per query
            size = len(postings[t])
            if size <= options.max_postings and (size <= budget or len(usable) < 2):
                usable.append((w, t))
                budget -= size
        if len(usable) < 2:  # a title made only of common words: fall back on its two rarest tokens
            usable = chosen[:2]
        counts = Counter(chain.from_iterable(self.postings[t] for _, t in usable))
        floor = options.min_token_share * len(usable)
        top = max(counts.values())
        doc_size = self.doc_size
        n = len(usable)
        # rank by Dice over the query's rare tokens: shared count over the two titles' sizes
        items = [(c / (n + doc_size[doc]), doc) for doc, c in counts.items() if c >= floor or c == top]
        if len(items) > options.title_candidates:
            items = heapq.nlargest(options.title_candidates, items)
        return [doc for _, doc in items]


class CandidateIndex:
    """The Chinese side, indexed for blocking."""

    def __init__(self, profiles: Sequence[RecordProfile], options: BlockingOptions | None = None) -> None:
        self.profiles = profiles
        self.options = options or BlockingOptions()
        self.by_work: dict[str, set[int]] = defaultdict(set)
        self.by_number: dict[str, set[int]] = defaultdict(set)
        self.by_ics_group: dict[str, list[int]] = defaultdict(list)
        self.tokens: dict[str, TokenIndex] = {}
        counts: dict[str, int] = defaultdict(int)
        for p in profiles:
            for lang in p.tokens:
                counts[lang] += 1
        for lang, n in counts.items():
            self.tokens[lang] = TokenIndex(n)
        for i, p in enumerate(profiles):
            self.add_adoptions(i)
            for group in {code[:6] for code in p.ics if len(code) >= 6}:
                self.by_ics_group[group].append(i)
            for lang, toks in p.tokens.items():
                self.tokens[lang].add(i, toks)
        for index in self.tokens.values():
            index.freeze()
        self.by_chinese_title = ChineseTitleIndex(profiles)
        for p in profiles:
            self.weigh(p)

    def weigh(self, profile: RecordProfile) -> RecordProfile:
        """Fill ``profile.weights`` with the IDF of its title tokens among the Chinese titles of each language."""
        for lang, toks in profile.tokens.items():
            index = self.tokens.get(lang)
            profile.weights[lang] = (
                index.weigh(toks) if index is not None else ({t: 1.0 for t in toks}, float(len(toks)))
            )
        return profile

    def add_adoptions(self, i: int) -> None:
        """(Re-)index the adoptions of profile ``i`` (called again after adoption inference)."""
        for a in self.profiles[i].all_adoptions:
            self.by_work[a.key].add(i)
            self.by_number[a.number_key].add(i)

    def title_candidates(self, profile: RecordProfile) -> set[int]:
        found: set[int] = set()
        for lang, toks in profile.tokens.items():
            index = self.tokens.get(lang)
            if index is not None and toks:
                found.update(index.search(toks, self.options))
        return found

    def candidates(self, profile: RecordProfile) -> dict[int, str]:
        """Candidate Chinese profiles for one foreign profile: index -> the first block that found it."""
        found: dict[int, str] = {}
        for a in profile.all_adoptions:
            for i in self.by_work.get(a.key, ()):
                found.setdefault(i, "adoption")
        for i in self.by_chinese_title.lookup(profile):
            found.setdefault(i, "chinese title")
        if not profile.adoptions and profile.country in ISO_NUMBERING_COUNTRIES:
            for i in self.by_number.get(profile.number_key, ()):
                found.setdefault(i, "number")
        for i in self.title_candidates(profile):
            found.setdefault(i, "title")
        for group in {code[:6] for code in profile.ics if len(code) >= 6}:
            members = self.by_ics_group.get(group, ())
            if len(members) <= self.options.ics_cap:
                for i in members:
                    found.setdefault(i, "ics")
        return found


__all__ = ["BlockingOptions", "CandidateIndex", "TokenIndex"]
