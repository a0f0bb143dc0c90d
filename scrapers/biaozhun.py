"""biaozhun.org / openstd.samr.gov.cn merged lists of Chinese standards (luoda2023/LDAssistant).

Shapes supported:

- the merged JSON (``all_standards_merged_with_replacement.json``): a list of objects with ``code``,
  ``name``, ``publisher``, ``implement_date``, ``publish_date``, ``status``, ``replacement_raw``
  (``代替GB/T 1-2000主管部门：...``), ``replacement_parsed``, ``ccs``, ``ics``, ``detail_url``, ``source_type``;
- the Chinese-keyed JSON (``standards_merged.json``) and the ``key ：value`` text blocks
  (``biaozhun_*_standards.txt``): ``标准名称`` (``4192-2025 旱地...`` when ``标准编号`` holds only the
  prefix), ``标准编号``, ``标准状态``, ``替代情况``, ``中标分类``, ``ICS分类``, ``发布部门``, ``发布日期``,
  ``实施日期``, ``标准简介`` (kept in ``extra``).

Designations named after 代替 become ``replaces``. A record that cannot be used is quarantined with
its location (``file#record N``) and reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from standards_lib.designation import find_designations
from standards_lib.errors import SourceError

from .base import Item, Quarantined, build_record, excerpt
from .textfiles import check_options, iter_files, load_json, read_bounded

NAME = "biaozhun"
DESCRIPTION = "biaozhun.org / openstd merged JSON and key：value text lists of Chinese standards"
TITLE = "biaozhun.org and openstd.samr.gov.cn merged lists (luoda2023/LDAssistant)"
URL = "https://github.com/luoda2023/LDAssistant"
LICENCE = "none stated: public catalogue metadata, used as test data"

_REPLACES = re.compile(r"代替(.*?)(?:主管部门|$)")
_KV = re.compile(r"^\s*([^\s：:]{2,8})\s*[：:]\s*(.*)$")
_PREFIX_ONLY = re.compile(r"[A-Z]+\d*(?:/[A-Z0-9]+)?")
_ZH_NUMBER_TITLE = re.compile(r"^\s*(\d[\d./]*\s*[-—–]\s*\d{4})\s+(.+)$")


def discover(root: Path) -> list[Path]:
    """The merged JSON and standards text lists under ``root``."""
    root = Path(root)
    found = [p for p in sorted(root.rglob("*.json")) if _looks_like(p)]
    found += sorted(p for p in root.rglob("biaozhun_*_standards.txt"))
    return found


def _looks_like(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(2048).decode("utf-8", "replace")
    return ('"code"' in head and '"replacement_raw"' in head) or ('"标准编号"' in head and '"标准名称"' in head)


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    check_options("biaozhun.extract", options)
    for path in iter_files(paths, (".json", ".txt")):
        content = read_bounded(path)
        if path.suffix.lower() == ".txt":
            yield from parse_text(content, str(path))
        else:
            yield from parse_json(content, str(path))


def parse_json(content: bytes, location: str) -> Iterator[Item]:
    """Records from one merged JSON file (either shape)."""
    try:
        data = load_json(content.decode("utf-8-sig"), location)
    except UnicodeDecodeError as exc:
        yield Quarantined(NAME, location, f"not a JSON list: not UTF-8 text (byte {exc.start})", excerpt(content))
        return
    except SourceError as exc:
        yield Quarantined(NAME, location, f"not a JSON list: {exc.reason}", excerpt(content))
        return
    if not isinstance(data, list):
        yield Quarantined(NAME, location, "not a JSON list of records", excerpt(data))
        return
    for number, row in enumerate(data, 1):
        where = f"{location}#record {number}"
        if not isinstance(row, Mapping):
            yield Quarantined(NAME, where, f"record is a {type(row).__name__}, not an object", excerpt(row))
        elif "code" in row:
            yield _from_english_keys(row, where)
        else:
            yield _from_chinese_keys(row, where)


def parse_text(content: bytes, location: str) -> Iterator[Item]:
    """Records from a text list of ``key ：value`` blocks, one block per standard, starting at 标准名称."""
    text = content.decode("utf-8-sig", "replace")
    block: dict[str, str] = {}
    number = 0
    for line in text.splitlines() + ["标准名称 ："]:
        m = _KV.match(line)
        if m and m[1] == "标准名称" and block:
            number += 1
            yield _from_chinese_keys(block, f"{location}#record {number}")
            block = {}
        if m:
            block[m[1]] = m[2].strip()
    return


_ICS = re.compile(r"^\d{2}(?:\.\d{3}(?:\.\d{2})?)?$")
_CCS = re.compile(r"^[A-Z]\d{2}$")
_FLOAT_ICS = re.compile(r"^(\d{1,2})\.(\d{1,3})$")


def clean_codes(ics: Any, ccs: Any) -> tuple[list[str], list[str], list[str]]:
    """ICS and CCS codes as the lists record, repaired where the damage is unambiguous.

    ``77.16`` / ``7.06`` (codes read as numbers) become ``77.160`` / ``07.060``; ``CCSB21`` becomes
    ``B21``; a CCS code in the ICS field moves to CCS. Returns ``(ics, ccs, unreadable)``: codes that
    cannot be repaired are kept, unused, in the third list (the record goes to ``extra``).
    """
    good_ics: list[str] = []
    good_ccs: list[str] = []
    unreadable: list[str] = []
    for field, value in (("ics", ics), ("ccs", ccs)):
        for code in re.split(r"[;,，；\s]+", str(value or "")):
            code = code.strip().upper().removeprefix("CCS").removeprefix("ICS")
            if not code:
                continue
            m = _FLOAT_ICS.match(code)
            if field == "ics" and m and not _ICS.match(code):
                code = f"{m[1].zfill(2)}.{m[2].ljust(3, '0')}"
            if _ICS.match(code) and field == "ics":
                good_ics.append(code)
            elif _CCS.match(code):
                good_ccs.append(code)
            else:
                unreadable.append(f"{field}:{code}")
    return good_ics, good_ccs, unreadable


def _replaces(text: str | None) -> list[str]:
    if not text:
        return []
    m = _REPLACES.search(text)
    return [d.canonical for d in find_designations(m[1])] if m else []


def _from_english_keys(row: Mapping[str, Any], where: str) -> Item:
    replaces = _replaces(row.get("replacement_raw")) or _replaces(row.get("replacement_parsed"))
    data = {
        "designation": row.get("code") or "",
        "titles": {"zh": row["name"]} if row.get("name") else {},
        "status": row.get("status") or None,
        "published": row.get("publish_date") or None,
        "effective": row.get("implement_date") or None,
        "replaces": replaces,
        "source_url": row.get("detail_url") or None,
        "extra": {k: row[k] for k in ("publisher", "source_type") if row.get(k)},
    }
    return build_record(_with_codes(data, row.get("ics"), row.get("ccs")), source=NAME, location=where)


def _with_codes(data: dict[str, Any], ics: Any, ccs: Any) -> dict[str, Any]:
    data["ics"], data["ccs"], unreadable = clean_codes(ics, ccs)
    if unreadable:
        data["extra"]["unreadable_codes"] = unreadable
    return data


def _from_chinese_keys(row: Mapping[str, Any], where: str) -> Item:
    name = str(row.get("标准名称") or "").strip()
    code = str(row.get("标准编号") or "").strip()
    title = name
    m = _ZH_NUMBER_TITLE.match(name)
    if m and _PREFIX_ONLY.fullmatch(code):  # 标准编号 holds only the prefix; the number heads 标准名称
        code, title = f"{code} {m[1]}", m[2]
    data = {
        "designation": code,
        "titles": {"zh": title} if title else {},
        "status": row.get("标准状态") or row.get("现行或作废") or None,
        "published": row.get("发布日期") or None,
        "effective": row.get("实施日期") or None,
        "replaces": _replaces(row.get("替代情况")),
        "extra": {k: v for k, v in (("publisher", row.get("发布部门")), ("summary", row.get("标准简介"))) if v},
    }
    return build_record(_with_codes(data, row.get("ICS分类"), row.get("中标分类")), source=NAME, location=where)
