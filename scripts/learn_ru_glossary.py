"""Learn Russian -> English title words from the TUNE half of the declared Russian adopters; append them to the
Russian term table (``standards_lib/data/glossary_ru_en.tsv``).

    .venv/bin/python scripts/learn_ru_glossary.py [--shared ../shared/data] [--cache DIR]

The hand-written table holds about 180 terms: most words of a Russian title stay untranslated. The Rosstandart
catalogue pairs 3,600 Russian titles with the ISO/IEC work their designation declares (``ГОСТ Р ИСО 9001-2015``);
the English title of that work is, nearly word for word, the translation. Only pairs of the TUNE half
(:func:`standards_lib.matching.adoption.declared_labels.series_half`: whole international series) are read, so that the
held-out half measured by ``benchmarks/bench_infer.py`` stays unseen.

Alignment: :func:`standards_lib.matching.term_alignment.align_terms` (competitive linking, the hand-written terms
explained away first) over the lemmas (``simplemma``) of each Russian title and the content-word stems of the
English one. The learnt rows are written below a marker line; a new run replaces them.
``scripts/fit_adoption_model.py --language ru`` uses :func:`learnt_rows` and :func:`glossary_rows` to translate
each part of the tune half with a table learnt without it (cross-fitting).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from standards_lib.matching.adoption.declared_labels import HiddenAdoption  # noqa: E402
from standards_lib.matching.adoption.works import Hub  # noqa: E402
from standards_lib.matching.glossary import english_phrase, english_words, normalize_term, stem, term_table  # noqa: E402
from standards_lib.matching.term_alignment import align_terms  # noqa: E402
from standards_lib.matching.translate import lemma, lemma_table, split_part, translate_lemmatized  # noqa: E402

TABLE = ROOT / "standards_lib" / "data" / "glossary_ru_en.tsv"
MARKER = "# --- learnt by scripts/learn_ru_glossary.py from the tune half of the declared Russian adopters"


def russian_lemmas(title: str) -> frozenset[str]:
    text, _ = split_part(title)
    return frozenset(lemma(normalize_term(w, "ru"), "ru") for w in re.findall(r"[^\W\d_]+", text) if len(w) > 2)


def english_stems_with_words(title: str, surface: dict[str, Counter[str]]) -> frozenset[str]:
    text, _ = split_part(title)
    stems = set()
    for word in english_words(text):
        if word.isalpha() and len(word) > 2 and english_phrase(word):  # content words only
            s = stem(word)
            surface.setdefault(s, Counter())[word] += 1
            stems.add(s)
    return frozenset(stems)


def _clear_caches() -> None:
    term_table.cache_clear()
    lemma_table.cache_clear()
    translate_lemmatized.cache_clear()


def table_text(rows: Sequence[str], note: str = "") -> str:
    """The table file's text with ``rows`` below the marker line in place of its learnt rows."""
    hand_written = TABLE.read_text(encoding="utf-8").split(MARKER)[0].rstrip("\n") + "\n"
    return hand_written + MARKER + note + "\n" + "".join(row + "\n" for row in rows)


@contextmanager
def glossary_rows(rows: Sequence[str], note: str = "") -> Iterator[None]:
    """The Russian table as the hand-written rows plus ``rows`` for the duration of the block; the file as it
    was afterwards, whatever happens in the block."""
    saved = TABLE.read_text(encoding="utf-8")
    try:
        TABLE.write_text(table_text(rows, note), encoding="utf-8")
        _clear_caches()
        yield
    finally:
        TABLE.write_text(saved, encoding="utf-8")
        _clear_caches()


def learnt_rows(hidden: Sequence[HiddenAdoption], hub: Hub) -> tuple[list[str], int]:
    """Rows of the term table learnt from the Russian titles of ``hidden`` and the English titles of their
    declared works (the hand-written table only, whatever rows the file holds), and the number of pairs read."""
    surface: dict[str, Counter[str]] = {}
    pairs = []
    for h in hidden:
        key = h.label.work_key
        if key not in hub.by_key:
            continue
        ru = russian_lemmas(h.label.record.titles["ru"])
        en = english_stems_with_words(hub.works[hub.by_key[key]].title, surface)
        if ru and en:
            pairs.append((ru, en))
    with glossary_rows([]):
        table = lemma_table("ru")

        def known(word: str) -> frozenset[str] | None:
            phrases = table.get((word,))
            return None if phrases is None else frozenset(s for p in phrases for s in p)

        learnt = align_terms(pairs, known)
    rows = []
    for word, term in learnt.items():
        if normalize_term(word, "ru") != word:
            continue
        english = "|".join(surface[t].most_common(1)[0][0] for t in term.targets)
        rows.append(f"{word}\t{english}\tlearnt: {term.links} links over {term.pairs} tune pairs")
    return rows, len(pairs)


def main(argv: list[str] | None = None) -> int:
    from fit_adoption_model import load_international, load_russian

    from standards_lib.matching.adoption.declared_labels import hidden_adoption_labels

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    hub = Hub(load_international(args.shared, args.cache))
    russian, _ = load_russian(args.shared, adopters_only=True)
    tune = [h for h in hidden_adoption_labels(russian) if h.split == "tune"]
    rows, pairs = learnt_rows(tune, hub)
    TABLE.write_text(table_text(rows, f" ({pairs} pairs)"), encoding="utf-8")
    _clear_caches()
    print(f"{pairs} tune pairs, {len(rows)} lemmas learnt -> {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
