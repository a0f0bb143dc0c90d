"""Retrieval with a recall guarantee (issue 16) and labels from declared adoptions, on records written here by hand."""

from __future__ import annotations

import pytest

from standards_lib.interchange import record_from_dict
from standards_lib.matching.adoption.declared_labels import hidden_adoption_label, series_half
from standards_lib.matching.adoption.works import Hub
from standards_lib.matching.translate import translate_title

#: Hand-written distractors: every one shares the common words of ISO 9001's title and adds words of its own.
DISTRACTORS = [
    f"{subject} — Quality management systems — Requirements for {subject.lower()} organizations"
    for subject in (
        "Aerospace",
        "Automotive",
        "Medical devices",
        "Railway",
        "Education",
        "Petroleum",
        "Welding",
        "Software",
        "Packaging",
        "Shipbuilding",
        "Mining",
        "Forestry",
        "Tourism",
        "Banking",
        "Textiles",
        "Ceramics",
    )
] + [f"Information security management systems — Requirements, part {i}" for i in range(1, 9)]


def _hub() -> Hub:
    records = [
        record_from_dict({"designation": f"ISO {20000 + i}:2015", "title": t, "title_lang": "en"})
        for i, t in enumerate(DISTRACTORS)
    ]
    records.append(
        record_from_dict(
            {"designation": "ISO 9001:2015", "title": "Quality management systems — Requirements", "title_lang": "en"}
        )
    )
    # max_postings 3: every word of ISO 9001's title is carried by more works than that
    return Hub(records, max_postings=3)


def test_a_title_of_common_words_only_retrieves_the_work_it_renders_first() -> None:
    hub = _hub()
    title = translate_title("质量管理体系 要求", "zh")
    assert hub.explained(title.stems()) == [hub.by_key["ISO|IEC|9001"]]
    found = hub.retrieve(title, limit=3, budget=4)
    assert hub.works[found[0]].designation == "ISO 9001"


def test_the_pool_is_ranked_by_the_share_of_both_titles_explained() -> None:
    hub = _hub()
    found = hub.retrieve(translate_title("航空航天 质量管理体系 要求", "zh"), limit=2, budget=100)
    assert [hub.works[w].designation for w in found] == ["ISO 20000", "ISO 9001"]


def test_a_russian_adopter_is_labelled_with_its_declared_work_and_its_designation_hidden() -> None:
    record = record_from_dict(
        {"designation": "ГОСТ Р ИСО 9001-2015", "title": "Системы менеджмента качества. Требования", "title_lang": "ru"}
    )
    hidden = hidden_adoption_label(record, 17)
    assert hidden is not None
    masked = hidden.label.record
    assert (masked.designation, masked.adoptions, masked.parts) == ("ГОСТ Р 900017-2015", [], [])
    assert (hidden.label.adopts, hidden.series, hidden.original) == ("ISO 9001", "ISO|IEC|9001", "ГОСТ Р ИСО 9001-2015")
    national_only = record_from_dict({"designation": "ГОСТ Р 1.5-2012", "title": "Стандартизация", "title_lang": "ru"})
    assert hidden_adoption_label(national_only, 0) is None


def test_every_part_of_a_series_falls_in_the_same_half_and_both_halves_are_used() -> None:
    parts = [
        hidden_adoption_label(
            record_from_dict({"designation": f"ГОСТ Р ИСО 10303-{p}-2013", "title": "Системы", "title_lang": "ru"}), p
        )
        for p in (1, 11, 216, 1115)
    ]
    assert len({h.split for h in parts if h is not None}) == 1
    assert {series_half(f"ISO|IEC|{n}") for n in range(9000, 9020)} == {"tune", "heldout"}


@pytest.mark.parametrize(
    ("designation", "labelled", "series"),
    [
        ("ГОСТ Р ЕН 353-2-2007", True, "CEN|353"),  # adopts EN 353-2 only: a non-adopter of ISO/IEC works
        ("ГОСТ Р ЕН 547-3-2009", True, "CEN|547"),
        ("ГОСТ Р ЕН 60204-1-2007", False, None),  # CENELEC's EN 6xxxx take IEC texts: no label
        ("ГОСТ Р 1.5-2012", False, None),  # declares nothing: adopter or not, unknown
    ],
)
def test_a_russian_standard_that_adopts_only_a_cen_standard_is_labelled_as_adopting_no_work(
    designation: str, labelled: bool, series: str | None
) -> None:
    record = record_from_dict({"designation": designation, "title": "Безопасность машин", "title_lang": "ru"})
    hidden = hidden_adoption_label(record, 3)
    assert (hidden is not None) == labelled
    if hidden is not None:
        assert (hidden.label.adopts, hidden.series, hidden.label.record.adoptions) == (None, series, [])
        assert hidden.label.record.designation.startswith("ГОСТ Р 900003-")
