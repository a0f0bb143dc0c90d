"""Russian titles -> ISO/IEC work on the REAL Rosstandart catalogue (skipped when ../shared/data is absent): the
declared adopters with their adoption hidden, halves by international series, the shipped model's Russian regime
measured on the HELD-OUT half (issue 16). The ISO and IEC archives are read once and kept as a pickle in pytest's
cache directory (outside the repository's tracked files), so a second run takes about two minutes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import shared_path

from standards_lib.matching.adoption.declared_labels import evaluate_hidden_adoptions, hidden_adoption_labels
from standards_lib.matching.adoption.model import default_model
from standards_lib.matching.adoption.works import Hub
from standards_lib.records import StandardRecord

pytestmark = pytest.mark.slow

ARCHIVES = (
    ("international", "relaton-data-iso", "relaton-data-iso.tar.xz"),
    ("international", "relaton-data-iec", "relaton-data-iec.tar.xz"),
)
ROSSTANDART = ("russia", "rosstandart-opendata", "nationalstandards.csv")
#: Held-out floors at the Russian regime's decision threshold (0.854, raised for the records that declare nothing:
#: docs/ru_inferred_check.md), a little under the figures measured (precision 0.964, recall 0.616) ...
HELDOUT_PRECISION_FLOOR = 0.95
HELDOUT_RECALL_FLOOR = 0.57
#: ... and near the threshold the fit chose (0.661): the issue's target, precision 0.9 at recall 0.7 (measured at 0.65:
#: precision 0.911, recall 0.744; see docs/russian_adoption.md).
FITTED_NEAR = 0.65
FITTED_PRECISION_FLOOR = 0.90
FITTED_RECALL_FLOOR = 0.72


def _international(config: pytest.Config) -> list[StandardRecord]:
    from standards_lib.scrapers import relaton_intl
    from standards_lib.scrapers.base import Quarantined

    paths = [shared_path(*a) for a in ARCHIVES]
    assert config.cache is not None
    cache = config.cache.mkdir("brics-international-records") / "records.pickle"
    stamp = [(str(p), p.stat().st_size, p.stat().st_mtime) for p in paths]
    if cache.exists():
        with cache.open("rb") as fh:
            saved_stamp, records = pickle.load(fh)
        if saved_stamp == stamp:
            return records
    records = [r for r in relaton_intl.extract(paths) if not isinstance(r, Quarantined)]
    with cache.open("wb") as fh:
        pickle.dump((stamp, records), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return records


@pytest.fixture(scope="module")
def hub(pytestconfig: pytest.Config) -> Hub:
    """The ISO/IEC works of both archives, built once for the module."""
    return Hub(_international(pytestconfig))


@pytest.fixture(scope="module")
def russian() -> list[StandardRecord]:
    """The Rosstandart catalogue, read once for the module."""
    from standards_lib.scrapers import rosstandart
    from standards_lib.scrapers.base import Quarantined

    return [r for r in rosstandart.extract([shared_path(*ROSSTANDART)]) if not isinstance(r, Quarantined)]


def test_russian_titles_find_their_iso_iec_work_on_the_held_out_series(hub: Hub, russian: list[StandardRecord]) -> None:
    hidden = hidden_adoption_labels(russian)
    assert len(hidden) > 3000
    model = default_model()
    assert "ru" in model.languages
    evaluation = evaluate_hidden_adoptions(hidden, hub, model=model, workers=2)
    heldout = evaluation.heldout
    assert heldout.labels > 1000
    assert heldout.precision >= HELDOUT_PRECISION_FLOOR, heldout.errors[:20]
    assert heldout.recall >= HELDOUT_RECALL_FLOOR
    near_fitted = dict(evaluation.heldout_curve)[FITTED_NEAR]
    assert near_fitted.precision >= FITTED_PRECISION_FLOOR
    assert near_fitted.recall >= FITTED_RECALL_FLOOR


def test_russian_standards_that_declare_nothing_are_linked_at_the_precision_of_the_hand_check(
    hub: Hub, russian: list[StandardRecord], test_data: Path
) -> None:
    """The held-out half of the hand check of undeclared Russian standards (docs/ru_inferred_check.md): of the links
    the shipped model still makes to the work that was checked, at least 0.85 must be right (0.902 when measured);
    the tune half, on which the decision threshold was chosen, at least 0.9."""
    import csv

    from standards_lib.matching.adoption.inference import infer_adoptions

    with (test_data / "russian_undeclared_check.csv").open(encoding="utf-8", newline="") as fh:
        checks = {(row["designation"], row["work"]): row for row in csv.DictReader(fh)}
    checked = {designation for designation, _ in checks}
    inferred = infer_adoptions([r for r in russian if r.designation in checked and not r.adoptions], hub, workers=2)
    verdicts = {
        split: [
            row["verdict"] == "right"
            for a in inferred
            if (row := checks.get((a.national, a.international))) is not None and row["split"] == split
        ]
        for split in ("tune", "heldout")
    }
    assert len(verdicts["heldout"]) >= 40
    assert sum(verdicts["heldout"]) / len(verdicts["heldout"]) >= 0.85
    assert sum(verdicts["tune"]) / len(verdicts["tune"]) >= 0.9  # the threshold was chosen on this half
