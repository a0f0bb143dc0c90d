"""Bilingual labels (中文 first) of everything the evidence of a suggestion names: signals, degrees, editions,
and the relation of a pair as its score allows it to be called.

One table per idea, used by every page, export and table cell that reads evidence out.
"""

from __future__ import annotations

#: Every signal of the equivalence model (matching/scoring.py FEATURES) and of the adoption inference model
#: (matching/signals.py FEATURES), labelled for people.
SIGNAL_LABELS: dict[str, str] = {
    # equivalences
    "adoption_shared": "共同采标 shared adoption",
    "adoption_other_edition": "采标版本不同 other edition adopted",
    "adoption_edition_not_stated": "采标版本未注明 edition not stated",
    "adoption_modified": "修改采用 modified adoption",
    "adoption_not_equivalent": "非等效采用 not-equivalent adoption",
    "adoption_implied_by_number": "编号暗示采标 adoption implied by the number",
    "adoption_conflict": "采标不同 different adoptions",
    "title_similarity": "标题相似度 title similarity",
    "title_near_identical": "标题几乎相同 titles nearly identical",
    "title_comparable": "标题可比较 titles comparable",
    "crosslang_similarity": "跨语言标题相似 title across languages",
    "crosslang_near_identical": "跨语言标题几乎相同 titles nearly identical across languages",
    "work_title_similarity": "中文标题与所采用国际标准标题相似度 Chinese title vs the adopted ISO/IEC work's title",
    "ics_unknown": "ICS 分类缺失 ICS missing",
    "ics_code": "ICS 分类号相同 same ICS code",
    "ics_group": "ICS 小类相同 same ICS group",
    "ics_field": "ICS 大类相同 same ICS field",
    "ics_disjoint": "ICS 分类不同 different ICS",
    "number_hint": "编号相近 number hint",
    "part_conflict": "部分号不同 different parts",
    "part_missing": "部分号缺失 part missing",
    "chinese_inactive": "中国标准已废止 Chinese standard not current",
    # adoption inference
    "cover_national": "本国标题词被覆盖 national title covered",
    "cover_international": "国际标题词被覆盖 international title covered",
    "title": "标题对应 title correspondence",
    "margin": "领先次优候选 lead over the next candidate",
    "missing_national": "本国标题未译词 national words untranslated",
    "missing_international": "国际标题未对应词 international words unmatched",
    "short_title": "标题过短 short title",
    "part_equal": "部分号相同 same part",
    "part_equal_title": "标题中部分号相同 same part in the title",
    "part_equal_first": "均为第 1 部分 both part 1",
    "part_prefix": "部分号前缀相同 part prefix agrees",
    "part_missing_national": "本国缺少部分号 national part missing",
    "part_missing_international": "国际缺少部分号 international part missing",
    "designation_part_agree": "编号部分号一致 designation parts agree",
    "designation_part_conflict": "编号部分号不同 designation parts differ",
    "edition_gap": "版本年份差 years between editions",
    "work_withdrawn": "国际标准已废止 international work withdrawn",
    "ics_agree": "ICS 分类一致 ICS agrees",
    "ics_conflict": "ICS 分类不同 ICS differs",
    "kind_conflict": "文件类型不同 kind of document differs",
    "series_support": "同系列其他部分支持 series supports it",
    "series_conflict": "同系列其他部分不支持 series contradicts it",
    # older matcher evidence
    "adoption": "共同采标 shared adoption",
    "ics": "ICS 分类 classification",
    "status": "状态 status",
    "crosslang_title": "跨语言标题 title across languages",
    "chain": "采标链 chain of adoptions",
}

#: (Chinese, English) adjectives of each country for "Indian IDT, Chinese MOD".
COUNTRY_ADJECTIVES = {
    "CN": ("中国", "Chinese"),
    "BR": ("巴西", "Brazilian"),
    "RU": ("俄罗斯", "Russian"),
    "IN": ("印度", "Indian"),
    "ZA": ("南非", "South African"),
    "INT": ("国际", "international"),
}
LANGUAGE_NAMES = {
    "en": ("英文", "English"),
    "zh": ("中文", "Chinese"),
    "ru": ("俄文", "Russian"),
    "pt": ("葡萄牙文", "Portuguese"),
    "fr": ("法文", "French"),
}
DEGREE_WORDS = {
    "IDT": "等同 IDT",
    "MOD": "修改 MOD",
    "NEQ": "非等效 NEQ",
    "unknown": "程度未注明 degree not stated",
    "None": "程度未注明 degree not stated",
}
EDITION_WORDS = {
    "same edition": "同一版本 same edition",
    "different editions of the same work": "同一标准的不同版本 different editions of the same work",
    "edition unknown": "版本未知 edition unknown",
    "edition not stated": "版本未注明 edition not stated",
}
FOUND_BY = {
    "adoption": "共同采标 a shared adoption",
    "title": "相似标题 similar titles",
    "number": "编号 the designation number",
    "ics": "分类 the classification",
}

#: The relation words of the matcher and the score each needs to be called so.
RELATION_WORDS = {"identical": "相同 identical", "equivalent": "等效 equivalent", "related": "相关 related"}
#: Below this score a pair is a candidate to check, whatever relation its adoptions suggest.
CANDIDATE_BELOW = 0.5
#: Below this score an "identical" or "equivalent" pair is called "probably" so.
PROBABLE_BELOW = 0.75


def signal_label(key: str) -> str:
    """The bilingual label of a signal (an unknown one says it is a signal and gives its name)."""
    return SIGNAL_LABELS.get(key) or f"信号 signal: {key.replace('_', ' ')}"


def relation_label(relation: str | None, score: float | None) -> str:
    """What to call a pair: its relation, but only as strongly as its score allows.

    ``equivalent`` at 0.39 is shown as a candidate to check, at 0.6 as "probably equivalent".
    """
    word = RELATION_WORDS.get(relation or "", relation or "—")
    if score is None:
        return word
    if score < CANDIDATE_BELOW:
        return "待核实候选 candidate to check"
    if relation in ("identical", "equivalent") and score < PROBABLE_BELOW:
        zh, en = word.split(" ", 1)
        return f"可能{zh} probably {en}"
    return word


__all__ = [
    "COUNTRY_ADJECTIVES",
    "DEGREE_WORDS",
    "EDITION_WORDS",
    "FOUND_BY",
    "LANGUAGE_NAMES",
    "RELATION_WORDS",
    "SIGNAL_LABELS",
    "relation_label",
    "signal_label",
]
