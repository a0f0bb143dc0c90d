"""Word translations learnt from title pairs: which English stem each source-language word stands for.

The declared Russian adopters pair a Russian title with the English title of the ISO/IEC work it adopts, nearly
word for word. :func:`align_terms` learns, from such pairs, the English stem each Russian lemma renders, by
*competitive linking* (Melamed, "Models of translational equivalence among words", 2000) with the words a
term table already knows explained away first:

1. in each pair, the lemmas the table (or an earlier round) translates are removed together with the English
   stems they explain; what is left is what the pair still has to teach;
2. every remaining (lemma, stem) pair is scored by its Dice coefficient over the whole set;
3. in each pair, links are drawn greedily, best score first, each lemma and each stem linked at most once, so
   a stem explained by one lemma is no longer available to the others of that title (plain co-occurrence
   counting gives every word of a series' titles the series' rarest stem: ``посуда``, ``стеклянная`` and
   ``свинец`` all become ``dinnerware``);
4. a lemma is learnt when its best stem got at least ``min_links`` links and at least ``min_share`` of the
   lemma's pairs; the next stems with at least ``second_within`` of the best one's links are kept as alternatives
   (``max_targets`` stems in all): a title word often stands for two or three English words (``обувь`` footwear,
   ``shoe``), and an alternative that is never used costs nothing at inference.

Rounds repeat the whole with the learnt words explaining away too. Everything is deterministic (ties broken by
the words' order).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

#: Defaults chosen on the tune half alone: an inner split of its series (learn on one part, measure on the other),
#: then the recall at precision 0.9 of the cross-fitted Russian regime (``scripts/fit_adoption_model.py --language ru``).
ROUNDS: Final = 3
MIN_LINKS: Final = 1
MIN_SHARE: Final = 0.25
SECOND_WITHIN: Final = 0.5
#: Most English stems kept per word (the best and its alternatives).
MAX_TARGETS: Final = 4

TitlePair = tuple[frozenset[str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class AlignedTerm:
    """A source word, the English stems learnt for it (best first), and the counts behind them."""

    source: str
    targets: tuple[str, ...]
    links: int  # pairs in which the best stem was linked to the word
    pairs: int  # pairs holding the word (once the known words were explained away)


def _reduce(pairs: Sequence[TitlePair], explain: Callable[[str], frozenset[str] | None]) -> list[TitlePair]:
    """Each pair without its explained words and the stems they explain."""
    reduced = []
    for source, target in pairs:
        left, stems = set(), set(target)
        for word in source:
            known = explain(word)
            if known is None:
                left.add(word)
            else:
                stems -= known
        reduced.append((frozenset(left), frozenset(stems)))
    return reduced


def _links(reduced: Sequence[TitlePair]) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Competitive links over every pair, and the number of pairs holding each source word."""
    sources: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for source, target in reduced:
        sources.update(source)
        targets.update(target)
        both.update((s, t) for s in source for t in target)
    links: Counter[tuple[str, str]] = Counter()
    for source, target in reduced:
        ranked = sorted(
            ((2 * both[(s, t)] / (sources[s] + targets[t]), s, t) for s in source for t in target),
            key=lambda x: (-x[0], x[1], x[2]),
        )
        used_sources: set[str] = set()
        used_targets: set[str] = set()
        for _, s, t in ranked:
            if s in used_sources or t in used_targets:
                continue
            used_sources.add(s)
            used_targets.add(t)
            links[(s, t)] += 1
    return links, sources


def align_terms(
    pairs: Iterable[TitlePair],
    known: Callable[[str], frozenset[str] | None],
    *,
    rounds: int = ROUNDS,
    min_links: int = MIN_LINKS,
    min_share: float = MIN_SHARE,
    second_within: float = SECOND_WITHIN,
    max_targets: int = MAX_TARGETS,
) -> dict[str, AlignedTerm]:
    """Source word -> :class:`AlignedTerm` learnt from ``(source words, English stems)`` pairs.

    ``known(word)`` gives the stems a word is already known to render (an empty set for a word without
    content), or None for a word still to learn; known words are never learnt again.
    """
    pairs = list(pairs)
    learnt: dict[str, AlignedTerm] = {}

    def explain(word: str) -> frozenset[str] | None:
        found = learnt.get(word)
        return frozenset(found.targets) if found is not None else known(word)

    for _ in range(max(1, rounds)):
        links, seen = _links(_reduce(pairs, explain))
        by_source: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for (s, t), n in links.items():
            by_source[s].append((n, t))
        found: dict[str, AlignedTerm] = {}
        for s, ranked in by_source.items():
            ranked.sort(key=lambda x: (-x[0], x[1]))
            best, target = ranked[0]
            if best < min_links or best < min_share * seen[s]:
                continue
            alternatives = [t for n, t in ranked[1:max_targets] if n >= second_within * best and n >= min_links]
            found[s] = AlignedTerm(s, (target, *alternatives), best, seen[s])
        if not found:
            break
        learnt.update(found)
    return dict(sorted(learnt.items()))


__all__ = [
    "MAX_TARGETS",
    "MIN_LINKS",
    "MIN_SHARE",
    "ROUNDS",
    "SECOND_WITHIN",
    "AlignedTerm",
    "TitlePair",
    "align_terms",
]
