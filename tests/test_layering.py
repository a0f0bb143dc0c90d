"""The layering rules, enforced from the import graph of the source files (static: every import statement,
including those inside functions).

- the library never imports the CLI;
- the sources (scrapers) never import the catalogue, the matcher, publishing or the pipeline;
- the catalogue never imports the sources, the matcher, publishing or the pipeline;
- ``records.py`` imports only the errors and the vocabularies; ``text.py``, ``errors.py`` and ``vocab.py``
  import nothing of the project;
- the designation parser stands on records, errors, vocabularies and text only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Installed module name -> folder in the repository.
PACKAGES = {
    "standards_lib": ROOT / "standards_lib",
    "standards_lib.scrapers": ROOT / "scrapers",
    "standards_lib.cli": ROOT / "cli",
}


def module_files() -> dict[str, Path]:
    """Installed module name -> source file, for every module of the project."""
    found: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            name = ".".join([package, *parts])
            if package == "standards_lib" and parts and parts[0] in ("scrapers", "cli"):
                continue
            found[name] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    """Absolute names of the project's modules imported anywhere in the file."""
    tree = ast.parse(path.read_text("utf-8"))
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    result: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            result.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                module = ".".join(anchor + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            result.add(module)
            result.update(f"{module}.{a.name}" for a in node.names)
    return {m for m in result if m.split(".")[0] == "standards_lib"}


GRAPH = {name: imports_of(name, path) for name, path in module_files().items()}


def _in(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if _in(name, layer)
        for target in targets
        if any(_in(target, f) for f in forbidden)
    )


def test_the_graph_sees_the_whole_project() -> None:
    assert "standards_lib.scrapers.relaton" in GRAPH
    assert "standards_lib.cli.main" in GRAPH
    assert "standards_lib.catalog.store" in GRAPH
    assert "standards_lib.records" in GRAPH["standards_lib.interchange"]
    assert "standards_lib.catalog" in GRAPH["standards_lib.pipeline"]


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        (
            "standards_lib.catalog",
            (
                "standards_lib.scrapers",
                "standards_lib.matching",
                "standards_lib.publish",
                "standards_lib.pipeline",
                "standards_lib.cli",
            ),
        ),
        (
            "standards_lib.scrapers",
            (
                "standards_lib.catalog",
                "standards_lib.matching",
                "standards_lib.publish",
                "standards_lib.pipeline",
                "standards_lib.cli",
            ),
        ),
        (
            "standards_lib.designation",
            (
                "standards_lib.catalog",
                "standards_lib.scrapers",
                "standards_lib.matching",
                "standards_lib.publish",
                "standards_lib.pipeline",
                "standards_lib.cli",
                "standards_lib.interchange",
            ),
        ),
        (
            "standards_lib.matching",
            ("standards_lib.scrapers", "standards_lib.publish", "standards_lib.pipeline", "standards_lib.cli"),
        ),
    ],
)
def test_layer_does_not_reach_up(layer: str, forbidden: tuple[str, ...]) -> None:
    assert violations(layer, forbidden) == []


def test_the_library_never_imports_the_cli() -> None:
    offenders = sorted(
        f"{name} imports {t}"
        for name, targets in GRAPH.items()
        if not _in(name, "standards_lib.cli") and name != "standards_lib.__main__"  # python -m: the CLI's door
        for t in targets
        if _in(t, "standards_lib.cli")
    )
    assert offenders == []


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("standards_lib.records", {"standards_lib.errors", "standards_lib.vocab"}),
        ("standards_lib.errors", set()),
        ("standards_lib.vocab", {"standards_lib.errors", "standards_lib.stages"}),
        ("standards_lib.stages", {"standards_lib.errors"}),
        ("standards_lib.text", set()),
    ],
)
def test_leaf_modules_import_only_what_they_may(module: str, allowed: set[str]) -> None:
    imported = {t for t in GRAPH[module] if not any(t.startswith(a + ".") or t == a for a in allowed)}
    assert imported == set(), f"{module} imports {sorted(imported)}"
