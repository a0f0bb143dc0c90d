"""Title normalisation and part extraction for matching (inputs hand-written)."""

from __future__ import annotations

import pytest

from standards_lib.matching.equivalence.normalize import detect_language, normalize_title, title_parts, title_tokens


@pytest.mark.parametrize(
    "a, b",
    [
        ("Quality management systems—Requirements", "QUALITY MANAGEMENT SYSTEMS - REQUIREMENTS"),
        ("Quality management systems – Requirements", "Quality Management Systems: Requirements"),
        (
            "Degrees of protection provided by enclosures (IP Code)",
            "Degrees of Protection Provided by Enclosures (IP code)",
        ),
        (
            "Household and similar electrical appliances—Safety—Part 1: General requirements",
            "Household and similar electrical appliances - Safety -- Part 1 : General requirements",
        ),
        ("外壳防护等级（ＩＰ代码）", "外壳防护等级(IP代码)"),
        ("家用和类似用途电器的安全 第1部分：通用要求", "家用和类似用途电器的安全　第 1 部分: 通用要求"),
    ],
)
def test_equal_titles_written_differently_normalise_to_the_same_text(a: str, b: str) -> None:
    assert normalize_title(a) == normalize_title(b)


def test_stop_words_and_part_markers_are_removed() -> None:
    assert (
        normalize_title("Safety of household and similar electrical appliances — Part 1: General", "en")
        == "safety household similar electrical appliances general"
    )
    assert (
        normalize_title("Segurança de aparelhos eletrodomésticos e similares — Parte 1: Requisitos gerais", "pt")
        == "segurança aparelhos eletrodomésticos similares requisitos gerais"
    )


@pytest.mark.parametrize(
    "title, parts",
    [
        ("Household appliances — Safety — Part 2-24: Particular requirements", ("2", "24")),
        ("Safety of Household Appliances: Part 4/Sec 2 Particular requirements", ("4", "2")),
        ("家用和类似用途电器的安全 第1部分：通用要求", ("1",)),
        ("可编程序控制器 第３部分：编程语言", ("3",)),
        ("Контроллеры программируемые. Часть 3. Языки программирования", ("3",)),
        ("Segurança de aparelhos — Parte 1: Requisitos gerais", ("1",)),
        ("Quality management systems — Requirements", None),
        ("Partial discharge measurements", None),
    ],
)
def test_title_parts(title: str, parts: tuple[str, ...] | None) -> None:
    assert title_parts(title) == parts


def test_part_one_and_part_two_differ_only_in_their_parts() -> None:
    one = "Programmable controllers—Part 1: General information"
    two = "Programmable controllers—Part 2: General information"
    assert normalize_title(one) == normalize_title(two)
    assert title_parts(one) != title_parts(two)


def test_language_detection_by_script() -> None:
    assert detect_language("质量管理体系 要求") == "zh"
    assert detect_language("Системы менеджмента качества. Требования") == "ru"
    assert detect_language("Sistemas de gestão da qualidade — Requisitos") == "pt"
    assert detect_language("Quality management systems — Requirements") == "en"


def test_chinese_tokens_are_character_bigrams_and_words_are_plural_folded() -> None:
    assert title_tokens(normalize_title("外壳防护等级（IP代码）", "zh"), "zh") == [
        "外壳",
        "壳防",
        "防护",
        "护等",
        "等级",
        "ip",
        "代码",
    ]
    assert title_tokens(normalize_title("Electrical appliances", "en"), "en") == ["electrical", "appliance"]
