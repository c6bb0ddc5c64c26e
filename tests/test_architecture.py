"""The shape of the code: packages import downhill only, and no source file outgrows 500 lines.

Layers, bottom to top (README, "How it is built"):
core -> tools -> agent -> hookline (the application: CLI, composition root, accounts) -> ui;
eval/, bench/ and scripts/ sit on top, beside ui/, and nothing imports them.
Every import counts, including those inside functions and under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYER = {"core": 0, "tools": 1, "agent": 2, "hookline": 3, "ui": 4, "eval": 4, "bench": 4, "scripts": 4}
MAX_LINES = 500


def _sources() -> list[Path]:
    return sorted(path for package in LAYER for path in (ROOT / package).rglob("*.py"))


def _imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) for every absolute import of one of our packages in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name.split(".")[0]) for name in names if name.split(".")[0] in LAYER]
    return found


def test_every_layer_exists() -> None:
    assert all((ROOT / package / "__init__.py").is_file() or package == "scripts" for package in LAYER)


def test_packages_import_downhill_only() -> None:
    uphill = []
    for path in _sources():
        package = path.relative_to(ROOT).parts[0]
        for line, imported in _imported_packages(path):
            if imported != package and LAYER[imported] >= LAYER[package]:
                uphill.append(f"{path.relative_to(ROOT)}:{line} imports {imported} ({package} may not)")
    assert not uphill, "\n".join(uphill)


def test_the_check_sees_an_uphill_import(tmp_path: Path) -> None:
    # The check itself must be able to fail: a function-level import of agent/ from tools/ is caught.
    module = tmp_path / "module.py"
    module.write_text("def later():\n    from agent.schemas import Brief\n    return Brief\n", encoding="utf-8")
    assert _imported_packages(module) == [(2, "agent")]


def test_no_source_file_over_the_limit() -> None:
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in _sources()}
    too_long = [f"{path.relative_to(ROOT)}: {lines} lines" for path, lines in sizes.items() if lines > MAX_LINES]
    assert len(sizes) > 100  # the walk found the code
    assert not too_long, "split these along their seams:\n" + "\n".join(too_long)
