"""The layers run one way, and this test keeps them so (see docs/architecture.md).

`bot/core/` is the domain: no Slack, no database. `storage/` may use the core and nothing else of
`bot`. The features (`bot/intake`, `bot/reminders`, `bot/campaigns`, …) stand on the core, on storage
and on the shared Slack edge (`bot/slack/`), and never import one another nor the wiring
(`bot/app.py`, `bot/runtime.py`, `bot/__main__.py`): what one must trigger in another is handed over as
a callable where the app is wired.

Every shape of import counts: `import bot.x`, `from bot.x import y`, `from bot import x`, relative
imports (`from ..x import y`, `from .. import x`), at the top of a module or inside a function.
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
SHARED = ("core", "slack")
# Modules the core may not reach, however indirectly they are named.
NOT_IN_CORE = ("slack_sdk", "slack_bolt", "sqlalchemy", "sqlmodel", "alembic", "psycopg", "storage", "bot")
# Where the app is put together: it imports the features, so none of them may import it.
WIRING = ("bot.app", "bot.runtime", "bot.__main__")


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def imports(source: str, module: str, *, package: bool = False) -> set[str]:
    """Every module `module` (a package's `__init__` if `package`) imports, at its top or inside a function.

    `from a import b` counts as importing both `a` and `a.b`, since `b` may be a module: so
    `from bot import campaigns` is an import of `bot.campaigns`. Relative imports are resolved.
    """
    here = module.split(".") if package else module.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source, filename=module)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                assert base, f"{module}: a relative import climbs above the top package"
                parent = ".".join([*base, node.module] if node.module else base)
            else:
                parent = node.module or ""
            names.add(parent)
            names.update(f"{parent}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def forbidden(module: str, imported: set[str]) -> set[str]:
    """What of `imported` the layer `module` belongs to may not import."""
    if within(module, "bot.core"):
        return {
            m
            for m in imported
            if any(within(m, root) for root in NOT_IN_CORE) and not within(m, "bot.core") and m != "bot"
        }
    if within(module, "storage"):
        return {m for m in imported if within(m, "bot") and not within(m, "bot.core") and m != "bot"}
    parts = module.split(".")
    if parts[0] == "bot" and len(parts) > 1 and parts[1] in (*FEATURES, "slack"):
        own = f"bot.{parts[1]}"
        return {
            m
            for m in imported
            if any(within(m, other) for other in (*(f"bot.{f}" for f in FEATURES), *WIRING)) and not within(m, own)
        }
    return set()


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


def name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    return imports(path.read_text(), name(path), package=path.name == "__init__.py")


LAYERED = [*modules("bot.core"), *modules("storage"), *modules("bot.slack")] + [
    path for feature in FEATURES for path in modules(f"bot.{feature}")
]


@pytest.mark.parametrize("path", LAYERED, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_module_imports_only_the_layers_below_it(path):
    wrong = forbidden(name(path), imports_of(path))
    assert wrong == set(), f"{name(path)} imports {sorted(wrong)}"


def test_every_package_of_bot_is_a_feature_or_shared():
    """A new `bot/x` package must be placed in a layer here, or the rule would never look at it."""
    packages = {path.parent.name for path in (ROOT / "bot").glob("*/*.py")}
    assert packages == {*FEATURES, *SHARED}


def test_the_rule_is_checked_against_real_files():
    """A layer test that finds no files would pass whatever the code did."""
    assert modules("bot.core") and modules("storage") and modules("bot.slack")
    assert all(modules(f"bot.{feature}") for feature in FEATURES)
    assert "storage.models" in imports_of(ROOT / "storage/campaigns.py")


# The checker's own table: every forbidden shape it must catch, and the allowed ones it must let be.
CAUGHT = [
    ("bot.core.decision", False, "import slack_sdk"),
    ("bot.core.decision", False, "from sqlalchemy import select"),
    ("bot.core.decision", False, "def f():\n    from storage.models import Campaign"),
    ("bot.core.decision", False, "from bot.slack.text import escape"),
    ("bot.core.decision", False, "from bot import slack"),
    ("bot.core.decision", False, "from ..slack import text"),
    ("bot.core.decision", False, "from .. import campaigns"),
    ("bot.core", True, "from ..slack.text import escape"),
    ("storage.campaigns", False, "from bot.intake.views import intake_view"),
    ("storage.campaigns", False, "from bot import campaigns"),
    ("storage.campaigns", False, "import bot.slack.text"),
    ("bot.intake.views", False, "from bot.campaigns import listeners"),
    ("bot.intake.views", False, "import bot.campaigns.listeners"),
    ("bot.intake.views", False, "from bot import campaigns"),
    ("bot.intake.views", False, "from bot import core, campaigns"),
    ("bot.intake.views", False, "from ..campaigns import listeners"),
    ("bot.intake.views", False, "from .. import campaigns"),
    ("bot.intake", True, "from ..campaigns.listeners import register"),
    ("bot.intake.views", False, "def f():\n    from bot.reminders import dispatcher"),
    ("bot.intake.views", False, "from bot.app import build_app"),
    ("bot.intake.views", False, "from bot import app"),
    ("bot.intake.views", False, "from bot.runtime import Runtime"),
    ("bot.intake.views", False, "import bot.__main__"),
    ("bot.intake.views", False, "from ..runtime import Runtime"),
    ("bot.slack.summary", False, "from bot.results.views import results_card"),
    ("bot.slack.summary", False, "from .. import results"),
    ("bot.slack.summary", False, "from bot import runtime"),
]
LET_BE = [
    ("bot.core.decision", False, "from bot.core.calendar import days_through"),
    ("bot.core.decision", False, "from . import calendar"),
    ("bot.core.decision", False, "from .calendar import days_through"),
    ("bot.core.decision", False, "from bot import core"),
    ("storage.campaigns", False, "from bot.core.flight import CLOSED"),
    ("storage.campaigns", False, "from .models import Campaign"),
    ("bot.intake.views", False, "from bot.core.calendar import day_label"),
    ("bot.intake.views", False, "from ..slack.text import escape"),
    ("bot.intake.views", False, "from . import ids"),
    ("bot.intake.views", False, "from bot.intake.ids import IntakeId"),
    ("bot.intake.views", False, "from bot.deps import Deps"),
    ("bot.intake.views", False, "from storage.models import Campaign"),
    ("bot.intake", True, "from .listeners import register"),
]


@pytest.mark.parametrize(("module", "package", "source"), CAUGHT)
def test_the_checker_catches_each_forbidden_shape(module, package, source):
    assert forbidden(module, imports(source, module, package=package)) != set()


@pytest.mark.parametrize(("module", "package", "source"), LET_BE)
def test_the_checker_lets_the_allowed_shapes_be(module, package, source):
    assert forbidden(module, imports(source, module, package=package)) == set()


def test_relative_imports_resolve_from_the_module_or_the_package():
    assert "bot.campaigns.listeners" in imports("from ..campaigns import listeners", "bot.intake.views")
    assert "bot.campaigns.listeners" in imports("from ..campaigns import listeners", "bot.intake", package=True)
    assert "bot.intake.ids" in imports("from .ids import IntakeId", "bot.intake.views")
