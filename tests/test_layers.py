"""The layers run one way, and this test keeps them so (see docs/architecture.md).

`bot/core/` is the domain: no Slack, no database. `storage/` may use the core and nothing else of
`bot`. The features (`bot/intake`, `bot/reminders`, `bot/campaigns`, `bot/flights`, `bot/home`) stand
on the core, on storage and on the shared Slack edge (`bot/slack/`), and never import one another:
what one must trigger in another is handed over as a callable where the app is wired.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURES = (
    "intake",
    "reminders",
    "campaigns",
    "results",
    "promote_tests",
    "flights",
    "home",
    "export",
    "digest",
    "calendar",
    "renewals",
)
# Modules the core may not reach, however indirectly they are named.
NOT_IN_CORE = ("slack_sdk", "slack_bolt", "sqlalchemy", "sqlmodel", "alembic", "psycopg", "storage", "bot.")


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


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


@pytest.mark.parametrize("path", modules("bot.core"), ids=name)
def test_the_core_knows_nothing_of_slack_or_the_database(path):
    forbidden = {
        module for module in imports(path) if module.startswith(NOT_IN_CORE) and not module.startswith("bot.core")
    }
    assert forbidden == set(), f"{name(path)} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", modules("storage"), ids=name)
def test_storage_uses_the_core_at_most(path):
    forbidden = {m for m in imports(path) if m.startswith("bot") and not m.startswith("bot.core")}
    assert forbidden == set(), f"{name(path)} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", [p for feature in FEATURES for p in modules(f"bot.{feature}")], ids=name)
def test_a_feature_never_imports_another(path):
    own = name(path).split(".")[1]
    others = {
        module
        for module in imports(path)
        for feature in FEATURES
        if feature != own and (module == f"bot.{feature}" or module.startswith(f"bot.{feature}."))
    }
    assert others == set(), f"{name(path)} imports {sorted(others)}"


@pytest.mark.parametrize("path", modules("bot.slack"), ids=name)
def test_the_slack_edge_serves_every_feature_and_imports_none(path):
    features = {m for m in imports(path) for f in FEATURES if m == f"bot.{f}" or m.startswith(f"bot.{f}.")}
    assert features == set(), f"{name(path)} imports {sorted(features)}"


def test_the_rule_is_checked_against_real_files():
    """A layer test that finds no files would pass whatever the code did."""
    assert modules("bot.core") and modules("storage") and modules("bot.slack")
    assert all(modules(f"bot.{feature}") for feature in FEATURES)
    assert "storage.models" in imports(ROOT / "storage/campaigns.py")
