"""Equivalents on REAL records through the international hub (skipped when ../shared/data is absent).

Foreign: the whole BIS list (Indian designations, English titles, adoptions written as ``/ISO 606 : 2004``).
Chinese: the csres GB list (Chinese titles only, no adoption data). International: the ISO works of a few
series read from the real Relaton archive, with a tenth of the catalogue as background. No hand-written
record is involved: the Chinese side is linked to the works its titles translate by adoption inference, and
the pairs are found through those links.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from conftest import shared_path

from standards_lib.matching import infer_adoptions, suggest_equivalents
from standards_lib.matching.adoption.links import links_of
from standards_lib.scrapers import get_source
from standards_lib.scrapers.base import Quarantined

ISO = ("international", "relaton-data-iso", "relaton-data-iso.tar.xz")
CSRES = ("china", "laokevincn-standard_scrapting", "standards_csres.csv")
#: The works of the pairs checked below, and every work whose number ends in 3 (background for the IDF).
SERIES = re.compile(r"^iso[-_](?:(?:606|19062|6742|2408|2580)[-_.]|\d*3[-_.])")
#: Pairs that adopt one ISO work (the foreword of each Chinese standard names it; see tests/data/adoption_gold).
EXPECTED = {
    "IS 2403:2014": ("GB/T 1243-2024", "ISO 606"),
    "IS 17077:2019": ("GB/T 20417.1-2025", "ISO 19062-1"),
    "IS/ISO 6742-2:2015": ("GB/T 31887.2-2025", "ISO 6742-2"),
}


def _records(items) -> list:
    return [item for item in items if not isinstance(item, Quarantined)]


@lru_cache(maxsize=1)
def real_run():
    international = _records(
        get_source("relaton-intl").extract(
            [shared_path(*ISO)], wanted=lambda name: bool(SERIES.search(name.rsplit("/", 1)[-1]))
        )
    )
    foreign = _records(get_source("bis").extract(get_source("bis").discover(shared_path("india"))))
    chinese = [r for r in _records(get_source("csres").extract([shared_path(*CSRES)])) if r.country == "CN"]
    inferred = infer_adoptions(chinese + foreign, international)
    links = links_of(inferred, chinese + foreign)
    suggestions = suggest_equivalents(foreign, chinese, international=international, links=links)
    return foreign, chinese, international, inferred, suggestions


@pytest.mark.slow
def test_real_foreign_standards_find_their_chinese_equivalent_through_the_iso_work() -> None:
    foreign, chinese, international, inferred, suggestions = real_run()
    assert len(foreign) > 700 and len(chinese) > 16000 and len(international) > 3000
    assert len(inferred) > 150  # 186 with the model refitted at precision 0.95 (threshold 0.701; 0.676 gave 200+)
    best = {s.foreign_id: s for s in suggestions if s.rank == 1}
    # every pair found is the right one; one of the three may be missed: GB/T 20417.1-2025 -> ISO 19062-1 scores
    # 0.662, under the refitted model's threshold (0.701), so IS 17077:2019 finds no partner then
    found = {f: pair for f, pair in EXPECTED.items() if f in best}
    assert len(found) >= 2, sorted(best)
    for foreign_id, (chinese_id, work) in found.items():
        s = best[foreign_id]
        assert s.chinese_id == chinese_id and s.score >= 0.35, s
        chain = s.evidence["adoption"]["chain"]
        assert chain.startswith(f"{foreign_id} —") and work in chain and "←inferred " in chain, chain


@pytest.mark.slow
def test_confident_suggestions_between_real_records_are_explained() -> None:
    """A suggestion scoring 0.5 or more needs a shared work (declared or inferred) or near-identical titles."""
    for s in real_run()[-1]:
        if s.score < 0.5:
            continue
        adoption = s.evidence.get("adoption") or {}
        title = s.evidence.get("title") or {}
        assert adoption.get("shared") or title.get("similarity", 0) >= 0.8, s
