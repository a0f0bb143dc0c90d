"""Famous adoptions given with Chinese titles only, as bulk lists give them, through ``standards load`` and
``standards match`` against works of the REAL ISO archive (skipped when ../shared/data is absent).

Their titles are made only of common words (quality, management, system, requirements, guidelines): blocking
must still retrieve the work (issue 16). The ISO side is the archive's management-system works and, as
background for the words' weights and as distractors, every ISO work whose number ends in 1 (ISO 45001,
ISO 27001, ISO 22301, ISO 37001, ISO 41001 ... have the same words). The Chinese records are written here by
hand (designation and title as the national lists give them); no adoption is declared in them.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import shared_path

from standards_lib.cli.main import cli
from standards_lib.interchange import write_jsonl

pytestmark = pytest.mark.slow

ISO_ARCHIVE = ("international", "relaton-data-iso", "relaton-data-iso.tar.xz")
#: Management-system works and their guides, plus every ISO work whose number ends in 1.
WANTED = re.compile(r"^iso[-_](?:(?:9000|9004|14004|31000|31010|31022|50004|50006|guide[-_]73)[-_.]|\d*1[-_.])", re.I)

CHINESE = (  # hand-written: designation, Chinese title, the work it adopts (None: national only)
    ("GB/T 19001-2016", "质量管理体系 要求", "ISO 9001"),
    ("GB/T 24001-2016", "环境管理体系 要求及使用指南", "ISO 14001"),
    ("GB/T 23331-2020", "能源管理体系 要求及使用指南", "ISO 50001"),
    ("GB/T 24353-2022", "风险管理 指南", "ISO 31000"),
    ("GB 2760-2014", "食品安全国家标准 食品添加剂使用标准", None),
    ("GB 50016-2014", "建筑设计防火规范", None),
    ("GB/T 20348-2006", "中医基础理论术语", None),
    ("GB 12021.2-2015", "家用电冰箱耗电量限定值及能效等级", None),
)


def _iso_jsonl(path: Path) -> int:
    from standards_lib.scrapers import relaton_intl
    from standards_lib.scrapers.base import Quarantined

    records = [
        r
        for r in relaton_intl.extract(
            [shared_path(*ISO_ARCHIVE)], wanted=lambda name: bool(WANTED.search(name.rsplit("/", 1)[-1]))
        )
        if not isinstance(r, Quarantined)
    ]
    with path.open("w", encoding="utf-8") as fh:
        return write_jsonl(records, fh)


def test_famous_adoptions_with_chinese_titles_only_are_inferred_and_national_standards_stay_unlinked(
    tmp_path: Path,
) -> None:
    iso = tmp_path / "iso.jsonl"
    assert _iso_jsonl(iso) > 2000
    chinese = tmp_path / "chinese.jsonl"
    chinese.write_text(
        "".join(
            f'{{"designation": "{d}", "title": "{t}", "title_lang": "zh", "source": "handwritten"}}\n'
            for d, t, _ in CHINESE
        ),
        encoding="utf-8",
    )
    db = tmp_path / "catalog.db"
    runner = CliRunner()
    for path in (iso, chinese):
        result = runner.invoke(cli, ["load", str(path), "--db", str(db)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["match", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        inferred = dict(conn.execute("select standard_id, work from adoption_suggestions"))
    assert {d: inferred.get(d) for d, _, _ in CHINESE} == {d: work for d, _, work in CHINESE}
