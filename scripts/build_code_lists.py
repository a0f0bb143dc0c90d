"""Regenerate the shipped classification code lists from ../shared/data.

- standards_lib/data/ics.csv: ICS code, level, English and French titles, from ISO Open Data
  (ics.yaml, ODC-By 1.0: attribution in standards_lib/data/CODES_ATTRIBUTION.md).
- standards_lib/data/ccs.csv: CCS code, level, Chinese name, parent, from the cnccs code lists (BSD-2-Clause).

Run: .venv/bin/python scripts/build_code_lists.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "standards_lib" / "data"


def _title(entry: dict, lang: str) -> str:
    for item in entry.get("title") or []:
        if item.get("lang") == lang:
            return " ".join(str(item.get("value", "")).split())
    return ""


def build_ics(shared: Path) -> int:
    data = yaml.load((shared / "international/iso-open-data/ics.yaml").read_text("utf-8"), Loader=yaml.CSafeLoader)
    rows = []
    for entry in data["entries"]:
        code = str(entry["identifier"])
        rows.append(
            {
                "code": code,
                "level": code.count(".") + 1,
                "title_en": _title(entry, "en"),
                "title_fr": _title(entry, "fr"),
            }
        )
    rows.sort(key=lambda r: r["code"])
    with (OUT / "ics.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["code", "level", "title_en", "title_fr"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def build_ccs(shared: Path) -> int:
    folder = shared / "china/ccs"
    rows = []
    for level, name in ((1, "cat-level1.csv"), (2, "cat-level2.csv"), (3, "cat-level3.csv")):
        with (folder / name).open(encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            next(reader)
            for row in reader:
                if not row or not row[0].strip():
                    continue
                parent = row[2].strip() if level > 1 and len(row) > 2 else ""
                rows.append({"code": row[0].strip(), "level": level, "title_zh": row[1].strip(), "parent": parent})
    with (OUT / "ccs.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["code", "level", "title_zh", "parent"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    print(f"ics.csv: {build_ics(shared)} codes; ccs.csv: {build_ccs(shared)} codes")


if __name__ == "__main__":
    main()
