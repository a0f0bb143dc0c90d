"""How the site names columns and values for a person: 中文 first, then English.

One home for the labels of Datasette's table and query pages: the column headers of every table and
canned query (:data:`COLUMN_LABELS`, with a few columns named differently in one table), the columns kept
out of the HTML rows because only the software reads them (:data:`INTERNAL_COLUMNS`; the JSON and CSV
exports keep every column), and the words for a status or a country code. A status the catalogue does not
know (a source that gives none, as the BIS lists) reads 未知 unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

COUNTRY_LABELS: dict[str, str] = {
    "CN": "中国 China",
    "BR": "巴西 Brazil",
    "RU": "俄罗斯 Russia",
    "IN": "印度 India",
    "ZA": "南非 South Africa",
    "INT": "国际 International",
}
STATUS_LABELS: dict[str, str] = {
    "current": "现行 current",
    "withdrawn": "废止 withdrawn",
    "replaced": "被代替 replaced",
    "upcoming": "即将实施 upcoming",
    "draft": "草案 draft",
    "unknown": "未知 unknown",
}
#: Columns whose value is a status of the catalogue's vocabulary, or a country code.
STATUS_COLUMNS = frozenset({"status", "foreign_status", "chinese_status", "other_status"})
COUNTRY_COLUMNS = frozenset({"country", "foreign_country", "other_country"})

#: Column headers of table pages and canned queries, by column name (中文 first).
COLUMN_LABELS: dict[str, str] = {
    "id": "编号 Id",
    "designation": "标准号 Designation",
    "country": "国家 Country",
    "body": "发布机构 Body",
    "kind": "类别 Kind",
    "prefix": "代号 Prefix",
    "number": "顺序号 Number",
    "part": "部分 Part",
    "year": "年份 Year",
    "edition": "版次 Edition",
    "amendments": "修改单 Amendments",
    "status": "状态 Status",
    "status_raw": "来源状态 Status as published",
    "title": "标题 Title",
    "title_zh": "中文标题 Chinese title",
    "title_en": "英文标题 English title",
    "title_ru": "俄文标题 Russian title",
    "title_pt": "葡萄牙文标题 Portuguese title",
    "title_other": "其他标题 Other title",
    "titles": "各语种标题 Titles",
    "published": "发布日期 Published",
    "effective": "实施日期 In force",
    "withdrawn": "废止日期 Withdrawn",
    "replaces": "代替 Replaces",
    "replaced_by": "被代替 Replaced by",
    "source": "来源 Source",
    "sources": "所有来源 Sources",
    "source_url": "来源页面 Source page",
    "sample": "样例 Sample",
    "missing": "来源未列出 Missing at source",
    "foreign_id": "外国标准 Foreign standard",
    "foreign_country": "国家 Country",
    "foreign_title": "外国标准名称 Foreign title",
    "chinese_id": "中国标准 Chinese standard",
    "chinese_title": "中文标题 Chinese title",
    "standard_id": "标准 Standard",
    "international_id": "国际标准版本 International edition",
    "other_id": "对应标准 Other standard",
    "work": "国际标准 International work",
    "ref": "采用的国际标准 Adopted standard",
    "ref_work": "国际标准 Work",
    "degree": "一致性程度 Degree",
    "ics_code": "ICS 分类号 ICS code",
    "ccs_code": "CCS 分类号 CCS code",
    "rank": "排名 Rank",
    "score": "得分 Score",
    "relation": "关系 Relation",
    "evidence": "依据 Evidence",
    "review": "审核 Review",
    "decision": "决定 Decision",
    "reviewer": "审核人 Reviewer",
    "reviewed_at": "审核时间 Reviewed at",
    "note": "备注 Note",
    "ics": "ICS",
    "ics_field": "ICS 领域 ICS field",
    "ics_title": "ICS 名称 ICS title",
    "standards": "标准数 Standards",
    "with_suggestion": "有建议 With a suggestion",
    "with_confirmed": "已确认 Confirmed",
    "confirmed_pct": "确认率 Confirmed %",
    "computed_at": "计算时间 Computed at",
    "sector": "领域 Sector",
    "name_zh": "领域 Sector",
    "name_en": "领域（英文） Sector (English)",
    "run_id": "运行 Run",
    "change": "变化 Change",
    "field": "字段 Field",
    "old_value": "旧值 Old value",
    "new_value": "新值 New value",
    "foreign_status": "外国标准状态 Foreign status",
    "foreign_replaced_by": "外国标准被代替 Foreign replaced by",
    "chinese_status": "中国标准状态 Chinese status",
    "chinese_replaced_by": "中国标准被代替 Chinese replaced by",
    "refresh_flags": "标记 Flags",
    "reason": "原因 Reason",
    "flagged_at": "标记时间 Flagged at",
}
#: Columns named differently in one table: (table, column) -> label.
TABLE_COLUMN_LABELS: dict[tuple[str, str], str] = {
    ("standards", "id"): "标准号 Designation",
    ("standards", "designation"): "原文标准号 As published",
    ("standards", "kind"): "层级 Level",
    ("ics", "code"): "ICS 分类号 ICS code",
    ("ccs", "code"): "CCS 分类号 CCS code",
    ("ics", "title_en"): "英文名称 English title",
    ("ics", "title_fr"): "法文名称 French title",
    ("ccs", "title_zh"): "名称 Title",
    ("adoptions", "evidence"): "出处 Stated by",
    ("sectors", "name_zh"): "领域 Sector",
}

#: Titles of the tables a person reads (the table page's heading; the URL keeps the table's name).
TABLE_TITLES: dict[str, str] = {
    "standards": "标准 Standards",
    "suggestions": "建议的对应标准 Suggested equivalences",
    "adoption_suggestions": "推断的采标关系 Inferred adoptions",
    "reviews": "委员会审核 Committee reviews",
    "adoption_reviews": "采标关系审核 Adoption reviews",
    "adoptions": "采标关系 Adoptions",
}

#: Columns only the software reads, left out of the rows of a table page (JSON and CSV keep them).
INTERNAL_COLUMNS: dict[str, frozenset[str]] = {
    "standards": frozenset(
        {
            "prefix",
            "number",
            "amendments",
            "titles",
            "work_key",
            "edition_key",
            "sources",
            "location",
            "fetched_at",
            "extra",
            "first_run",
            "updated_run",
        }
    ),
    "suggestions": frozenset({"matcher_version", "run_id", "created_at"}),
    "adoption_suggestions": frozenset({"candidates", "model_version", "run_id", "created_at"}),
}


def column_label(table: str | None, column: str) -> str:
    """The header of ``column`` in ``table`` (or a canned query, ``table`` None); the name when unlabelled."""
    if table is not None and (table, column) in TABLE_COLUMN_LABELS:
        return TABLE_COLUMN_LABELS[(table, column)]
    return COLUMN_LABELS.get(column, column)


def internal_columns(table: str | None) -> frozenset[str]:
    """The columns of ``table`` left out of its HTML rows."""
    return INTERNAL_COLUMNS.get(table or "", frozenset())


#: Flag columns shown only when some row has the flag set (a column of zeros says nothing).
FLAG_COLUMNS = frozenset({"sample", "missing"})


def shown_columns(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[int]:
    """Indexes of the result columns worth a header: a column empty in every row (no English title at all)
    or a flag column that is 0 in every row (``sample``) is left out, never a status (none reads 未知 unknown);
    an empty result keeps every column."""
    rows = list(rows)
    if not rows:
        return list(range(len(columns)))
    shown = []
    for index, name in enumerate(columns):
        if name in STATUS_COLUMNS:
            shown.append(index)
            continue
        empty = (None, "", 0) if name in FLAG_COLUMNS else (None, "")
        if any(row[index] not in empty for row in rows):
            shown.append(index)
    return shown


def status_label(status: Any) -> str:
    """现行 current, ... for a status; 未知 unknown for none; an unknown word as it is."""
    if status is None or status == "":
        return STATUS_LABELS["unknown"]
    return STATUS_LABELS.get(str(status), str(status))


def country_label(country: Any) -> str | None:
    """中国 China, ... for a country code; None when there is no code."""
    if country is None or country == "":
        return None
    return COUNTRY_LABELS.get(str(country), str(country))


__all__ = [
    "COLUMN_LABELS",
    "COUNTRY_COLUMNS",
    "COUNTRY_LABELS",
    "INTERNAL_COLUMNS",
    "STATUS_COLUMNS",
    "STATUS_LABELS",
    "TABLE_COLUMN_LABELS",
    "TABLE_TITLES",
    "column_label",
    "country_label",
    "internal_columns",
    "shown_columns",
    "status_label",
]
