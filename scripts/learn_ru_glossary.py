"""Learn Russian -> English title words from the TUNE half of the declared Russian adopters; append them to the
Russian term table (``standards_lib/data/glossary_ru_en.tsv``).

    .venv/bin/python scripts/learn_ru_glossary.py [--shared ../shared/data] [--cache DIR] [--min-pairs 2]
                                                  [--min-dice 0.3]

The hand-written table holds about 180 terms: most words of a Russian title stay untranslated. The Rosstandart
catalogue pairs 3,500 Russian titles with the ISO/IEC work their designation declares (``ГОСТ Р ИСО 9001-2015``);
the English title of that work is, nearly word for word, the translation. Only pairs of the TUNE half
(:func:`standards_lib.matching.adoption.declared_labels.series_half`: whole international series) are read, so that the
held-out half measured by ``benchmarks/bench_infer.py`` stays unseen.

Alignment: for each lemma (``simplemma``) and English stem, the number of pairs holding both; a lemma seen in
at least ``--min-pairs`` pairs gets the stem of highest Dice coefficient (``2·both / (lemma + stem)``) when it
reaches ``--min-dice``, and a second stem within 0.8 of it. A lemma the hand-written table already knows as a
term of its own is left alone. The learnt rows are written below a marker line; a new run
replaces them.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_adoption_model import load_international, load_russian  # noqa: E402

from standards_lib.matching.adoption.declared_labels import hidden_adoption_labels  # noqa: E402
from standards_lib.matching.adoption.works import Hub  # noqa: E402
from standards_lib.matching.glossary import english_phrase, english_words, normalize_term, stem, term_table  # noqa: E402
from standards_lib.matching.translate import lemma, lemma_table, split_part  # noqa: E402

TABLE = ROOT / "standards_lib" / "data" / "glossary_ru_en.tsv"
MARKER = "# --- learnt by scripts/learn_ru_glossary.py from the tune half of the declared Russian adopters"


def russian_lemmas(title: str) -> set[str]:
    text, _ = split_part(title)
    return {lemma(normalize_term(w, "ru"), "ru") for w in re.findall(r"[^\W\d_]+", text) if len(w) > 2}


def english_stems_with_words(title: str, surface: dict[str, Counter[str]]) -> set[str]:
    text, _ = split_part(title)
    stems = set()
    for word in english_words(text):
        if word.isalpha() and len(word) > 2 and english_phrase(word):  # content words only
            s = stem(word)
            surface.setdefault(s, Counter())[word] += 1
            stems.add(s)
    return stems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--min-pairs", type=int, default=2)
    parser.add_argument("--min-dice", type=float, default=0.3)
    args = parser.parse_args(argv)
    text = TABLE.read_text(encoding="utf-8")
    head = text.split(MARKER)[0].rstrip("\n") + "\n"
    TABLE.write_text(head, encoding="utf-8")  # the hand-written table alone while learning
    term_table.cache_clear()
    lemma_table.cache_clear()
    hub = Hub(load_international(args.shared, args.cache))
    russian, _ = load_russian(args.shared, adopters_only=True)
    hidden = [h for h in hidden_adoption_labels(russian) if h.split == "tune"]
    surface: dict[str, Counter[str]] = {}
    lemmas: Counter[str] = Counter()
    stems: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    pairs = 0
    for h in hidden:
        key = h.label.work_key
        if key not in hub.by_key:
            continue
        work = hub.works[hub.by_key[key]]
        ru = russian_lemmas(h.label.record.titles["ru"])
        en = english_stems_with_words(work.title, surface)
        if not ru or not en:
            continue
        pairs += 1
        lemmas.update(ru)
        stems.update(en)
        both.update((r, e) for r in ru for e in en)
    known = {words[0] for words in lemma_table("ru") if len(words) == 1}
    by_lemma: dict[str, list[tuple[float, str]]] = {}
    for (r, e), n in both.items():
        if n >= args.min_pairs and lemmas[r] >= args.min_pairs and r not in known:
            by_lemma.setdefault(r, []).append((2 * n / (lemmas[r] + stems[e]), e))
    rows = []
    for r in sorted(by_lemma):
        if normalize_term(r, "ru") != r:
            continue
        ranked = sorted(by_lemma[r], key=lambda x: (-x[0], x[1]))
        best = ranked[0][0]
        if best < args.min_dice:
            continue
        chosen = [e for d, e in ranked[:2] if d >= 0.8 * best]
        words = [surface[e].most_common(1)[0][0] for e in chosen]
        rows.append(f"{r}\t{'|'.join(words)}\tlearnt: Dice {best:.2f} over {lemmas[r]} tune pairs")
    TABLE.write_text(head + MARKER + f" ({pairs} pairs)\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{pairs} tune pairs, {len(rows)} lemmas learnt -> {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
