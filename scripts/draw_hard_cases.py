"""Draw inferred adoption links of a catalogue for hand labelling: a random sample plus named series.

    .venv/bin/python scripts/draw_hard_cases.py --db /tmp/real.db [--size 150] [--seed 2026]
                                                [--series "GB/T 46505" ...] [--out draw.tsv]

Reads ``adoption_suggestions`` of Chinese records from csres or biaozhun (the sources the adoption gold set
can name), leaves out designations of the curated set ``chinese_adoptions.csv`` (so that the default seed
reproduces the draw behind ``hard_cases.csv``; a new draw takes a new seed), and writes one TSV line per link: why it was
drawn (``random`` or ``series``), designation, source, Chinese title, inferred work, its English title,
score. The labels themselves are written by hand from public facts, never from this output's score.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from standards_lib.matching.gold_files import read_adoption_gold_files  # noqa: E402

GOLD_DIR = ROOT / "tests" / "data" / "adoption_gold"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--size", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--series", action="append", default=[], help="designation prefix drawn in full")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    gold = {r.designation for r in read_adoption_gold_files(GOLD_DIR)["chinese_adoptions.csv"]}
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    rows = db.execute(
        "select s.designation, s.source, s.title_zh, a.work, a.evidence, a.score from adoption_suggestions a "
        "join standards s on s.id = a.standard_id where s.country = 'CN' and s.source in ('csres', 'biaozhun') "
        "order by s.designation"
    ).fetchall()
    rows = [r for r in rows if r[0] not in gold]
    drawn = [("random", r) for r in random.Random(args.seed).sample(rows, min(args.size, len(rows)))]
    seen = {r[0] for _, r in drawn}
    for prefix in args.series:
        for r in rows:
            if r[0] not in seen and (r[0].startswith(prefix + ".") or r[0].startswith(prefix + "-")):
                drawn.append(("series", r))
                seen.add(r[0])
    lines = []
    for why, (designation, source, title, work, evidence, score) in drawn:
        english = json.loads(evidence or "{}").get("international_title", "")
        lines.append("\t".join((why, designation, source, title, work, english, f"{score:.3f}")))
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"{len(rows)} links eligible, {len(drawn)} drawn", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
