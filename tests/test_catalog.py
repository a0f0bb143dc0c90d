"""The Catalog: upsert with change log, multi-source merge, reading, reviews, migrations, search."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from standards_lib import CatalogError, VocabularyError, record_from_dict
from standards_lib.catalog import SCHEMA_VERSION, TABLES, Catalog, tables
from standards_lib.catalog.migrations import create_sql

# Hand-written test records (facts about well-known standards, written for these tests).
RECORDS = [
    {
        "designation": "GB/T 19001-2016",
        "titles": {"zh": "质量管理体系 要求", "en": "Quality management systems—Requirements"},
        "status": "现行",
        "ics": ["03.120.10"],
        "adoptions": [{"ref": "ISO 9001:2015", "degree": "等同"}],
        "ccs": ["A00"],
    },
    {
        "designation": "GB 4706.13-2014",
        "titles": {"zh": "家用和类似用途电器的安全 制冷器具、冰淇淋机和制冰机的特殊要求"},
        "status": "现行",
        "ics": ["97.040.30"],
    },
    {
        "designation": "GB/T 4288-2018",
        "titles": {"zh": "家用和类似用途电动洗衣机"},
        "status": "现行",
        "ics": ["97.060"],
    },
    {
        "designation": "GB/T 34120-2017",
        "titles": {"zh": "电化学储能系统储能变流器技术规范"},
        "status": "现行",
        "ics": ["29.200"],
    },
    {
        "designation": "GB/T 31485-2015",
        "titles": {"zh": "电动汽车用动力蓄电池安全要求及试验方法"},
        "status": "现行",
        "ics": ["43.120"],
    },
    {
        "designation": "GB/T 9535-1998",
        "titles": {"zh": "地面用晶体硅光伏组件 设计鉴定和定型"},
        "status": "废止",
        "ics": ["27.160"],
    },
    {
        "designation": "ГОСТ Р ИСО 9001-2015",
        "titles": {"ru": "Системы менеджмента качества. Требования"},
        "status": "действует",
        "ics": ["03.120.10"],
    },
    {
        "designation": "ABNT NBR ISO 9001:2015",
        "titles": {"pt": "Sistemas de gestão da qualidade — Requisitos"},
        "status": "Em Vigor",
        "ics": ["03.120.10"],
    },
    {
        "designation": "IS 302 (Part 1) : 2008",
        "titles": {"en": "Safety of household and similar electrical appliances: Part 1 General requirements"},
        "status": "current",
        "ics": ["97.030"],
    },
    {
        "designation": "SANS 60335-1:2021",
        "titles": {"en": "Household and similar electrical appliances - Safety - Part 1: General requirements"},
        "status": "current",
        "ics": ["13.120", "97.030"],
    },
]


def records(rows: list[dict] = RECORDS, source: str = "jsonl") -> list:
    return [record_from_dict(r, source=source) for r in rows]


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    with Catalog(tmp_path / "catalog.db") as cat:
        cat.upsert_records(records(), source="jsonl", run_id=cat.start_run("load", []))
        yield cat


def test_tables_come_from_the_declared_schema(catalog: Catalog) -> None:
    names = set(catalog.db.table_names())
    assert {t.name for t in TABLES} <= names
    assert "standards_fts" in names
    for table in TABLES:
        assert {c.name for c in table.columns} == {c.name for c in catalog.db[table.name].columns}, table.name
    assert catalog.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert catalog.count("ics") > 1300 and catalog.count("ccs") > 1800
    assert catalog.count("vocabulary") > 50 and catalog.count("sectors") >= 10


def test_get_returns_the_standard_with_codes_and_adoptions(catalog: Catalog) -> None:
    view = catalog.get("GB/T 19001—2016")
    assert view is not None and view.record.canonical == "GB/T 19001-2016"
    assert view.ics == [{"code": "03.120.10", "title": "Quality management and quality assurance"}]
    assert view.ccs[0]["code"] == "A00" and view.ccs[0]["title"]
    assert view.adoptions == [
        {
            "ref": "ISO 9001:2015",
            "ref_work": "ISO 9001",
            "degree": "IDT",
            "evidence": "metadata",
            "international_id": None,
        }
    ]
    assert catalog.get("GB/T 19001").record.canonical == "GB/T 19001-2016"  # undated: latest edition
    assert catalog.get("GB/T 99999-2020") is None


def test_iter_records_round_trips_the_records(catalog: Catalog) -> None:
    stored = {r.canonical: r for r in catalog.iter_records()}
    for original in records():
        again = stored[original.canonical]
        assert (again.titles, again.status, again.ics, again.adoptions) == (
            original.titles,
            original.status,
            original.ics,
            original.adoptions,
        )
    assert {r.country for r in catalog.iter_records(countries=["RU", "BR"])} == {"RU", "BR"}


def test_same_upsert_twice_changes_nothing(catalog: Catalog) -> None:
    before = catalog.count("changes")
    result = catalog.upsert_records(records(), source="jsonl", run_id=catalog.start_run("load", []))
    assert (result.new, result.changed, result.unchanged, result.changes) == (0, 0, len(RECORDS), 0)
    assert catalog.count("changes") == before


def test_a_changed_record_logs_exactly_its_changed_fields(catalog: Catalog) -> None:
    rows = [dict(r) for r in RECORDS]
    rows[0] = {
        **rows[0],
        "status": "作废",
        "titles": {**rows[0]["titles"], "en": "Quality management systems — Requirements (2016)"},
    }
    run = catalog.start_run("load", [])
    result = catalog.upsert_records(records(rows), source="jsonl", run_id=run)
    assert result.changed == 1
    logged = {
        (r["change"], r["field"], r["old_value"], r["new_value"])
        for r in catalog.db["changes"].rows_where("run_id = ?", [run])
    }
    assert logged == {
        ("changed", "status", "current", "withdrawn"),
        ("changed", "status_raw", "现行", "作废"),
        (
            "changed",
            "title_en",
            "Quality management systems—Requirements",
            "Quality management systems — Requirements (2016)",
        ),
        (
            "changed",
            "titles",
            json.dumps(
                {"en": "Quality management systems—Requirements", "zh": "质量管理体系 要求"},
                ensure_ascii=False,
                sort_keys=True,
            ),
            json.dumps(
                {"en": "Quality management systems — Requirements (2016)", "zh": "质量管理体系 要求"},
                ensure_ascii=False,
                sort_keys=True,
            ),
        ),
        ("withdrawn", "status", "current", "withdrawn"),
    }


def test_two_sources_merge_into_one_row_by_precedence(catalog: Catalog) -> None:
    samr = record_from_dict(
        {
            "designation": "GB/T 19001-2016",
            "titles": {"zh": "质量管理体系　要求"},
            "source_url": "https://std.samr.gov.cn/x",
            "ics": ["03.120.10", "03.120.01"],
        },
        source="samr",
    )
    catalog.upsert_records([samr], source="samr")
    view = catalog.get("GB/T 19001-2016")
    assert json.loads(view.row["sources"]) == ["samr", "jsonl"]
    assert view.record.titles["zh"] == "质量管理体系 要求"  # samr wins (whitespace normalised by the record)
    assert view.record.titles["en"] == "Quality management systems—Requirements"  # only jsonl has it
    assert [c["code"] for c in view.ics] == ["03.120.01", "03.120.10"]
    assert view.record.status == "current" and view.record.source_url == "https://std.samr.gov.cn/x"


def test_full_upsert_marks_standards_no_source_lists_as_missing(catalog: Catalog) -> None:
    run = catalog.start_run("refresh", [])
    result = catalog.upsert_records(records(RECORDS[1:]), source="jsonl", run_id=run, full=True)
    assert result.missing == 1
    assert catalog.get("GB/T 19001-2016").row["missing"] == 1
    assert [r["change"] for r in catalog.db["changes"].rows_where("run_id = ?", [run])] == ["missing"]


def test_reviews_are_history_and_validated(catalog: Catalog) -> None:
    first = catalog.record_review(
        "ГОСТ Р ИСО 9001-2015", "GB/T 19001-2016", "needs_discussion", "alice", "check 2015 vs 2016"
    )
    second = catalog.record_review("ГОСТ Р ИСО 9001-2015", "GB/T 19001-2016", "confirmed", "bob")
    assert second["id"] > first["id"]
    assert [r["decision"] for r in catalog.reviews_for("GB/T 19001-2016")] == ["needs_discussion", "confirmed"]
    with pytest.raises(VocabularyError):
        catalog.record_review("ГОСТ Р ИСО 9001-2015", "GB/T 19001-2016", "approved", "bob")
    with pytest.raises(CatalogError, match="no standard"):
        catalog.record_review("ГОСТ Р 99999-2015", "GB/T 19001-2016", "confirmed", "bob")
    with pytest.raises(CatalogError, match="in that order"):
        catalog.record_review("GB/T 19001-2016", "ГОСТ Р ИСО 9001-2015", "confirmed", "bob")
    with pytest.raises(CatalogError, match="name"):
        catalog.record_review("ГОСТ Р ИСО 9001-2015", "GB/T 19001-2016", "confirmed", " ")


def test_replacing_suggestions_never_touches_reviews(catalog: Catalog) -> None:
    catalog.record_review("ABNT NBR ISO 9001:2015", "GB/T 19001-2016", "confirmed", "alice")
    rows = [
        {
            "foreign_id": "ABNT NBR ISO 9001:2015",
            "chinese_id": "GB/T 19001-2016",
            "rank": 1,
            "score": 0.97,
            "relation": "identical",
            "evidence": {"shared_adoption": "ISO 9001:2015"},
        }
    ]
    assert catalog.replace_suggestions(rows, matcher_version="t") == 1
    assert catalog.replace_suggestions([], matcher_version="t") == 0
    assert catalog.count("suggestions") == 0 and catalog.count("reviews") == 1
    catalog.replace_suggestions(rows, matcher_version="t")
    (suggestion,) = catalog.suggestions_for("GB/T 19001-2016")
    assert (
        suggestion["other_id"] == "ABNT NBR ISO 9001:2015"
        and suggestion["evidence"]["shared_adoption"] == "ISO 9001:2015"
    )


def test_a_reviewed_standard_that_is_withdrawn_is_flagged(catalog: Catalog) -> None:
    catalog.record_review("SANS 60335-1:2021", "GB 4706.13-2014", "confirmed", "alice")
    rows = [dict(r) for r in RECORDS]
    rows[1] = {**rows[1], "status": "被代替", "replaced_by": ["GB 4706.13-2024"]}
    result = catalog.upsert_records(records(rows), source="jsonl", run_id=catalog.start_run("refresh", []))
    assert result.flagged == 1
    (flag,) = catalog.db["review_flags"].rows
    assert (flag["foreign_id"], flag["chinese_id"], flag["standard_id"]) == (
        "SANS 60335-1:2021",
        "GB 4706.13-2014",
        "GB 4706.13-2014",
    )
    assert flag["reason"].startswith("replaced")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("洗衣机", "GB/T 4288-2018"),
        ("质量管理", "GB/T 19001-2016"),
        ("质量管理体系", "GB/T 19001-2016"),
        ("光伏", "GB/T 9535-1998"),
        ("电池", "GB/T 31485-2015"),
        ("储能", "GB/T 34120-2017"),
        ("менеджмента", "ГОСТ Р ИСО 9001-2015"),
        ("gestão", "ABNT NBR ISO 9001:2015"),
        ("gestao qualidade", "ABNT NBR ISO 9001:2015"),
        ("household appliances", "IS 302 (Part 1):2008"),
        ("GB/T 19001", "GB/T 19001-2016"),
        ("ГОСТ Р ИСО 9001", "ГОСТ Р ИСО 9001-2015"),
        ("IS 302", "IS 302 (Part 1):2008"),
    ],
)
def test_search_in_every_language(catalog: Catalog, query: str, expected: str) -> None:
    found = [r["id"] for r in catalog.search(query)]
    assert expected in found, (query, found)


def test_chinese_search_does_not_match_across_words(catalog: Catalog) -> None:
    assert [r["id"] for r in catalog.search("体系要求")] == []  # "体系 要求" are two runs in the title
    assert catalog.search("household", country="ZA")[0]["id"] == "SANS 60335-1:2021"
    assert catalog.search("   ") == []


def test_an_older_catalogue_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for table in TABLES:
        sql = create_sql(table)
        if table.name == "standard_ics":  # version 1 had no ics_field column
            sql = sql.replace(",\n  [ics_field] TEXT", "")
        conn.execute(sql)
    conn.execute("INSERT INTO standard_ics (standard_id, ics_code) VALUES ('GB/T 1-2000', '01.120')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Catalog(path) as cat:
        assert cat.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert list(cat.db["standard_ics"].rows) == [
            {"standard_id": "GB/T 1-2000", "ics_code": "01.120", "ics_field": "01"}
        ]


def test_read_only_commands_refuse_a_missing_catalogue(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no catalogue"):
        Catalog(tmp_path / "absent.db", create=False)
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogError, match="junk.db"):
        Catalog(tmp_path / "junk.db")


def test_table_gives_a_writable_table_and_refuses_a_view(catalog: Catalog) -> None:
    """Hand-written: a view over the standards table is not a table to write into."""
    catalog.db.conn.execute("CREATE VIEW chinese AS SELECT id FROM standards WHERE country = 'CN'")
    tables.table(catalog.db, "scratch").insert({"id": "x", "n": 1}, pk="id")
    assert list(catalog.db["scratch"].rows) == [{"id": "x", "n": 1}]
    with pytest.raises(CatalogError, match="'chinese' is a view in the catalogue"):
        tables.table(catalog.db, "chinese")


def test_a_batch_of_new_and_changed_standards_keeps_search_and_codes_in_step(catalog: Catalog) -> None:
    """One upsert batch mixing a changed standard (new title, ICS and adoption replaced) with a new one: the search
    index and the child rows of each follow its row, none is left behind or duplicated."""
    rows = [dict(r) for r in RECORDS]
    rows[0] = {**rows[0], "titles": {"zh": "质量管理体系 基础和术语"}, "ics": ["01.040.03"]}
    rows.append({"designation": "SANS 9999:2020", "titles": {"en": "Widget safety"}, "status": "current"})
    catalog.upsert_records(records(rows), source="jsonl", run_id=catalog.start_run("load", []))
    changed = catalog.get(RECORDS[0]["designation"])
    assert changed is not None and [i["code"] for i in changed.ics] == ["01.040.03"]
    assert [r["id"] for r in catalog.search("基础和术语")] == [changed.record.canonical]
    # the old title left the index with its row
    assert changed.record.canonical not in {r["id"] for r in catalog.search("质量管理体系 要求")}
    assert [r["id"] for r in catalog.search("Widget")] == ["SANS 9999:2020"]
    conn = catalog.db.conn
    assert conn.execute("SELECT count(*) FROM standards_fts").fetchone()[0] == catalog.count()
    assert conn.execute(
        "SELECT count(*) FROM standard_ics WHERE standard_id = ?", (changed.record.canonical,)
    ).fetchone() == (1,)
