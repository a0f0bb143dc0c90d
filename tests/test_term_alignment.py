"""Word translations learnt from title pairs by competitive linking (standards_lib.matching.term_alignment)."""

from __future__ import annotations

from standards_lib.matching.term_alignment import align_terms


def _pairs(*rows: tuple[str, str]) -> list[tuple[frozenset[str], frozenset[str]]]:
    return [(frozenset(ru.split()), frozenset(en.split())) for ru, en in rows]


KNOWN = {"метод": frozenset({"method"}), "и": frozenset()}


def _known(word: str) -> frozenset[str] | None:
    return KNOWN.get(word)


def test_a_known_word_explains_its_stem_away_and_the_rest_links_one_to_one() -> None:
    learnt = align_terms(_pairs(("метод свинец", "method lead")), _known)
    assert {w: t.targets for w, t in learnt.items()} == {"свинец": ("lead",)}
    assert "метод" not in learnt  # known words are never learnt again


def test_each_stem_is_linked_to_one_word_of_a_title() -> None:
    # co-occurrence alone gives every word of this series its rarest stem; competitive linking does not
    pairs = _pairs(
        ("посуда стекло свинец", "dinnerwar glass lead"),
        ("посуда стекло кадмий", "dinnerwar glass cadmium"),
        ("посуда керамика свинец", "dinnerwar ceram lead"),
        ("стекло трубка", "glass tube"),
        ("свинец кабель", "lead cabl"),
    )
    learnt = align_terms(pairs, _known)
    assert learnt["посуда"].targets[0] == "dinnerwar"
    assert learnt["стекло"].targets[0] == "glass"
    assert learnt["свинец"].targets[0] == "lead"
    assert learnt["кадмий"].targets == ("cadmium",)
    assert learnt["стекло"].links == 3 and learnt["стекло"].pairs == 3


def test_a_word_whose_links_scatter_is_not_learnt() -> None:
    # "труд" (from a boilerplate series name) stands beside a different subject in every title
    pairs = _pairs(*[(f"труд слово{i}", f"stem{i}") for i in range(5)])
    learnt = align_terms(pairs, _known, min_share=0.25)
    assert "труд" not in learnt
    assert {w: t.targets for w, t in learnt.items()} == {f"слово{i}": (f"stem{i}",) for i in range(5)}
    # with a stem left over in every title, "труд" takes it, but one link in five pairs is under the share
    wider = _pairs(*[(f"труд слово{i}", f"stem{i} other{i}") for i in range(5)])
    assert "труд" not in align_terms(wider, _known, min_share=0.25)
    assert "труд" in align_terms(wider, _known, min_share=0.2)


def test_alternatives_are_kept_within_a_share_of_the_best_links_and_the_result_is_deterministic() -> None:
    pairs = _pairs(
        ("обувь", "footwear"),
        ("обувь", "footwear"),
        ("обувь", "shoe"),
        ("обувь", "boot"),
        ("обувь", "footwear"),
    )
    learnt = align_terms(pairs, _known, second_within=0.3, max_targets=2)
    assert learnt["обувь"].targets == ("footwear", "boot")  # one link each: the alphabetically first is kept
    assert align_terms(list(reversed(pairs)), _known, second_within=0.3, max_targets=2) == learnt
    assert align_terms(pairs, _known, second_within=0.5)["обувь"].targets == ("footwear",)


def test_nothing_to_learn_gives_an_empty_table() -> None:
    assert align_terms([], _known) == {}
    assert align_terms(_pairs(("метод", "method")), _known) == {}
