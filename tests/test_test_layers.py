"""The tests are layered like the code, and this test keeps them so.

What several tests share lives in `tests/support/`, defined once: a test module never imports another
test module or a conftest.py (pytest hands fixtures over itself), and `bench/` takes only what
`tests/support/` offers. `tests/core/` tests the domain alone: no Slack, no database, no app.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = sorted((ROOT / "tests").rglob("*.py"))
# What the core's tables may not reach (tests/support/ modules that stay as pure as the core does).
NOT_IN_CORE_TESTS = ("slack_sdk", "slack_bolt", "sqlalchemy", "sqlmodel", "storage", "bot.slack", "tests.")
PURE_SUPPORT = ("tests.support.plan", "tests.support.intake", "tests.support.modal")


def imports(path: Path) -> set[str]:
    """Every module `path` imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def folder(module: str) -> str:
    return module.rpartition(".")[0]


def shares_wrongly(importer: str, module: str) -> bool:
    """A test-tree module other than tests/support/, or a module-local helper of another folder."""
    if not module.startswith("tests.") or module == "tests.support" or module.startswith("tests.support."):
        return False
    if module.split(".")[-1].startswith("test_") or module.endswith("conftest"):
        return True
    # A folder's own helpers (tests/fuzz/support.py) serve that folder alone.
    return folder(module) != folder(importer)


@pytest.mark.parametrize("path", TESTS, ids=name)
def test_tests_share_only_through_tests_support(path):
    wrong = sorted(module for module in imports(path) if shares_wrongly(name(path), module))
    assert wrong == [], f"{name(path)} imports {wrong}: move what they share into tests/support/"


@pytest.mark.parametrize("path", sorted((ROOT / "bench").rglob("*.py")), ids=name)
def test_the_benchmarks_take_only_tests_support(path):
    wrong = sorted(m for m in imports(path) if m.startswith("tests") and not m.startswith("tests.support"))
    assert wrong == [], f"{name(path)} imports {wrong}"


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "core").rglob("*.py")), ids=name)
def test_the_core_tables_need_no_slack_and_no_database(path):
    wrong = sorted(m for m in imports(path) if m.startswith(NOT_IN_CORE_TESTS) and m not in PURE_SUPPORT)
    assert wrong == [], f"{name(path)} imports {wrong}"


@pytest.mark.parametrize("module", PURE_SUPPORT)
def test_the_support_the_core_tables_use_is_as_pure_as_they_are(module):
    path = ROOT / (module.replace(".", "/") + ".py")
    wrong = sorted(m for m in imports(path) if m.startswith(NOT_IN_CORE_TESTS) and m not in PURE_SUPPORT)
    assert wrong == [], f"{module} imports {wrong}"
