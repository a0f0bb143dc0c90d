"""ISO and IEC catalogues in Relaton YAML (relaton-intl): hand-written records in every container form, the
bounds of the reader, and the real relaton-data-iso / relaton-data-iec archives (skipped when ../shared is absent).

The YAML below is HAND-WRITTEN for the tests, in the shapes the real files have (list and mapping forms, the
older ISO layout with top-level ``doctype``/``ics``, IEC stage words); it is not copied from the real data.
"""

from __future__ import annotations

import io
import json
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from conftest import shared_path

from standards_lib.catalog import Catalog
from standards_lib.errors import SourceError, VocabularyError
from standards_lib.publish.metadata import build_metadata
from standards_lib.records import StandardRecord
from standards_lib.scrapers import get_source, relaton, relaton_intl
from standards_lib.scrapers.base import Quarantined
from standards_lib.scrapers.relaton_archive import Limits, load_documents
from standards_lib.stages import stage_code, stage_of, stage_rows
from standards_lib.vocab import STATUSES, normalize_status

try:
    from standards_lib.pipeline import refresh
except ImportError:  # before the refresh orchestration moved from the catalogue package to standards_lib.pipeline
    from standards_lib.pipeline import refresh

ISO_BASE = """\
schema-version: v1.2.9
id: ISO9999-2015
title:
- content: Thermal widgets
  language:
  - en
  type: title-intro
- content: Requirements
  language:
  - en
  type: title-main
- content: Thermal widgets - Requirements
  language:
  - en
  type: main
- content: Widgets thermiques
  language:
  - fr
  type: title-intro
- content: Exigences
  language:
  - fr
  type: title-main
link:
- content: https://www.iso.org/standard/99999.html
  type: src
docid:
- id: ISO 9999:2015
  type: ISO
  primary: true
- id: urn:iso:std:iso:9999:stage-90.93
  type: URN
date:
- type: published
  value: 2015-09
edition:
  content: '3'
language:
- en
- fr
docstatus:
  stage:
    value: '90'
  substage:
    value: '93'
relation:
- type: obsoletes
  bibitem:
    docid:
    - id: ISO 9999:2008
      type: ISO
      primary: true
- type: obsoletes
  bibitem:
    formattedref:
      content: ISO/DIS 9999
- type: updates
  bibitem:
    docid:
    - id: ISO 9999:2015/Amd 1:2020
      type: ISO
      primary: true
ext:
  doctype:
    type: international-standard
  editorialgroup:
    technical_committee:
    - identifier: ISO/TC 999/SC 1
  ics:
  - code: 03.120.10
    text: Quality management
  - code: 01.040.03
  structuredidentifier:
    project_number: '99999'
"""

# read before its base: the archive order puts "...-amd-..." before "....yaml"
ISO_AMENDMENT = """\
schema-version: v1.2.9
id: ISO9999-2015/Amd1-2020
title:
- content: Thermal widgets
  language: [en]
  type: title-intro
- content: 'Amendment 1: Colder widgets'
  language: [en]
  type: title-part
docid:
- id: ISO 9999:2015/Amd 1:2020
  type: ISO
  primary: true
date:
- type: published
  value: '2015'
- type: updated
  value: 2020-05
language: [en]
docstatus:
  stage:
    value: '60'
  substage:
    value: '60'
ext:
  doctype:
    type: international-standard
"""

ISO_AMENDMENT_UNDATED = ISO_AMENDMENT.replace("ISO 9999:2015/Amd 1:2020", "ISO 9999:2015/Amd 1").replace(
    "value: '60'\n  substage:\n    value: '60'", "value: '60'\n  substage:\n    value: '00'"
)

# every field in its single-mapping form (docid, title, language, date, link, ics at the top level: old layout)
ISO_CORRIGENDUM_YML = """\
id: ISO9999-2015/Cor1-2016
title:
  content: Thermal widgets - Technical Corrigendum 1
  type: main
docid:
  id: ISO 9999:2015/Cor 1:2016
  type: ISO
  primary: true
date:
  type: updated
  value: 2016-02
language: en
docstatus:
  stage:
    value: '95'
  substage:
    value: '99'
doctype: international-standard
"""

ISO_WITHDRAWN = """\
schema-version: v1.2.7
id: ISO9999-2008
title:
- content: Thermal widgets - Requirements
  language: [en]
  type: main
docid:
- id: ISO 9999:2008
  type: ISO
  primary: true
date:
- type: published
  value: '2008-11-15'
docstatus:
  stage: {value: '95'}
  substage: {value: '99'}
relation:
- type: updates
  bibitem:
    docid:
    - id: ISO 9999:2015
      type: ISO
      primary: true
doctype: international-standard
ics:
- code: 03.120.10
"""

ISO_DRAFT = """\
id: ISO/DIS12345
title:
- content: Future widgets
  language: [en]
  type: title-main
docid:
- id: ISO/DIS 12345
  type: ISO
  primary: true
docstatus:
  stage: {value: '40'}
  substage: {value: '60'}
ext:
  doctype: {type: international-standard}
"""

ISO_BEING_WITHDRAWN = ISO_WITHDRAWN.replace("ISO 9999:2008", "ISO 8888:1999").replace(
    "{value: '95'}\n  substage: {value: '99'}", "{value: '95'}\n  substage: {value: '20'}"
)

ISO_UNKNOWN_STAGE = ISO_DRAFT.replace("ISO/DIS 12345", "ISO 7777:2001").replace(
    "{value: '40'}\n  substage: {value: '60'}", "{value: '77'}\n  substage: {value: '77'}"
)

ISO_JOINT = """\
id: ISO/IEC27001-2022
title:
- {content: Information security management systems, language: [en], type: title-main}
- {content: Systèmes de management de la sécurité de l'information, language: [fr], type: title-main}
docid:
- {id: ISO/IEC 27001:2022, type: ISO, primary: true}
date:
- {type: published, value: 2022-10}
docstatus:
  stage: {value: '60'}
  substage: {value: '60'}
ext:
  doctype: {type: international-standard}
  ics:
  - {code: 35.030}
"""

IEC_JOINT_COPY = """\
id: ISO/IEC27001-2022
title:
- {content: Information security management systems, language: [en], type: title-main}
docid:
- {id: ISO/IEC 27001:2022, type: IEC, primary: true}
date:
- {type: published, value: '2022-10-25'}
docstatus:
  stage: {value: PUBLISHED}
ext:
  doctype: {type: international-standard}
  ics:
  - {code: 03.100.70}
  - {code: 35.030}
"""

IEC_BASE = """\
id: IEC61111-5-1-2024
title:
- content: Low-voltage gadgets
  language: [en]
  type: title-intro
- content: 'Part 5-1: Control gadgets and switching elements'
  language: [en]
  type: title-main
- content: Electromechanical control gadgets
  language: [en]
  type: title-part
- content: 'Low-voltage gadgets - Part 5-1: Control gadgets and switching elements - Electromechanical control gadgets'
  language: [en]
  type: main
- content: Gadgets à basse tension
  language: [fr]
  type: title-intro
- content: 'Partie 5-1: Gadgets de commande'
  language: [fr]
  type: title-main
link:
- {content: https://webstore.iec.ch/publication/11111, type: src}
docid:
- {id: IEC 61111-5-1:2024, type: IEC, primary: true}
date:
- {type: published, value: '2024-03-26'}
- {type: stable-until, value: '2029-12-31'}
edition: {content: '5'}
docstatus:
  stage: {value: PUBLISHED}
ext:
  doctype: {type: international-standard}
  editorialgroup:
    technical_committee:
    - {name: TC 121/SC 121A, number: 121}
  ics:
  - {code: 29.120.40, text: Switches}
"""

IEC_REVISED = """\
id: IEC61111-5-1-2016
title:
- {content: Low-voltage gadgets, language: [en], type: title-intro}
- {content: 'Part 5-1: Control gadgets', language: [en], type: title-main}
docid:
- {id: IEC 61111-5-1:2016, type: IEC, primary: true}
date:
- {type: published, value: '2016-07-15'}
- {type: obsoleted, value: '2024-03-26'}
docstatus:
  stage: {value: REVISED}
ext:
  doctype: {type: international-standard}
"""

IEC_CORRIGENDUM = IEC_REVISED.replace("IEC 61111-5-1:2016", "IEC 61111-5-1:2016/COR1:2016")
IEC_CONSOLIDATED = IEC_REVISED.replace("IEC 61111-5-1:2016", "IEC 61111-5-1:2016+AMD1:2019 CSV").replace(
    "'2016-07-15'", "'2019-01-10'"
)

IEC_IEEE = """\
id: IEC/IEEE60255-118-1-2018
title:
- {content: Measuring relays and protection equipment, language: [en], type: title-intro}
- {content: 'Part 118-1: Synchrophasor for power systems', language: [en], type: title-main}
docid:
- {id: IEC/IEEE 60255-118-1:2018, type: IEC, primary: true}
date:
- {type: published, value: '2018-12-18'}
docstatus:
  stage: {value: PUBLISHED}
ext:
  doctype: {type: international-standard}
"""

IEC_WHITE_PAPER = """\
id: IECWhitePaperAI-2018
title:
- {content: Artificial intelligence across industries, language: [en], type: main}
docid:
- {id: IEC White Paper AI:2018, type: IEC, primary: true}
docstatus:
  stage: {value: PUBLISHED}
ext:
  doctype: {type: wp}
"""

ISO_FILES = {
    "relaton-data-iso/data/iso-8888-1999.yaml": ISO_BEING_WITHDRAWN,
    "relaton-data-iso/data/iso-9999-2008.yaml": ISO_WITHDRAWN,
    "relaton-data-iso/data/iso-9999-2015-amd-1-2020.yaml": ISO_AMENDMENT,
    "relaton-data-iso/data/iso-9999-2015-amd-1.yaml": ISO_AMENDMENT_UNDATED,
    "relaton-data-iso/data/iso-9999-2015-cor-1-2016.yml": ISO_CORRIGENDUM_YML,
    "relaton-data-iso/data/iso-9999-2015.yaml": ISO_BASE,
    "relaton-data-iso/data/iso-dis-12345.yaml": ISO_DRAFT,
    "relaton-data-iso/data/iso-iec-27001-2022.yaml": ISO_JOINT,
    "relaton-data-iso/data/index-v1.yaml": "- id: ISO9999-2015\n  file: data/iso-9999-2015.yaml\n",
    "relaton-data-iso/README.adoc": "not a record",
}
IEC_FILES = {
    "relaton-data-iec/data/iec_61111-5-1_2016+amd1_2019_csv.yaml": IEC_CONSOLIDATED,
    "relaton-data-iec/data/iec_61111-5-1_2016.yaml": IEC_REVISED,
    "relaton-data-iec/data/iec_61111-5-1_2016_cor1_2016.yaml": IEC_CORRIGENDUM,
    "relaton-data-iec/data/iec_61111-5-1_2024.yaml": IEC_BASE,
    "relaton-data-iec/data/iec_ieee_60255-118-1_2018.yaml": IEC_IEEE,
    "relaton-data-iec/data/iec_wp_ai_2018.yaml": IEC_WHITE_PAPER,
    "relaton-data-iec/data/iso_iec_27001_2022.yaml": IEC_JOINT_COPY,
}

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)


def write_container(kind: str, folder: Path, name: str, files: dict[str, str | bytes]) -> Path:
    """The files as a .tar.xz, .tar.gz or .zip archive, or a checkout folder, under ``folder``."""

    def raw(text: str | bytes) -> bytes:
        return text if isinstance(text, bytes) else text.encode("utf-8")

    folder.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        root = folder / name
        for member, text in files.items():
            path = root / member
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw(text))
        return root / files_root(files)
    if kind == "zip":
        path = folder / f"{name}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, text in files.items():
                archive.writestr(member, raw(text))
        return path
    path = folder / f"{name}.{kind}"
    with tarfile.open(path, "w:" + kind.split(".")[1]) as archive:
        for member, text in files.items():
            data = raw(text)
            info = tarfile.TarInfo(member)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def files_root(files: dict[str, str | bytes]) -> str:
    return next(iter(files)).split("/", 1)[0]


def import_both(tmp_path: Path, kind: str) -> tuple[list[StandardRecord], list[Quarantined], relaton_intl.ImportStats]:
    iso = write_container(kind, tmp_path, "relaton-data-iso", ISO_FILES)
    iec = write_container(kind, tmp_path, "relaton-data-iec", IEC_FILES)
    stats = relaton_intl.ImportStats()
    items = list(relaton_intl.extract([iso, iec], stats=stats))
    return (
        [i for i in items if isinstance(i, StandardRecord)],
        [i for i in items if isinstance(i, Quarantined)],
        stats,
    )


@pytest.mark.parametrize("kind", ["tar.xz", "tar.gz", "zip", "folder"])
def test_hand_written_records_in_every_container(tmp_path: Path, kind: str) -> None:
    records, bad, stats = import_both(tmp_path, kind)
    found = {r.canonical: r for r in records}
    assert sorted(found) == sorted(
        [
            "ISO 8888:1999",
            "ISO 9999:2008",
            "ISO 9999:2015",
            "ISO/IEC 27001:2022",
            "IEC 61111-5-1:2016",
            "IEC 61111-5-1:2024",
            "IEC/IEEE 60255-118-1:2018",
        ]
    )
    assert [(q.reason, q.location.rsplit("!", 1)[-1].rsplit("/", 1)[-1]) for q in bad] == []

    base = found["ISO 9999:2015"]
    assert base.titles == {"en": "Thermal widgets — Requirements", "fr": "Widgets thermiques — Exigences"}
    assert (base.status, base.status_raw, base.published) == ("current", "90.93", "2015")
    assert base.extra["published_month"] == "2015-09" and base.extra["stage"] == "90.93"
    assert (base.extra["edition"], base.extra["committee"], base.extra["project_number"]) == (
        "3",
        "ISO/TC 999/SC 1",
        "99999",
    )
    assert base.ics == ["03.120.10", "01.040.03"]
    assert base.replaces == ["ISO 9999:2008"] and base.replaced_by == []  # the draft and the amendment are left out
    assert base.source_url == "https://www.iso.org/standard/99999.html"
    # the amendment was read before its base; its undated twin is dropped; the .yml corrigendum in mapping form
    assert base.extra["amendments"] == [
        {"designation": "ISO 9999:2015/Cor 1:2016", "type": "corrigendum", "date": "2016-02", "status": "withdrawn"},
        {"designation": "ISO 9999:2015/Amd 1:2020", "type": "amendment", "date": "2020-05", "status": "current"},
    ]
    assert (base.body, base.country, base.kind, base.year) == ("ISO", "INT", "international", 2015)

    old = found["ISO 9999:2008"]
    assert (old.status, old.published, old.replaced_by, old.ics) == (
        "withdrawn",
        "2008-11-15",
        ["ISO 9999:2015"],
        ["03.120.10"],
    )
    assert (found["ISO 8888:1999"].status, found["ISO 8888:1999"].status_raw) == ("current", "95.20")  # being withdrawn

    iec = found["IEC 61111-5-1:2024"]
    assert iec.titles["en"] == (
        "Low-voltage gadgets — Part 5-1: Control gadgets and switching elements — Electromechanical control gadgets"
    )
    assert iec.titles["fr"] == "Gadgets à basse tension — Partie 5-1: Gadgets de commande"
    assert (iec.status, iec.status_raw, iec.published, iec.parts) == ("current", "PUBLISHED", "2024-03-26", ["5", "1"])
    assert (iec.extra["edition"], iec.extra["stable_until"], iec.extra["committee"]) == (
        "5",
        "2029-12-31",
        "TC 121/SC 121A",
    )
    revised = found["IEC 61111-5-1:2016"]
    assert (revised.status, revised.withdrawn) == ("replaced", "2024-03-26")
    assert revised.extra["amendments"] == [
        {
            "designation": "IEC 61111-5-1:2016/Cor 1:2016",
            "type": "corrigendum",
            "date": "2016-07-15",
            "status": "replaced",
        }
    ]
    assert revised.extra["versions"] == [
        {
            "designation": "IEC 61111-5-1:2016+AMD1:2019 CSV",
            "type": "consolidated",
            "date": "2019-01-10",
            "status": "replaced",
        }
    ]

    ieee = found["IEC/IEEE 60255-118-1:2018"]
    assert (ieee.body, ieee.prefix, ieee.number, ieee.parts) == ("IEC", "IEC/IEEE", "60255", ["118", "1"])
    assert ieee.extra["publishers"] == ["IEC", "IEEE"]
    joint = found["ISO/IEC 27001:2022"]  # in both archives: one record, the ISO copy leading, the IEC copy filling in
    assert (joint.body, joint.status_raw, joint.published, joint.extra["publishers"]) == (
        "ISO/IEC",
        "60.60",
        "2022",
        ["ISO", "IEC"],
    )
    assert joint.ics == ["35.030", "03.100.70"]
    assert joint.location.endswith("iso-iec-27001-2022.yaml")

    iso_counts = next(c for name, c in stats.archives.items() if "relaton-data-iso" in name)
    iec_counts = next(c for name, c in stats.archives.items() if "relaton-data-iec" in name)
    assert (
        iso_counts.files,
        iso_counts.works,
        iso_counts.amendments,
        iso_counts.drafts,
        iso_counts.duplicates,
        iso_counts.withdrawn,
    ) == (8, 4, 2, 1, 1, 1)
    assert (
        iec_counts.files,
        iec_counts.works,
        iec_counts.amendments,
        iec_counts.versions,
        iec_counts.not_standards,
        iec_counts.duplicates,
        iec_counts.withdrawn,
    ) == (7, 3, 1, 1, 1, 1, 1)


def test_containers_give_identical_records(tmp_path: Path) -> None:
    def strip(records: list[StandardRecord]) -> list[dict]:
        return sorted(
            (
                {**r.to_dict(), "location": r.location.replace("\\", "/").split("relaton-data-")[-1].split("/", 1)[-1]}
                for r in records
            ),
            key=lambda d: d["canonical"],
        )

    results = [strip(import_both(tmp_path / kind.replace(".", "_"), kind)[0]) for kind in ("tar.xz", "zip", "folder")]
    assert results[0] == results[1] == results[2]


def test_unknown_stage_and_bad_designation_are_quarantined_with_the_reason(tmp_path: Path) -> None:
    files = {
        "d/iso-7777-2001.yaml": ISO_UNKNOWN_STAGE,
        "d/iso-broken.yaml": ISO_BASE.replace("ISO 9999:2015", "ISO nine:2015"),
        "d/iso-9999-2008.yaml": ISO_WITHDRAWN,
    }
    archive = write_container("tar.gz", tmp_path, "x", files)
    items = list(relaton_intl.extract([archive]))
    bad = {q.location.rsplit("!", 1)[1]: q.reason for q in items if isinstance(q, Quarantined)}
    assert bad["d/iso-7777-2001.yaml"].startswith("record 'ISO 7777:2001': unknown ISO/IEC stage code '77.77'")
    assert bad["d/iso-broken.yaml"].startswith("designation 'ISO nine:2015':")
    assert [r.canonical for r in items if isinstance(r, StandardRecord)] == ["ISO 9999:2008"]


def test_bombs_deep_nesting_and_oversize_members_are_quarantined_quickly(tmp_path: Path) -> None:
    deep = "title:\n" + "".join("  " * i + "- \n" for i in range(1, 200)) + "  " * 200 + "- x\n"
    files = {
        "d/a-bomb.yaml": BOMB,
        "d/b-deep.yaml": deep,
        "d/c-flow-deep.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "d/d-big.yaml": "# " + "x" * 2_000_000 + "\n",
        "d/e-good.yaml": ISO_WITHDRAWN,
        "d/f-notutf8.yaml": ISO_WITHDRAWN.encode("utf-8").replace(b"Thermal", b"Th\xe9rmal"),
    }
    archive = write_container("tar.xz", tmp_path, "bad", files)
    started = time.perf_counter()
    items = list(relaton_intl.extract([archive]))
    elapsed = time.perf_counter() - started
    bad = {q.location.rsplit("!", 1)[1]: q for q in items if isinstance(q, Quarantined)}
    assert "aliases expand to more than 250,000 nodes" in bad["d/a-bomb.yaml"].reason
    assert bad["d/a-bomb.yaml"].excerpt.startswith("a: &a [lol") and len(bad["d/a-bomb.yaml"].excerpt) <= 500
    assert bad["d/b-deep.yaml"].reason == "YAML nested deeper than 64 levels: not read"
    assert "invalid YAML" in bad["d/c-flow-deep.yaml"].reason or "deeper than 64" in bad["d/c-flow-deep.yaml"].reason
    assert bad["d/d-big.yaml"].reason == "file of 2,000,003 bytes is over the 1,048,576-byte limit: not read"
    assert bad["d/d-big.yaml"].location == f"{archive}!d/d-big.yaml"
    assert bad["d/f-notutf8.yaml"].reason.startswith("not UTF-8 text (byte ")
    assert [r.canonical for r in items if isinstance(r, StandardRecord)] == ["ISO 9999:2008"]  # the batch went on
    assert elapsed < 30  # a guard against the old behaviour (a minute and gigabytes), not a timing test


def test_bounds_are_configurable_and_named() -> None:
    with pytest.raises(SourceError, match="more than 50 nodes"):
        load_documents("- " + "\n- ".join(["x"] * 60), "many.yaml", Limits(max_nodes=50))
    with pytest.raises(SourceError, match="deeper than 3 levels"):
        load_documents("a: {b: {c: {d: 1}}}", "deep.yaml", Limits(max_depth=3))
    with pytest.raises(SourceError, match=r"alias \*nope refers to no complete anchor"):
        load_documents("a: *nope", "alias.yaml")
    with pytest.raises(SourceError, match="unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'"):
        load_documents("a: !!python/object:os.system x", "tag.yaml")
    with pytest.raises(SourceError, match="reading took longer than 0 s: stopped"):
        load_documents("- " + "\n- ".join(["x"] * 3000), "slow.yaml", Limits(max_seconds=0))
    # a modest alias is fine and shares the anchored object
    (doc,) = load_documents("a: &x [1, {k: v}]\nb: *x\nc: 01\nd: yes\ne: 2015-09\n", "ok.yaml")
    assert doc == {"a": [1, {"k": "v"}], "b": [1, {"k": "v"}], "c": "01", "d": "yes", "e": "2015-09"}
    assert doc["a"] is doc["b"]


def test_truncated_archive_keeps_what_was_read_and_names_the_break(tmp_path: Path) -> None:
    padding = "\n".join(f"# filler line {n} {'x' * 60}" for n in range(3000))  # incompressible enough to cut
    archive = write_container("tar.gz", tmp_path, "cut", {"d/a.yaml": ISO_WITHDRAWN, "d/b.yaml": ISO_BASE + padding})
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) * 2 // 3])
    items = list(relaton_intl.extract([archive]))
    bad = [i for i in items if isinstance(i, Quarantined)]
    assert len(bad) == 1 and bad[0].location == str(archive)
    assert bad[0].reason.startswith("archive cannot be read after member 'd/a.yaml'") or bad[0].reason.startswith(
        "archive cannot be read after member 'd/b.yaml'"
    )
    assert [r.canonical for r in items if isinstance(r, StandardRecord)] == ["ISO 9999:2008"]


def test_broken_zip_member_is_quarantined_and_the_next_one_read(tmp_path: Path) -> None:
    archive = write_container("zip", tmp_path, "z", {"d/a.yaml": ISO_BASE, "d/b.yaml": ISO_WITHDRAWN})
    data = bytearray(archive.read_bytes())
    start = data.index(b"d/a.yaml") + len(b"d/a.yaml") + 10  # inside a.yaml's compressed bytes
    data[start : start + 20] = b"\xff" * 20
    archive.write_bytes(bytes(data))
    items = list(relaton_intl.extract([archive]))
    (bad,) = [i for i in items if isinstance(i, Quarantined)]
    assert bad.location == f"{archive}!d/a.yaml" and bad.reason.startswith("zip member cannot be read")
    assert [r.canonical for r in items if isinstance(r, StandardRecord)] == ["ISO 9999:2008"]


def test_gost_relaton_source_reads_archives_and_refuses_the_bomb(tmp_path: Path) -> None:
    gost = (
        "id: GOST-R-1-2020\ntitle:\n- language: rus\n  content: Пример\n  type: main\n"
        "docidentifier:\n- content: GOST R 1-2020\n  type: GOST\n  primary: true\n"
        "status:\n  stage:\n    content: active\n"
    )
    archive = write_container("zip", tmp_path, "gost", {"data/a-bomb.yaml": BOMB, "data/gost-r-1-2020.yaml": gost})
    items = list(relaton.extract([archive]))
    assert isinstance(items[0], Quarantined) and "alias bomb" in items[0].reason
    assert items[0].location == f"{archive}!data/a-bomb.yaml"
    assert isinstance(items[1], StandardRecord) and items[1].canonical == "ГОСТ Р 1-2020"


@pytest.mark.parametrize(
    "stage, substage, code, status",
    [
        ("60", "60", "60.60", "current"),
        ("90", "92", "90.92", "current"),
        ("90", "93", "90.93", "current"),
        ("60", "00", "60.00", "upcoming"),
        ("40", "60", "40.60", "draft"),
        ("95", "20", "95.20", "current"),
        ("95", "99", "95.99", "withdrawn"),
        ("PUBLISHED", None, "PUBLISHED", "current"),
        ("REVISED", None, "REVISED", "replaced"),
        ("WITHDRAWN", None, "WITHDRAWN", "withdrawn"),
        (60, None, "60.00", "upcoming"),
    ],
)
def test_stage_table(stage, substage, code: str, status: str) -> None:
    assert stage_code(stage, substage) == code
    assert stage_of(code).status == status
    assert normalize_status(code) == status  # the status vocabulary agrees, so stored records read back


def test_every_stage_is_a_status_word_with_the_same_meaning() -> None:
    for row in stage_rows():
        assert row["status"] in STATUSES and normalize_status(row["code"]) == row["status"], row


def test_unknown_stage_code_raises_naming_it() -> None:
    with pytest.raises(VocabularyError, match="unknown ISO/IEC stage code '77.77'"):
        stage_of("77.77")


def test_attribution_is_generated_from_the_publisher_table() -> None:
    html = build_metadata()["description_html"]
    for publisher in relaton_intl.PUBLISHERS:
        assert f"no licence stated; {publisher.attribution}" in html and publisher.url in html
    assert [p.attribution for p in relaton_intl.PUBLISHERS] == [
        "ISO bibliographic metadata, attribute to ISO",
        "IEC bibliographic metadata, attribute to IEC",
    ]
    assert "attribute to ISO" in relaton_intl.LICENCE and "attribute to IEC" in relaton_intl.LICENCE  # sources table


def test_discover_finds_archives_and_checkouts_by_content(tmp_path: Path) -> None:
    iso = write_container("tar.xz", tmp_path, "relaton-data-iso", ISO_FILES)
    checkout = write_container("folder", tmp_path / "checkout", "relaton-data-iec", IEC_FILES)
    write_container("zip", tmp_path, "other", {"data/gost.yaml": "id: x\ndocidentifier:\n- content: ГОСТ 1-2000\n"})
    assert relaton_intl.discover(tmp_path) == sorted([iso, checkout / "data"])
    assert get_source("relaton-intl") is relaton_intl


def test_refresh_discovers_the_archives_and_stored_records_read_back(tmp_path: Path, caplog) -> None:
    data = tmp_path / "data"
    write_container("tar.xz", data / "international" / "iso", "relaton-data-iso", ISO_FILES)
    write_container("zip", data / "international" / "iec", "relaton-data-iec", IEC_FILES)
    # an ISO Open Data row (hand-written) for the same edition: both sources are merged into one standard
    (data / "open").mkdir()
    (data / "open" / "deliverables.jsonl").write_text(
        '{"reference": "ISO 9999:2015", "deliverableType": "IS", "currentStage": 9093, '
        '"publicationDate": "2015-09-22", "icsCode": ["03.120.10"], "id": 99999}\n',
        encoding="utf-8",
    )
    db = tmp_path / "catalog.db"
    with caplog.at_level("WARNING"):
        run = refresh(db, from_path=data, match=False)
        again = refresh(db, from_path=data, match=False, force=True)  # read again, not skipped as unchanged
    assert "no longer reads" not in caplog.text
    part = next(p for p in run.sources if p.name == "relaton-intl")
    assert (part.records, part.quarantined, part.upsert["new"]) == (7, 0, 7)  # before the source iso in the plan
    assert len(part.paths) == 2 and part.paths[0].endswith("relaton-data-iec.zip")
    assert next(p for p in again.sources if p.name == "relaton-intl").upsert["unchanged"] == 7
    with Catalog(db) as catalog:
        view = catalog.get("ISO 9999:2015")
        assert view is not None
        assert json.loads(view.row["sources"]) == ["iso", "relaton-intl"]
        # ISO Open Data precedes in the merge (its exact date and status word); Relaton fills titles, stage, amendments
        assert (view.record.published, view.record.status, view.record.extra["stage"]) == (
            "2015-09-22",
            "current",
            "90.93",
        )
        assert view.record.titles["fr"] == "Widgets thermiques — Exigences"
        assert [a["designation"] for a in view.record.extra["amendments"]] == [
            "ISO 9999:2015/Cor 1:2016",
            "ISO 9999:2015/Amd 1:2020",
        ]
        withdrawn = catalog.get("ISO 9999:2008")
        assert (withdrawn.record.status, withdrawn.record.status_raw) == ("withdrawn", "95.99")
        assert catalog.count("quarantine") == 0


# -- the real archives ---------------------------------------------------------------------------------------

ISO_ARCHIVE = ("international", "relaton-data-iso", "relaton-data-iso.tar.xz")
IEC_ARCHIVE = ("international", "relaton-data-iec", "relaton-data-iec.tar.xz")
REAL_MEMBERS = ("iso-606-", "iso-606:", "iso-9001-", "iso-9001:", "iec_60947-5-1_")


@pytest.fixture(scope="module")
def real() -> tuple[dict[str, StandardRecord], list[Quarantined], relaton_intl.ImportStats]:
    """A few real works and their supplements, read from both archives once (the archives are streamed whole,
    only the members named in REAL_MEMBERS are parsed)."""
    paths = [shared_path(*ISO_ARCHIVE), shared_path(*IEC_ARCHIVE)]
    stats = relaton_intl.ImportStats()
    wanted = lambda name: name.startswith(REAL_MEMBERS) and name.endswith((".yaml", ".yml"))  # noqa: E731
    items = list(relaton_intl.extract(paths, stats=stats, wanted=wanted))
    return (
        {i.canonical: i for i in items if isinstance(i, StandardRecord)},
        [i for i in items if isinstance(i, Quarantined)],
        stats,
    )


def test_real_discovery_finds_both_archives() -> None:
    root = shared_path()
    assert relaton_intl.discover(root) == sorted([shared_path(*ISO_ARCHIVE), shared_path(*IEC_ARCHIVE)])
    assert not any("international" in str(p) for p in relaton.discover(root))


def test_real_archive_member_counts(real) -> None:
    _, _, stats = real
    assert {Path(name).name: counts.members for name, counts in stats.archives.items()} == {
        "relaton-data-iso.tar.xz": 71_267,
        "relaton-data-iec.tar.xz": 32_524,
    }  # as PROVENANCE.md says
    assert {Path(name).name: counts.files for name, counts in stats.archives.items()} == {
        "relaton-data-iso.tar.xz": 14,
        "relaton-data-iec.tar.xz": 17,
    }


def test_real_iec_60947_5_1_field_by_field(real) -> None:
    found, bad, _ = real
    assert bad == []
    current = found["IEC 60947-5-1:2024"]
    assert current.titles["en"] == (
        "Low-voltage switchgear and controlgear — Part 5-1: Control circuit devices and "
        "switching elements — Electromechanical control circuit devices"
    )
    assert current.titles["fr"] == (
        "Appareillage à basse tension — Partie 5-1: Appareils et éléments de commutation "
        "pour circuits de commande — Appareils électromécaniques pour circuits de commande"
    )
    assert (current.status, current.status_raw, current.published) == ("current", "PUBLISHED", "2024-03-26")
    assert current.ics == ["29.120.40", "29.130.20"] and current.extra["edition"] == "5"
    assert current.source_url == "https://webstore.iec.ch/publication/65935"
    assert (current.body, current.number, current.parts, current.year) == ("IEC", "60947", ["5", "1"], 2024)
    previous = found["IEC 60947-5-1:2016"]
    assert (previous.status, previous.withdrawn) == ("replaced", "2024-03-26")
    assert [a["designation"] for a in previous.extra["amendments"]] == [
        "IEC 60947-5-1:2016/Cor 1:2016",
        "IEC 60947-5-1:2016/Cor 2:2020",
    ]
    assert [(v["designation"], v["type"]) for v in previous.extra["versions"]] == [
        ("IEC 60947-5-1:2016 RLV", "redline")
    ]
    older = found["IEC 60947-5-1:1997"]
    assert [a["designation"] for a in older.extra["amendments"]] == [
        "IEC 60947-5-1:1997/Amd 1:1999",
        "IEC 60947-5-1:1997/Amd 2:1999",
    ]
    assert sorted(v["designation"] for v in older.extra["versions"]) == [
        "IEC 60947-5-1:1997+AMD1:1999 CSV",
        "IEC 60947-5-1:1997+AMD1:1999+AMD2:1999 CSV",
    ]
    assert sorted(k for k in found if k.startswith("IEC 60947-5-1")) == [
        "IEC 60947-5-1:1990",
        "IEC 60947-5-1:1997",
        "IEC 60947-5-1:2003",
        "IEC 60947-5-1:2016",
        "IEC 60947-5-1:2024",
    ]


def test_real_iso_606_and_9001(real) -> None:
    found, _, stats = real
    chains = found["ISO 606:2015"]
    assert chains.titles["en"] == (
        "Short-pitch transmission precision roller and bush chains, attachments and associated chain sprockets"
    )
    assert (chains.status, chains.status_raw, chains.published, chains.extra["published_month"]) == (
        "current",
        "90.92",
        "2015",
        "2015-08",
    )
    assert chains.replaces == ["ISO 606:2004"] and chains.extra["edition"] == "4"
    assert chains.source_url == "https://www.iso.org/standard/61232.html"
    assert [a["designation"] for a in found["ISO 606:2004"].extra["amendments"]] == ["ISO 606:2004/Cor 1:2006"]
    assert found["ISO 606:2004"].status == "withdrawn"

    qms = found["ISO 9001:2015"]
    assert qms.titles == {
        "en": "Quality management systems — Requirements",
        "fr": "Systèmes de management de la qualité — Exigences",
    }
    assert (qms.status, qms.status_raw) == ("current", "90.92")
    assert qms.ics == ["03.100.70", "03.120.10"] and qms.extra["committee"] == "ISO/TC 176/SC 2"
    assert qms.replaces == ["ISO 9001:2008"]
    assert qms.extra["amendments"] == [
        {"designation": "ISO 9001:2015/Amd 1:2024", "type": "amendment", "date": "2024-02", "status": "current"}
    ]
    assert found["ISO 9001:2008"].status == "withdrawn" and found["ISO 9001:2008"].replaced_by == ["ISO 9001:2015"]
    assert [a["designation"] for a in found["ISO 9001:2008"].extra["amendments"]] == ["ISO 9001:2008/Cor 1:2009"]
    assert sorted(k for k in found if k.startswith("ISO 9001")) == [
        "ISO 9001:1987",
        "ISO 9001:1994",
        "ISO 9001:2000",
        "ISO 9001:2008",
        "ISO 9001:2015",
    ]
    iso_counts = next(c for name, c in stats.archives.items() if "relaton-data-iso" in name)
    assert (iso_counts.works, iso_counts.amendments) == (
        9,
        4,
    )  # 606: 1982 1994 2004 2015; 9001: 1987 1994 2000 2008 2015


def test_worker_processes_give_the_same_items_in_the_same_order(tmp_path: Path, monkeypatch) -> None:
    """The hand-written archives (good records, duplicates across archives, supplements before their base, a bomb,
    an oversize member, bad UTF-8) parsed in 2 worker processes, 3 files a batch, give exactly the items and counts
    of the calling process alone."""
    monkeypatch.setattr(relaton_intl, "PARSE_BATCH", 3)
    iso_files = {
        **ISO_FILES,
        "relaton-data-iso/data/zz-bomb.yaml": BOMB,
        "relaton-data-iso/data/zz-big.yaml": "# " + "x" * 2_000_000 + "\n",
        "relaton-data-iso/data/zz-latin1.yaml": ISO_WITHDRAWN.encode("utf-8").replace(b"Thermal", b"Th\xe9rmal"),
    }
    iso = write_container("tar.xz", tmp_path, "relaton-data-iso", iso_files)
    iec = write_container("zip", tmp_path, "relaton-data-iec", IEC_FILES)

    def read(workers: int) -> tuple[list[dict], dict]:
        stats = relaton_intl.ImportStats()
        items = list(relaton_intl.extract([iso, iec], stats=stats, workers=workers))
        return [i.to_dict() for i in items], stats.to_dict()

    alone, in_workers = read(1), read(2)
    assert in_workers == alone
    assert sum(1 for i in alone[0] if "reason" in i) == 3 and sum(1 for i in alone[0] if "canonical" in i) == 7
