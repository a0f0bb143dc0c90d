"""Draw a seeded random sample of the Russian–Chinese equivalents of a matched catalogue, for a check by hand.

    .venv/bin/python scripts/draw_ru_cn_pairs.py --db /tmp/eq-real2.db [--n 40] [--seed 16] > docs/ru_cn_pairs_check.md

Reads the best suggestion (rank 1) of every Russian standard whose relation is identical or equivalent, draws
``--n`` of them at random (seeded) and prints a Markdown table: both designations, the Russian and the Chinese
titles side by side, the ISO/IEC work that links them with its English title, the score and the relation,
and two empty columns (right/wrong, reason) for the reviewer. Titles come from public catalogues; the
``|`` of a title is escaped so that the table stays a table.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path

QUERY = """
select s.foreign_id, s.chinese_id, s.score, s.relation, s.evidence, f.title_ru, c.title_zh
from suggestions s join standards f on f.id = s.foreign_id join standards c on c.id = s.chinese_id
where s.rank = 1 and f.country = 'RU' and s.relation in ('identical', 'equivalent')
order by s.foreign_id
"""


def cell(text: object) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def english_title(conn: sqlite3.Connection, work: str | None) -> str:
    """The English title of the latest edition of an ISO/IEC work the catalogue holds."""
    if not work:
        return ""
    row = conn.execute(
        "select title_en from standards where country = 'INT' and (id = ? or id like ?) order by year desc limit 1",
        [work, f"{work}:%"],
    ).fetchone()
    return row[0] if row and row[0] else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    rows = conn.execute(QUERY).fetchall()
    drawn = sorted(random.Random(args.seed).sample(rows, min(args.n, len(rows))))
    print(
        f"{len(rows)} Russian standards with a Chinese equivalent (rank 1, identical or equivalent); "
        f"{len(drawn)} drawn at random (seed {args.seed}).\n"
    )
    print(
        "| # | Russian | Russian title | Chinese | Chinese title | ISO/IEC work | English title | score | relation | check | reason |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for i, (foreign, chinese, score, relation, evidence, title_ru, title_zh) in enumerate(drawn, 1):
        adoption = json.loads(evidence).get("adoption") or {}
        work = adoption.get("work") if adoption.get("shared") else None
        print(
            f"| {i} | {cell(foreign)} | {cell(title_ru)} | {cell(chinese)} | {cell(title_zh)} | {cell(work)} | "
            f"{cell(english_title(conn, work))} | {score:.3f} | {relation} |  |  |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
