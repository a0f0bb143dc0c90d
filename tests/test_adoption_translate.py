"""Cross-language titles: glossary, CC-CEDICT senses, segmentation, part numbers (hand-written inputs)."""

from __future__ import annotations

import pytest

from standards_lib.errors import MatchError
from standards_lib.matching.glossary import (
    cedict,
    english_phrase,
    english_stems,
    read_term_table,
    sense_phrases,
    stem,
    term_table,
)
from standards_lib.matching.translate import detect_language, english_title, split_part, translate_title


def _phrases(title: str) -> list[tuple[tuple[str, ...], ...]]:
    return [slot.phrases for slot in translate_title(title).slots]


def test_glossary_compound_stays_one_word_and_translates_to_the_iso_term() -> None:
    slots = translate_title("低压开关设备和控制设备").slots
    assert [s.source for s in slots] == ["低压开关设备和控制设备"]
    assert slots[0].origin == "glossary"
    assert slots[0].phrases == (("low", "voltag", "switchgear", "controlgear"),)


def test_glossary_terms_that_cedict_lacks() -> None:
    assert _phrases("熔断器") == [(("fuse",),)]
    assert _phrases("抗扰度") == [(("immun",),)]
    assert _phrases("功能安全") == [(("function", "safeti"),)]
    assert _phrases("光伏") == [(("photovolta",), ("pv",))]


def test_a_title_becomes_slots_of_english_stems_with_its_part() -> None:
    title = translate_title("低压开关设备和控制设备 第5-1部分：控制电路电器和开关元件 机电式控制电路电器")
    assert title.part == ("5", "1")
    assert [s.source for s in title.slots] == [
        "低压开关设备和控制设备",
        "控制电路电器",
        "开关元件",
        "机电式",
        "控制电路电器",
    ]
    assert {"switchgear", "controlgear", "circuit", "electromechan", "element"} <= title.stems()
    english, part = english_title(
        "Low-voltage switchgear and controlgear — Part 5-1: Control circuit devices and "
        "switching elements — Electromechanical control circuit devices"
    )
    assert part == ("5", "1")
    assert title.stems() >= set(english) - {"devic"} and "devic" in title.stems()


def test_structure_words_are_dropped_and_cedict_supplies_the_rest() -> None:
    title = translate_title("传动用短节距精密滚子链、套筒链、附件和链轮")
    sources = [s.source for s in title.slots]
    assert "用" not in sources and "和" not in sources
    assert ("roller", "chain") in title.slots[sources.index("滚子链")].phrases
    assert ("sprocket",) in title.slots[sources.index("链轮")].phrases
    assert ("sleev",) in title.slots[sources.index("套筒")].phrases  # from CC-CEDICT


def test_latin_words_inside_a_chinese_title_are_kept() -> None:
    title = translate_title("外壳防护等级（IP代码）")
    assert ("ip",) in [p for s in title.slots for p in s.phrases]


def test_references_to_other_standards_and_markup_are_not_words() -> None:
    title = translate_title("功能安全 第6部分：GB/T 20438.2和GB/T 20438.3的应用指南")
    assert "gb" not in title.stems()
    stems, _ = english_title(
        'Functional safety - Part 2: Requirements (see <a href="http://www.iec.ch/61508">www.iec.ch/61508</a>)'
    )
    assert stems == ("function", "safeti", "requir")


@pytest.mark.parametrize(
    ("title", "part"),
    [
        ("电力变压器 第10部分：声级测定", ("10",)),
        ("低压开关设备和控制设备 第5-1部分：控制电路电器", ("5", "1")),
        ("信息安全技术 第一部分：简介和一般模型", ("1",)),
        ("环境试验 第十二部分：试验", ("12",)),
        ("电气继电器 第二十一部分：振动", ("21",)),
        ("某产品 第2部分：通用要求 第3篇：试验", ("2", "3")),
        ("Power transformers - Part 10-1: Determination of sound levels", ("10", "1")),
        ("Low-voltage switchgear. Part 5: Control circuit devices - Section One: Electromechanical", ("5", "1")),
        ("Аппаратура. Часть 5-1. Аппараты", ("5", "1")),
        ("Sistemas - Parte 2: Requisitos", ("2",)),
        ("橡胶 术语", None),
    ],
)
def test_part_numbers_of_titles(title: str, part: tuple[str, ...] | None) -> None:
    assert split_part(title)[1] == part


def test_languages_are_told_apart() -> None:
    assert detect_language("电力变压器") == "zh"
    assert detect_language("Системы менеджмента качества") == "ru"
    assert detect_language("Sistemas de gestão da qualidade") == "pt"
    assert detect_language("Quality management systems") == "en"


def test_russian_and_portuguese_titles_through_lemmas_and_term_tables() -> None:
    ru = translate_title("Низковольтная аппаратура распределения и управления. Часть 5-1. Электромеханические аппараты")
    assert ru.lang == "ru" and ru.part == ("5", "1")
    assert {"switchgear", "controlgear", "electromechan", "devic"} <= ru.stems()
    pt = translate_title("Sistemas de gestão da qualidade - Requisitos")
    assert pt.lang == "pt"
    assert pt.stems() == {"qualiti", "manag", "system", "requir"}


def test_cedict_senses_skip_classifiers_names_and_explanations() -> None:
    assert sense_phrases("to control") == (("control",),)
    assert sense_phrases("surname Shi/rock/stone/CL:塊|块[kuai4]") == (("rock",), ("stone",))
    assert sense_phrases("equipment; facilities; installations/CL:個|个[ge4]") == (("equip",), ("facil",), ("instal",))
    dictionary = cedict()
    assert len(dictionary) > 100_000
    assert dictionary.get("电压") == (("voltag",),)
    assert dictionary.get("不是一个词语") is None


def test_english_stems_fold_inflections_and_drop_stop_words() -> None:
    assert english_stems("Methods of test for the determination of voltages") == [
        "method",
        "test",
        "determin",
        "voltag",
    ]
    assert english_phrase("low-voltage") == ("low", "voltag")


def test_stems_of_different_subjects_are_kept_apart() -> None:
    # Snowball alone gives "engin" to engine and engineering, "generat" to generator and generation
    assert english_stems("fire engine") == ["fire", "engin"]
    assert english_stems("fire safety engineering") == ["fire", "safeti", "engineering"]
    assert stem("generators") == stem("generator") == "generator" != stem("generation")
    assert stem("engineers") == "engineer" and stem("engines") == "engin"


def test_term_tables_are_general_vocabulary_and_load() -> None:
    zh = term_table("zh")
    assert len(zh) > 500 and zh.get("开关设备") == (("switchgear",),)
    assert zh.get("的") == ()  # a structure word
    assert len(term_table("ru")) > 150 and len(term_table("pt")) > 120
    with pytest.raises(MatchError, match="no term table for language 'de'"):
        term_table("de")


def test_a_malformed_term_table_names_the_file_and_line(tmp_path) -> None:
    bad = tmp_path / "glossary_zh_en.tsv"
    bad.write_text("# comment\n熔断器\tfuse\t\n熔断器\tfuses\t\n", encoding="utf-8")
    with pytest.raises(MatchError, match=r"glossary_zh_en.tsv:3: term '熔断器' is listed twice"):
        read_term_table(bad, "zh")
    bad.write_text("熔断器\tfuse\tnote\textra\n", encoding="utf-8")
    with pytest.raises(MatchError, match=r":1: a term table row needs 2 or 3 tab-separated columns, not 4"):
        read_term_table(bad, "zh")
    bad.write_text("不带\twithout\t\n", encoding="utf-8")
    with pytest.raises(MatchError, match="the English of '不带' has no content word"):
        read_term_table(bad, "zh")
