"""``standards match`` / ``equivalents`` / ``evaluate``: the equivalence engine from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from standards_lib.errors import StandardsError

from .common import EXISTING_DB_OPTION, WAIT_OPTION, fail, notify

_DB = EXISTING_DB_OPTION


def _open(db_path: Path):
    from standards_lib.catalog import Catalog

    return Catalog(db_path)


@click.command("match")
@_DB
@click.option(
    "--top-k", type=click.IntRange(1, 50), default=5, show_default=True, help="Suggestions kept per foreign standard."
)
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=0.35,
    show_default=True,
    help="Suggestions scoring below this are dropped.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=1,
    show_default=True,
    help="Processes scoring the foreign standards (0: one per CPU).",
)
@click.option(
    "--retrain",
    is_flag=True,
    help="First adjust the equivalence model to the committee's reviews in this "
    "catalogue (fitted on half of them, reported on the other half) and keep it in the catalogue.",
)
@WAIT_OPTION
def match_command(db_path: Path, top_k: int, min_score: float, workers: int, retrain: bool, wait: float) -> None:
    """Suggest the Chinese equivalents of every foreign (BR, RU, IN, ZA) standard in the catalogue.

    Replaces the suggestions of earlier runs; committee reviews are never touched. Exit codes: 0 done;
    1 failed; 4 the catalogue is busy (a refresh is running) and stayed so for --wait seconds: nothing written."""
    from standards_lib.catalog_matching import match_catalog, retrain_equivalence_model

    try:
        with _open(db_path) as catalog:
            busy = catalog.busy()
            if busy:
                notify(f"{busy.split(';')[0]}; waiting up to {wait:g} s for it to finish")
            catalog.set_busy_timeout(wait)
            if retrain:
                model, report = retrain_equivalence_model(catalog)
                click.echo(
                    f"retrained {model.version} on {report['confirmed']} confirmed and "
                    f"{report['rejected']} rejected pairs (prior {report['prior']})"
                )
                for label, key in (("held-out half before", "heldout_before"), ("held-out half after", "heldout")):
                    if report[key]:
                        rows = ", ".join(
                            f">={r['threshold']}: P {r['precision']} R {r['recall']}" for r in report[key]["thresholds"]
                        )
                        click.echo(f"{label}: {rows}")
            summary = match_catalog(catalog, top_k=top_k, min_score=min_score, workers=workers)
    except StandardsError as exc:
        raise fail(exc, f"matching failed on {db_path}: ") from exc
    click.echo(
        f"foreign standards: {summary.foreign}  Chinese: {summary.chinese}  international: {summary.international}"
    )
    share = 100.0 * summary.foreign_with_suggestion / summary.foreign if summary.foreign else 0.0
    click.echo(
        f"with >=1 suggestion: {summary.foreign_with_suggestion} ({share:.1f}%)  "
        f"suggestions written: {summary.written if summary.written is not None else summary.suggestions}"
    )
    click.echo("best suggestion by relation: " + ", ".join(f"{k} {v}" for k, v in summary.by_relation.items()))
    for country, row in summary.by_country.items():
        click.echo(
            f"  {country}: {row['with_suggestion']} of {row['foreign']} with a suggestion (identical "
            f"{row['identical']}, equivalent {row['equivalent']}, related {row['related']})"
        )
    inference = summary.adoption_inference
    if inference:
        click.echo(
            f"adoptions inferred across languages: {inference['inferred']} of {inference['national']} national "
            "standards (" + ", ".join(f"{k} {v}" for k, v in inference["by_country"].items()) + ")"
        )
    click.echo(
        f"links through the ISO/IEC catalogue used: {summary.hub_links}; "
        f"works joined by identical same-language titles: {summary.same_title_links}"
    )
    click.echo(f"time: {summary.seconds:.1f}s  matcher: {summary.matcher_version}")


@click.command("equivalents")
@click.argument("designation")
@_DB
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON list (designation, country, score, relation, evidence)."
)
def equivalents_command(designation: str, db_path: Path, as_json: bool) -> None:
    """Ranked suggested equivalents of DESIGNATION, from either side: a foreign standard lists its Chinese
    equivalents, a Chinese standard its foreign ones (e.g. "IS/ISO 9001:2015" or "GB/T 19001-2016")."""
    from standards_lib.catalog.equivalents import equivalents_for

    try:
        with _open(db_path) as catalog:
            items = equivalents_for(catalog, designation)
    except StandardsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo(f"no suggested equivalents for {designation} (run 'standards match' first?)")
        return
    for item in items:
        summary = item["evidence"].get("summary", "")
        click.echo(
            f"{item['score']:.3f}  {item['relation']:<10}  {item['country'] or '?':<3} {item['designation']}  {summary}"
        )


@click.command("evaluate")
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Gold CSV with the columns foreign,chinese (an empty chinese cell: no Chinese equivalent).",
)
@_DB
@click.option(
    "--threshold",
    "thresholds",
    type=click.FloatRange(0.0, 1.0),
    multiple=True,
    help="Score threshold(s) to evaluate (repeatable; default 0.35 0.5 0.6 0.7 0.8 0.9).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def evaluate_command(gold_path: Path, db_path: Path, thresholds: tuple[float, ...], as_json: bool) -> None:
    """Precision, recall and F1 of the catalogue's suggestions against a gold CSV, at each threshold, and
    the gold pairs missed or the suggestions wrong (at 0.6)."""
    from standards_lib.catalog.equivalents import catalog_suggestions
    from standards_lib.matching import calibration_table, evaluate_suggestions, read_gold_pairs
    from standards_lib.matching.equivalence.evaluate import DEFAULT_THRESHOLDS

    try:
        gold = read_gold_pairs(gold_path)
        with _open(db_path) as catalog:
            rows = catalog_suggestions(catalog)
        report = evaluate_suggestions(rows, gold, thresholds or DEFAULT_THRESHOLDS)
    except StandardsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        data = report.to_dict()
        data["calibration"] = calibration_table(rows, gold)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"gold: {report.gold_pairs} pairs over {report.gold_foreign} foreign standards; "
        f"suggestions in the catalogue: {len(rows)}"
    )
    click.echo("threshold  suggested  correct  precision  recall  F1")
    for r in report.results:
        click.echo(
            f"{r.threshold:>9.2f}  {r.suggested:>9}  {r.correct:>7}  {r.precision:>9.3f}  {r.recall:>6.3f}  {r.f1:.3f}"
        )
    click.echo(f"missed at {report.reference_threshold}: {len(report.missed)}")
    for f, c in report.missed:
        click.echo(f"  missed  {f}  ->  {c}")
    click.echo(f"wrong at {report.reference_threshold}: {len(report.wrong)}")
    for f, c, score in report.wrong:
        click.echo(f"  wrong   {f}  ->  {c}  ({score:.3f})")


COMMANDS = [match_command, equivalents_command, evaluate_command]
