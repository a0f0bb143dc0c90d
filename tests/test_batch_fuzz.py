"""Property-based tests of every reader: mutated real files (../shared/data, when present) and the hand-written
inputs below or in tests/data give only records or quarantine entries within the input limits, or the project's
own errors, never another exception.

Seeds from the real data are cut to a few kilobytes (a prefix of whole lines, or the first rows of a JSON list)
so that each example stays fast; the hand-written seeds always run, so the tests never skip entirely.
"""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import SHARED_DATA, TEST_DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standards_lib.errors import StandardsError
from standards_lib.limits import (
    MAX_DESIGNATION_CHARS,
    MAX_EXTRA_BYTES,
    MAX_JSON_DEPTH,
    MAX_LIST_ITEMS,
    MAX_TITLE_CHARS,
    json_depth,
)
from standards_lib.records import StandardRecord
from standards_lib.scrapers import biaozhun, bis, csres, iso, jsonl, mgscatalog, openstd, samr, tabular
from standards_lib.scrapers.base import Quarantined

#: examples per reader in the suite (deterministic); BRICS_FUZZ_EXAMPLES=2000 runs a longer, random campaign by hand
EXAMPLES = int(os.environ.get("BRICS_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="BRICS_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

#: tokens that break parsers: deep nesting, huge numbers, bidi controls, quotes, NULs, markup, encodings
HOSTILE = [
    b"[" * 3000,
    b"{" * 500,
    b"9" * 5000,
    b"\xe2\x80\xae",
    b"\xe2\x81\xa6",
    b'"',
    b"'",
    b"\x00",
    b"\xff\xfe",
    b"<",
    b"</td></tr></table>",
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b"&a;",
    b",",
    b";",
    b"\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"\\u0000",
    b"NaN",
    b"1e999",
    b"-",
    b"=cmd|' /C calc'!A0",
    b"\xe4\xb8\xad" * 3000,
    b"GB/T 19001-2016",
    b"\xd0\x93\xd0\x9e\xd0\xa1\xd0\xa2 ",
    b"x" * 70000,
]


def _mutate(data: bytes, ops: list[tuple[int, int, int, int]]) -> bytes:
    """Apply mutations: (kind, position, length, token) -> flip, insert token, delete, duplicate, truncate."""
    buf = bytearray(data)
    for kind, pos, length, token in ops:
        at = pos % (len(buf) + 1)
        if kind == 0 and buf:
            buf[at % len(buf)] ^= 1 << (length % 8)
        elif kind == 1:
            buf[at:at] = HOSTILE[token % len(HOSTILE)]
        elif kind == 2:
            del buf[at : at + length]
        elif kind == 3:
            buf[at:at] = buf[at : at + length] * (1 + token % 50)
        elif kind == 4:
            del buf[at:]
    return bytes(buf)


MUTATIONS = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 2**20), st.integers(0, 400), st.integers(0, 100)),
    min_size=1,
    max_size=6,
)


def _prefix(path: Path, size: int = 6000) -> bytes:
    """The first ``size`` bytes of a file, ending at a line break."""
    data = path.read_bytes()[:size]
    return data[: data.rfind(b"\n") + 1] or data


def _json_rows(path: Path, count: int = 6) -> bytes:
    data = json.loads(path.read_text("utf-8-sig"))
    return json.dumps(data[:count], ensure_ascii=False).encode()


def _shared(*parts: str) -> Path | None:
    path = SHARED_DATA.joinpath(*parts)
    return path if path.exists() else None


def _html_seeds(module: Any, folder: str, limit: int = 3) -> list[bytes]:
    root = _shared(*folder.split("/"))
    return [p.read_bytes()[:60000] for p in module.discover(root)[:limit]] if root else []


# -- hand-written seeds (always present) -----------------------------------------------------------------------------

CSRES_HANDWRITTEN = (
    "std_num,title_zh,department,implement_date,status,url,updated_at\n"
    "GB/T 19001-2016,质量管理体系 要求,国家市场监督管理总局,2017-07-01,现行,,2024-01-01\n"
    "GB 4706.13-2014,家用和类似用途电器的安全,中国轻工业联合会,2016-01-01,现行,,\n"
).encode()
BIAOZHUN_JSON_HANDWRITTEN = json.dumps(
    [
        {
            "code": "GB/T 19001-2016",
            "name": "质量管理体系 要求",
            "status": "现行",
            "publish_date": "2016-12-30",
            "implement_date": "2017-07-01",
            "replacement_raw": "代替GB/T 19001-2008主管部门：国家标准化管理委员会",
            "ccs": "A00",
            "ics": "03.120.10",
            "detail_url": "",
            "publisher": "国家市场监督管理总局",
        },
        {"标准名称": "4192-2025 旱地作物", "标准编号": "DB13", "标准状态": "现行", "ICS分类": "65.020"},
    ],
    ensure_ascii=False,
).encode()
BIAOZHUN_TEXT_HANDWRITTEN = (
    "标准名称 ：质量管理体系 要求\n标准编号 ：GB/T 19001-2016\n标准状态 ：现行\nICS分类 ：03.120.10\n".encode()
)
ISO_HANDWRITTEN = (
    json.dumps(
        {
            "id": 62085,
            "reference": "ISO 9001:2015",
            "publicationDate": "2015-09-15",
            "icsCode": ["03.120.10"],
            "currentStage": 9093,
            "edition": 5,
        }
    )
    + "\n"
    + json.dumps({"id": 1, "reference": "ISO/IEC 27001:2022", "currentStage": 6060})
    + "\n"
).encode()
SAMR_API_HANDWRITTEN = json.dumps(
    {
        "rows": [
            {
                "C_STD_CODE": "GB/T 19001-2016",
                "C_C_NAME": "质量管理体系 要求",
                "STATE": "现行",
                "ISSUE_DATE": "2016-12-30",
            }
        ]
    },
    ensure_ascii=False,
).encode()
SAMR_PAGE_HANDWRITTEN = (
    '<html><body><div class="post-head"><span class="s-title">GB/T 19001-2016 质量管理体系 要求</span>'
    "</div></body></html>"
).encode()
OPENSTD_LIST_HANDWRITTEN = (
    '<html><body><table class="result_list"><tr><td>1</td><td><a href="javascript:void(0)" '
    "onclick=\"showInfo('ABC');\">GB/T 19001-2016</a></td><td>现行</td>"
    "<td>质量管理体系 要求</td><td>2016-12-30</td><td>2017-07-01</td></tr></table>"
    "std_list</body></html>"
).encode()
MGS_HANDWRITTEN = (
    "<html><body><h1>Межгосударственный каталог</h1><table><tr><td>Обозначение</td>"
    "<td>ГОСТ 1.0-2015</td></tr></table></body></html>"
).encode()


def _seeds(real: list[bytes], handwritten: list[bytes]) -> list[bytes]:
    return [s for s in real if s] + handwritten


def _check(items: list[Any]) -> None:
    """Only records within the limits, or quarantine entries with a reason."""
    for item in items:
        if isinstance(item, Quarantined):
            assert item.reason and isinstance(item.location, str) and len(item.excerpt) <= 500
            continue
        assert isinstance(item, StandardRecord), type(item)
        assert all(len(t) <= MAX_TITLE_CHARS for t in item.titles.values())
        assert len(item.designation) <= MAX_DESIGNATION_CHARS
        assert all(len(getattr(item, name)) <= MAX_LIST_ITEMS for name in ("ics", "ccs", "adoptions", "replaces"))
        assert json_depth(item.extra) <= MAX_JSON_DEPTH
        assert len(item.to_json().encode()) < 4 * MAX_EXTRA_BYTES


def _run(parse: Callable[[bytes], Any], content: bytes) -> None:
    tracemalloc.start()
    try:
        items = list(parse(content))
    except StandardsError:
        return  # the project's own error, naming the input
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # memory stays proportional to the input: no padding to a size the input claims, no blow-up
        assert peak < 16 * 2**20 + 60 * len(content), (peak, len(content))
    _check(items)


READERS: dict[str, tuple[Callable[[bytes], Any], Callable[[], list[bytes]]]] = {
    "csres": (
        lambda c: csres.parse_csv(c, "fuzz.csv"),
        lambda: _seeds(
            [_prefix(p) for p in [_shared("china", "laokevincn-standard_scrapting", "standards_csres.csv")] if p],
            [CSRES_HANDWRITTEN],
        ),
    ),
    "biaozhun-json": (
        lambda c: biaozhun.parse_json(c, "fuzz.json"),
        lambda: _seeds(
            [
                _json_rows(p)
                for p in [
                    _shared("china", "luoda2023-LDAssistant", "all_standards_merged_with_replacement.json"),
                    _shared("china", "luoda2023-LDAssistant", "standards_merged.json"),
                ]
                if p
            ],
            [BIAOZHUN_JSON_HANDWRITTEN],
        ),
    ),
    "biaozhun-text": (
        lambda c: biaozhun.parse_text(c, "fuzz.txt"),
        lambda: _seeds(
            [_prefix(p, 3000) for p in sorted((SHARED_DATA / "china").rglob("biaozhun_*_standards.txt"))[:1]]
            if SHARED_DATA.exists()
            else [],
            [BIAOZHUN_TEXT_HANDWRITTEN],
        ),
    ),
    "bis": (
        lambda c: bis.parse_json(c, "fuzz.json"),
        lambda: _seeds(
            [_json_rows(p, 12) for p in [_shared("india", "bis_compulsory_certification_products.json")] if p],
            [(TEST_DATA / "bis_api_handwritten.json").read_bytes()],
        ),
    ),
    "samr": (
        lambda c: samr.parse_any(c, "fuzz.html"),
        lambda: _seeds(
            [
                p.read_bytes()[:60000]
                for p in [_shared("china", "laokevincn-standard_scrapting", "samr_iframe.html")]
                if p
            ]
            + _html_seeds(samr, "china/relaton-gb-fixtures", 2),
            [SAMR_API_HANDWRITTEN, SAMR_PAGE_HANDWRITTEN],
        ),
    ),
    "openstd": (
        lambda c: openstd.parse_any(c, "fuzz.html"),
        lambda: _seeds(_html_seeds(openstd, "china/relaton-gb-fixtures"), [OPENSTD_LIST_HANDWRITTEN]),
    ),
    "mgscatalog": (
        lambda c: [mgscatalog.page_item(c, "fuzz.html", None)],
        lambda: _seeds(_html_seeds(mgscatalog, "russia/relaton-data-easc", 2), [MGS_HANDWRITTEN]),
    ),
    "iso": (
        lambda c: iso.parse_rows(c, "fuzz.jsonl"),
        lambda: _seeds(
            [p.read_bytes() for p in sorted((SHARED_DATA / "international" / "iso-open-data").glob("deliverables*"))]
            if SHARED_DATA.exists()
            else [],
            [ISO_HANDWRITTEN],
        ),
    ),
    "jsonl": (
        lambda c: jsonl.parse_lines(c, "fuzz.jsonl"),
        lambda: _seeds([], [_prefix(TEST_DATA / "gold" / "records.jsonl", 5000)]),
    ),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_mutated_inputs_give_records_quarantine_or_project_errors(reader: str) -> None:
    parse, seeds_of = READERS[reader]
    seeds = seeds_of()
    assert seeds, f"no seed input for {reader}"
    for seed in seeds:  # the unmutated seeds read cleanly
        _run(parse, seed)

    @FUZZ
    @given(seed=st.sampled_from(seeds), ops=MUTATIONS)
    def mutated(seed: bytes, ops: list[tuple[int, int, int, int]]) -> None:
        _run(parse, _mutate(seed, ops))

    mutated()


def _tabular_items(path: Path, mapping: str) -> None:
    _run(lambda content: tabular.extract([path], mapping=mapping), path.read_bytes())


def test_mutated_csv_exports_through_a_mapping(tmp_path: Path) -> None:
    seeds = [(TEST_DATA / "abnt_export_handwritten.csv").read_bytes()]

    @FUZZ
    @given(seed=st.sampled_from(seeds), ops=MUTATIONS)
    def mutated(seed: bytes, ops: list[tuple[int, int, int, int]]) -> None:
        path = tmp_path / "abnt.csv"
        path.write_bytes(_mutate(seed, ops))
        _tabular_items(path, "abnt")

    mutated()


def _sabs_workbook() -> bytes:
    book = openpyxl.Workbook()
    rows = [
        ["Standard Number", "Title", "Status", "Edition", "Publication Date", "ICS"],
        ["SANS 10142-1", "The wiring of premises", "Current", "3", "2020-12-04", "91.140.50"],
        ["SANS 60335-1", "Household appliances - Safety", "Current", "6.1", "2018-05-10", "13.120; 97.030"],
    ]
    for row in rows:  # hand-written rows in the shape of a SABS export
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_mutated_xlsx_workbooks_inside_and_out(tmp_path: Path) -> None:
    raw = _sabs_workbook()
    parts = {
        i.filename: zipfile.ZipFile(io.BytesIO(raw)).read(i.filename)
        for i in zipfile.ZipFile(io.BytesIO(raw)).infolist()
    }
    names = sorted(n for n in parts if n.endswith(".xml"))

    @FUZZ
    @given(part=st.sampled_from(names + ["<whole file>"]), ops=MUTATIONS)
    def mutated(part: str, ops: list[tuple[int, int, int, int]]) -> None:
        if part == "<whole file>":
            content = _mutate(raw, ops)
        else:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for name, data in parts.items():
                    target.writestr(name, _mutate(data, ops) if name == part else data)
            content = out.getvalue()
        path = tmp_path / "sabs.xlsx"
        path.write_bytes(content)
        _tabular_items(path, "sabs")

    mutated()
