"""The catalogue's schema, declared once as data.

Table creation and migration (:mod:`.migrations`) and the Datasette metadata
(:mod:`standards_lib.publish.metadata`) are generated from :data:`TABLES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Bumped whenever TABLES changes; :mod:`.migrations` brings older files up to it.
SCHEMA_VERSION = 5


@dataclass(frozen=True, slots=True)
class Column:
    """One column: name, SQLite type and what it holds."""

    name: str
    type: str
    description: str
    not_null: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """One table: columns, primary key, foreign keys, indexes and how Datasette shows it."""

    name: str
    description: str
    columns: tuple[Column, ...]
    pk: tuple[str, ...] | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    unique_indexes: tuple[tuple[str, ...], ...] = ()
    label_column: str | None = None
    facets: tuple[str, ...] = ()
    sort: str | None = None
    sort_desc: str | None = None
    fts_columns: tuple[str, ...] = ()
    fts_table: str | None = None
    fts_pk: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name}.{name}")


def C(name: str, type_: str, description: str, not_null: bool = False) -> Column:
    return Column(name, type_, description, not_null)


STANDARDS = Table(
    "standards",
    "One row per edition of a national or international standard, merged from every source that lists it. "
    "标准：每个国家标准或国际标准版本一行。",
    (
        C(
            "id",
            "TEXT",
            "Canonical designation (the catalogue's key), e.g. GB/T 19001-2016, ГОСТ Р ИСО 9001-2015",
            True,
        ),
        C("designation", "TEXT", "Designation as published by the highest-precedence source"),
        C("country", "TEXT", "CN, BR, RU, IN, ZA, or INT for international standards"),
        C("body", "TEXT", "Issuing body: SAC, ABNT, Rosstandart, EASC, BIS, SABS, ISO, IEC, ..."),
        C("kind", "TEXT", "national, interstate, sector, local, group or international"),
        C("prefix", "TEXT", "Designation prefix: GB/T, ГОСТ Р, IS, SANS, ABNT NBR, ISO/IEC, ..."),
        C("number", "TEXT", "Number without parts"),
        C("part", "TEXT", "Part(s), joined with '-' (e.g. 2-24)"),
        C("year", "INTEGER", "Year of the edition"),
        C("edition", "TEXT", "Edition marker (SANS 'Ed. 3')"),
        C("amendments", "TEXT", "Amendments and corrigenda (JSON list)"),
        C("title_zh", "TEXT", "Chinese title 中文标题"),
        C("title_en", "TEXT", "English title 英文标题"),
        C("title_ru", "TEXT", "Russian title"),
        C("title_pt", "TEXT", "Portuguese title"),
        C(
            "titles",
            "TEXT",
            "Titles in every language (JSON object: ISO 639-1 code -> title); translations made by a source "
            "(the committee's 中文标题) are listed in extra.translated_titles",
        ),
        C("status", "TEXT", "current, withdrawn, replaced, upcoming or draft 状态"),
        C("status_raw", "TEXT", "Status word as the source wrote it (现行, действует, Em Vigor, ...)"),
        C("published", "TEXT", "Publication date 发布日期 (YYYY-MM-DD or YYYY)"),
        C("effective", "TEXT", "Date of entry into force 实施日期"),
        C("withdrawn", "TEXT", "Date of withdrawal 废止日期"),
        C("replaces", "TEXT", "Designations this standard replaces 代替 (JSON list)"),
        C("replaced_by", "TEXT", "Designations replacing it 被代替 (JSON list)"),
        C("work_key", "TEXT", "Key of the work whatever the edition (country|prefix|number|part)"),
        C("edition_key", "TEXT", "Key of the edition (work key with year, edition and amendments)"),
        C("source", "TEXT", "Highest-precedence source of this row"),
        C("sources", "TEXT", "Every source that lists this standard (JSON list)"),
        C("source_url", "TEXT", "Page of the standard at its source"),
        C("location", "TEXT", "File:line, file#row or URL the record was read from"),
        C("fetched_at", "TEXT", "When the source page was fetched"),
        C("extra", "TEXT", "Source-specific fields (JSON object)"),
        C("sample", "INTEGER", "1 for rows of the bundled sample or synthetic benchmark data, not an official source"),
        C("missing", "INTEGER", "1 when no source listed this standard in its latest full refresh"),
        C("first_run", "INTEGER", "Refresh run that first added the row"),
        C("updated_run", "INTEGER", "Refresh run that last changed the row"),
    ),
    pk=("id",),
    indexes=(("country",), ("work_key",), ("status",), ("country", "status")),
    label_column="id",
    facets=("country", "status", "kind", "body"),
    sort="id",
    fts_columns=("designation", "titles"),
    fts_table="standards_fts",
    fts_pk="rowid",
)

ICS = Table(
    "ics",
    "International Classification for Standards (ISO Open Data, ODC-By 1.0). 国际标准分类号。",
    (
        C("code", "TEXT", "ICS code: field (03), group (03.120) or sub-group (03.120.10)", True),
        C("level", "INTEGER", "1 field, 2 group, 3 sub-group"),
        C("title_en", "TEXT", "English title"),
        C("title_fr", "TEXT", "French title"),
        C("field", "TEXT", "The ICS field (first two digits)"),
    ),
    pk=("code",),
    label_column="title_en",
    facets=("level",),
)

STANDARD_ICS = Table(
    "standard_ics",
    "Which ICS codes each standard carries (many-to-many).",
    (
        C("standard_id", "TEXT", "Standard (canonical designation)", True),
        C("ics_code", "TEXT", "ICS code", True),
        C("ics_field", "TEXT", "ICS field of the code (first two digits)"),
    ),
    pk=("standard_id", "ics_code"),
    foreign_keys=(("standard_id", "standards", "id"), ("ics_code", "ics", "code")),
    indexes=(("ics_code",), ("ics_field",)),
    facets=("ics_field",),
)

CCS = Table(
    "ccs",
    "Chinese Standard Classification (CCS, 中国标准文献分类法; cnccs lists, BSD-2-Clause).",
    (
        C("code", "TEXT", "CCS code: category (A), range (A00/09) or class (A00)", True),
        C("level", "INTEGER", "1 category, 2 range, 3 class"),
        C("title_zh", "TEXT", "Chinese name 名称"),
        C("parent", "TEXT", "Parent range or category"),
    ),
    pk=("code",),
    label_column="title_zh",
)

STANDARD_CCS = Table(
    "standard_ccs",
    "Which CCS codes each Chinese standard carries (many-to-many).",
    (
        C("standard_id", "TEXT", "Standard (canonical designation)", True),
        C("ccs_code", "TEXT", "CCS code", True),
    ),
    pk=("standard_id", "ccs_code"),
    foreign_keys=(("standard_id", "standards", "id"), ("ccs_code", "ccs", "code")),
    indexes=(("ccs_code",),),
)

ADOPTIONS = Table(
    "adoptions",
    "International standards adopted by national ones, with the degree of correspondence. 采标关系。",
    (
        C("standard_id", "TEXT", "National standard (canonical designation)", True),
        C(
            "ref",
            "TEXT",
            "Adopted international standard as written canonically (ISO 9001:2015, or undated ISO 9001)",
            True,
        ),
        C("ref_work", "TEXT", "The adopted work without its year (ISO 9001)"),
        C("degree", "TEXT", "IDT identical 等同, MOD modified 修改, NEQ not equivalent 非等效, or unknown"),
        C("evidence", "TEXT", "designation (written in the designation), metadata (stated by the source) or inferred"),
        C("international_id", "TEXT", "The adopted international edition in the catalogue (the hub), when it is there"),
    ),
    pk=("standard_id", "ref"),
    foreign_keys=(("standard_id", "standards", "id"),),
    indexes=(("ref_work",), ("ref",), ("international_id",)),
    facets=("degree", "evidence"),
)

STANDARD_SOURCES = Table(
    "standard_sources",
    "Each source's own record of a standard, as last imported (the standards row merges them).",
    (
        C("standard_id", "TEXT", "Standard (canonical designation)", True),
        C("source", "TEXT", "Source name", True),
        C("record", "TEXT", "The normalised record from this source (JSON)"),
        C("record_hash", "TEXT", "SHA-256 of the record, to skip unchanged records"),
        C("last_run", "INTEGER", "Run that last saw this record"),
    ),
    pk=("standard_id", "source"),
    foreign_keys=(("standard_id", "standards", "id"),),
    indexes=(("source",),),
    facets=("source",),
)

SUGGESTIONS = Table(
    "suggestions",
    "Suggested equivalences (foreign standard -> Chinese standard) from the matcher; replaced at every re-match, "
    "never the committee's reviews. 建议的对应标准。",
    (
        C("id", "INTEGER", "Row id"),
        C("foreign_id", "TEXT", "Foreign standard (BR, RU, IN, ZA)", True),
        C("chinese_id", "TEXT", "Suggested Chinese standard", True),
        C("rank", "INTEGER", "Rank among this foreign standard's suggestions (1 = best)"),
        C("score", "FLOAT", "Calibrated score in [0, 1]"),
        C("relation", "TEXT", "identical, equivalent or related"),
        C("evidence", "TEXT", "Each signal with its value (JSON)"),
        C("matcher_version", "TEXT", "Version of the matcher that made the suggestion"),
        C("run_id", "INTEGER", "Refresh run, if made during one"),
        C("created_at", "TEXT", "When the suggestion was made"),
    ),
    pk=("id",),
    foreign_keys=(("foreign_id", "standards", "id"), ("chinese_id", "standards", "id"), ("run_id", "runs", "id")),
    indexes=(("foreign_id",), ("chinese_id",), ("score",)),
    facets=("relation", "matcher_version"),
    sort_desc="score",
)

REVIEWS = Table(
    "reviews",
    "The committee's decisions on equivalences (history; the latest per pair is current). Never touched by "
    "refreshes. 委员会审核。",
    (
        C("id", "INTEGER", "Row id (later decisions have larger ids)"),
        C("foreign_id", "TEXT", "Foreign standard", True),
        C("chinese_id", "TEXT", "Chinese standard", True),
        C("decision", "TEXT", "confirmed 确认, rejected 否决 or needs_discussion 待讨论", True),
        C("reviewer", "TEXT", "Committee member who decided", True),
        C("reviewed_at", "TEXT", "When (UTC, ISO 8601)", True),
        C("note", "TEXT", "Optional note"),
    ),
    pk=("id",),
    foreign_keys=(("foreign_id", "standards", "id"), ("chinese_id", "standards", "id")),
    indexes=(("foreign_id", "chinese_id"), ("chinese_id",)),
    facets=("decision", "reviewer"),
    sort_desc="reviewed_at",
)

ADOPTION_SUGGESTIONS = Table(
    "adoption_suggestions",
    "Inferred adoptions: the international work a national standard most likely adopts, where no source "
    "declares one (at most one per standard); replaced at every re-match, never the committee's reviews. 推断的采标关系。",
    (
        C("id", "INTEGER", "Row id"),
        C("standard_id", "TEXT", "National standard (canonical designation)", True),
        C("work", "TEXT", "The international work it probably adopts, undated (IEC 60947-5-1)", True),
        C("international_id", "TEXT", "The matched international edition in the catalogue, when present"),
        C("score", "FLOAT", "Calibrated probability that the standard adopts this work"),
        C("evidence", "TEXT", "Each signal with its value and its contribution to the score (JSON)"),
        C("candidates", "TEXT", "The next best candidates with their scores (JSON)"),
        C("model_version", "TEXT", "Version of the fitted inference model"),
        C("run_id", "INTEGER", "Refresh run, if made during one"),
        C("created_at", "TEXT", "When the inference was made"),
    ),
    pk=("id",),
    foreign_keys=(
        ("standard_id", "standards", "id"),
        ("international_id", "standards", "id"),
        ("run_id", "runs", "id"),
    ),
    indexes=(("standard_id",), ("work",), ("score",)),
    facets=("model_version",),
    sort_desc="score",
)

ADOPTION_REVIEWS = Table(
    "adoption_reviews",
    "The committee's decisions on inferred adoptions (history; the latest per standard and work is current). "
    "Never touched by refreshes. 采标关系审核。",
    (
        C("id", "INTEGER", "Row id (later decisions have larger ids)"),
        C("standard_id", "TEXT", "National standard", True),
        C("work", "TEXT", "International work (undated)", True),
        C("decision", "TEXT", "confirmed 确认, rejected 否决 or needs_discussion 待讨论", True),
        C("reviewer", "TEXT", "Committee member who decided", True),
        C("reviewed_at", "TEXT", "When (UTC, ISO 8601)", True),
        C("note", "TEXT", "Optional note"),
    ),
    pk=("id",),
    foreign_keys=(("standard_id", "standards", "id"),),
    indexes=(("standard_id", "work"),),
    facets=("decision", "reviewer"),
    sort_desc="reviewed_at",
)

MODELS = Table(
    "models",
    "Scoring models retrained on this catalogue's reviews (standards match --retrain); the engines use the one "
    "stored here instead of the model shipped with the package. 评分模型。",
    (
        C("name", "TEXT", "Which score: equivalence or adoption", True),
        C("version", "TEXT", "Model version"),
        C("fitted_at", "TEXT", "When it was fitted"),
        C("model", "TEXT", "The fitted logistic model: features, coefficients, intercept (JSON)"),
        C("report", "TEXT", "What it was fitted on and how it did on the held-out half (JSON)"),
    ),
    pk=("name",),
)

REVIEW_FLAGS = Table(
    "review_flags",
    "Reviewed pairs whose standard was withdrawn or replaced in a refresh: for the committee to look at again.",
    (
        C("id", "INTEGER", "Row id"),
        C("foreign_id", "TEXT", "Foreign standard of the reviewed pair", True),
        C("chinese_id", "TEXT", "Chinese standard of the reviewed pair", True),
        C("standard_id", "TEXT", "The standard that changed", True),
        C("run_id", "INTEGER", "Refresh run that saw the change"),
        C("reason", "TEXT", "withdrawn or replaced, with the new status"),
        C("flagged_at", "TEXT", "When"),
    ),
    pk=("id",),
    foreign_keys=(("run_id", "runs", "id"),),
    indexes=(("foreign_id", "chinese_id"),),
    facets=("reason",),
    sort_desc="id",
)

RUNS = Table(
    "runs",
    "Refresh, load and match runs: when, which sources, counts and status.",
    (
        C("id", "INTEGER", "Run id"),
        C("kind", "TEXT", "refresh, load or match"),
        C("started_at", "TEXT", "Start (UTC)"),
        C("finished_at", "TEXT", "End (UTC)"),
        C("sources", "TEXT", "Sources and paths (JSON)"),
        C("counts", "TEXT", "Counts per source and country, changes, quarantine (JSON)"),
        C("status", "TEXT", "running, success, partial (records quarantined for the first time) or failed"),
        C("message", "TEXT", "Error message of a failed run"),
    ),
    pk=("id",),
    facets=("kind", "status"),
    sort_desc="id",
)

CHANGES = Table(
    "changes",
    "What each refresh changed: new standards, changed fields (old and new value), withdrawn, replaced, missing.",
    (
        C("id", "INTEGER", "Row id"),
        C("run_id", "INTEGER", "Run", True),
        C("standard_id", "TEXT", "Standard", True),
        C("change", "TEXT", "new, changed, withdrawn, replaced or missing", True),
        C("field", "TEXT", "Changed field (for 'changed')"),
        C("old_value", "TEXT", "Old value"),
        C("new_value", "TEXT", "New value"),
    ),
    pk=("id",),
    foreign_keys=(("run_id", "runs", "id"), ("standard_id", "standards", "id")),
    indexes=(("run_id",), ("standard_id",)),
    facets=("change", "field", "run_id"),
    sort_desc="id",
)

QUARANTINE = Table(
    "quarantine",
    "Records or pages that could not be used, with where they were and why (nothing is lost).",
    (
        C("id", "INTEGER", "Row id"),
        C("run_id", "INTEGER", "Run"),
        C("source", "TEXT", "Source name"),
        C("location", "TEXT", "File:line, file#row or URL"),
        C("reason", "TEXT", "Why it was quarantined"),
        C("excerpt", "TEXT", "Raw excerpt"),
    ),
    pk=("id",),
    foreign_keys=(("run_id", "runs", "id"),),
    indexes=(("run_id",),),
    facets=("source", "run_id"),
    sort_desc="id",
)

VOCABULARY = Table(
    "vocabulary",
    "How each source's status words, degree-of-correspondence words and country words (国别) map onto the "
    "catalogue's vocabulary.",
    (
        C("vocabulary", "TEXT", "status, degree or country", True),
        C("word", "TEXT", "Word as sources write it", True),
        C("lang", "TEXT", "Language of the word"),
        C("value", "TEXT", "Catalogue value"),
        C("note", "TEXT", "Note"),
    ),
    pk=("vocabulary", "word"),
    facets=("vocabulary", "lang", "value"),
)

SECTORS = Table(
    "sectors",
    "Priority sectors for mutual recognition (智能制造 smart manufacturing, 新能源 new energy) as ICS codes.",
    (
        C("sector", "TEXT", "Sector key", True),
        C("ics_code", "TEXT", "ICS code (the sector covers it and every code under it)", True),
        C("name_zh", "TEXT", "Chinese name"),
        C("name_en", "TEXT", "English name"),
        C("description", "TEXT", "What the sector covers"),
    ),
    pk=("sector", "ics_code"),
    foreign_keys=(("ics_code", "ics", "code"),),
    facets=("sector",),
)

SOURCES = Table(
    "sources",
    "Data sources with their provenance and licence (attribution).",
    (
        C("name", "TEXT", "Source name (as in standards.source)", True),
        C("title", "TEXT", "What it is"),
        C("description", "TEXT", "Description"),
        C("licence", "TEXT", "Licence or terms"),
        C("url", "TEXT", "Where it comes from"),
    ),
    pk=("name",),
    label_column="title",
)

REFRESH_INPUTS = Table(
    "refresh_inputs",
    "What the last refresh read and computed from, so that an unchanged refresh skips it: a content "
    "fingerprint of each source's input files, and one of what matching depends on (records, models, decisions). "
    "刷新输入指纹。",
    (
        C("step", "TEXT", "source:<name> for a source's input files, or matching", True),
        C("fingerprint", "TEXT", "sha256 over the inputs (file names relative to --from, sizes and contents)"),
        C("files", "INTEGER", "Input files (sources)"),
        C("bytes", "INTEGER", "Input bytes (sources)"),
        C("run_id", "INTEGER", "Run that last read or computed it"),
        C("updated_at", "TEXT", "When (UTC)"),
    ),
    pk=("step",),
    foreign_keys=(("run_id", "runs", "id"),),
)

TABLES: tuple[Table, ...] = (
    STANDARDS,
    ICS,
    STANDARD_ICS,
    CCS,
    STANDARD_CCS,
    ADOPTIONS,
    STANDARD_SOURCES,
    SUGGESTIONS,
    REVIEWS,
    ADOPTION_SUGGESTIONS,
    ADOPTION_REVIEWS,
    MODELS,
    REVIEW_FLAGS,
    RUNS,
    CHANGES,
    QUARANTINE,
    VOCABULARY,
    SECTORS,
    SOURCES,
    REFRESH_INPUTS,
)

#: The full-text index over standards: designation forms, non-Chinese titles, and Chinese titles as bigrams.
FTS_TABLE = "standards_fts"
FTS_COLUMNS = ("designation", "titles", "cjk")


def table(name: str) -> Table:
    """The declared table called ``name``."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)
