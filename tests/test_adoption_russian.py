"""Russian titles to ISO/IEC works: loanwords found by spelling, the Russian term table read under the written
lemma, and a model's language regime (HAND-WRITTEN inputs: Russian titles written for this test in the style of
ГОСТ Р titles, against the hand-written ISO/IEC records of test_adoption_inference)."""

from __future__ import annotations

import pytest
from test_adoption_inference import _international

from standards_lib.errors import MatchError
from standards_lib.interchange import record_from_dict
from standards_lib.matching import AdoptionModel, Hub, infer_adoptions
from standards_lib.matching.adoption.features import profile_national, with_cognates
from standards_lib.matching.adoption.model import default_model
from standards_lib.matching.cognates import CognateIndex, english_skeletons, russian_skeleton
from standards_lib.matching.glossary import stem
from standards_lib.matching.logistic import LogisticModel
from standards_lib.matching.translate import translate_title


def _russian(designation: str, title: str) -> object:
    return record_from_dict({"designation": designation, "title": title, "title_lang": "ru"})


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("ксеноновой", "xenon"),
        ("ангидрид", "anhydride"),
        ("интерпретированные", "interpreted"),
        ("сервисов", "services"),
        ("процесса", "process"),
        ("хроматографии", "chromatography"),
        ("гармоник", "harmonics"),
        ("квалификации", "qualification"),
        ("системы", "systems"),
        ("автоматические", "automatic"),
        ("аудита", "audit"),
        ("термометры", "thermometers"),  # Snowball keeps "thermomet": the Russian -р is a suffix
        ("дозиметры", "dosimeters"),  # з and s
    ],
)
def test_a_russian_loanword_is_found_as_the_english_stem_it_spells(russian: str, english: str) -> None:
    index = CognateIndex([stem(english), "xyz", "protocol", "helium"])
    assert index.find(russian) == (stem(english),)


@pytest.mark.parametrize("russian", ["велосипед", "шина", "блоки", "требования", "iso", "прокладки"])
def test_a_native_or_short_word_spells_no_english_stem(russian: str) -> None:
    index = CognateIndex([stem(w) for w in ("velocity", "shingle", "block", "prokaryote", "trebuchet", "isolation")])
    assert index.find(russian) == ()


def test_skeletons_bring_both_spellings_together() -> None:
    assert russian_skeleton("хлор") == english_skeletons("chlor")[0] == "klor"
    assert russian_skeleton("гидроксида").startswith(english_skeletons(stem("hydroxide"))[0])
    assert russian_skeleton("latin") == "" and english_skeletons("ключ") == ()
    assert english_skeletons("servic") == ("servik", "servis")  # Snowball's "servic" was "service"


def test_learnt_rows_are_found_under_the_lemma_a_title_word_gets() -> None:
    # simplemma gives данных -> данные, but данные -> данный: the learnt row "данные" must still be used
    title = translate_title("Обработка данных", "ru")
    assert "данных" not in title.untranslated
    assert ("data",) in {p for slot in title.slots for p in slot.phrases}


def test_untranslated_russian_words_become_cognate_slots_against_a_hub() -> None:
    hub = Hub(_international())
    record = _russian("ГОСТ Р 900001-2019", "Цепи трансмиссионные роликовые прецизионные")
    plain = profile_national(record)
    with_hub = profile_national(record, hub)
    assert plain is not None and with_hub is not None
    assert "трансмиссионные" in plain.title.untranslated
    cognates = [slot for slot in with_hub.title.slots if slot.origin == "cognate"]
    assert [(slot.source, slot.phrases) for slot in cognates] == [
        ("трансмиссионные", (("transmiss",),)),
        ("прецизионные", (("precis",),)),  # з is written s in English (precision, dosimeter)
    ]
    assert with_hub.title.untranslated == ("роликовые",)  # roller: another word
    chinese = translate_title("电磁兼容", "zh")
    assert with_cognates(chinese, hub) is chinese


def _constant_model(intercept: float, threshold: float) -> AdoptionModel:
    one = LogisticModel("toy", ("title",), {"title": 0.0}, intercept, "t1")
    return AdoptionModel(one, one, threshold, 0.9)


def test_a_language_regime_round_trips_and_scores_titles_of_its_language(tmp_path) -> None:
    main = default_model()
    refuse_all = _constant_model(-20.0, 0.99)  # a Russian regime that never reaches its threshold
    model = main.with_language("ru", refuse_all)
    assert model.for_language("ru") == refuse_all and model.for_language("zh") is model
    path = tmp_path / "model.json"
    model.save(path)
    assert AdoptionModel.load(path) == model
    hub = Hub(_international())
    russian = _russian("ГОСТ Р 900002-2016", "Системы менеджмента качества. Требования")
    chinese = record_from_dict({"designation": "GB/T 19001-2016", "title": "质量管理体系 要求", "title_lang": "zh"})
    assert {a.national for a in infer_adoptions([russian, chinese], hub, model=main)} >= {"ГОСТ Р 900002-2016"}
    found = {a.national for a in infer_adoptions([russian, chinese], hub, model=model)}
    assert "ГОСТ Р 900002-2016" not in found and "GB/T 19001-2016" in found


def test_a_model_file_with_malformed_languages_is_refused(tmp_path) -> None:
    data = default_model().to_dict() | {"languages": ["ru"]}
    with pytest.raises(MatchError, match="languages"):
        AdoptionModel.from_dict(data)
