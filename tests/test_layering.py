"""Apps depend downward only (DESIGN.md): a lower app never imports a higher one.

    accounts ← clients ← designs ← journeys ← portal, nudges ← insights, outcomes ← api, demo

Every module under arcwise/ is parsed with `ast`: its imports (relative ones resolved,
`if TYPE_CHECKING:` ones included), dotted module paths in strings (`include("…")`,
`import_string("…")`), lazy model references ("journeys.Journey") and migration
dependencies must all point at its own layer or below.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ARCWISE = Path(__file__).resolve().parents[1] / "arcwise"

# Lowest first. The shared modules that every app uses sit with accounts, the lowest app;
# so does svg, the picture toolkit: it draws from input types of its own and imports no app
# (designs/arc_input.py turns a design into the arc's input).
LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "accounts",
            "days",
            "errors",
            "env",
            "forms_common",
            "http",
            "navigation",
            "security_headers",
            "svg",
            "tenancy",
            "text",
            "ui",
        }
    ),
    frozenset({"clients"}),
    frozenset({"designs"}),
    frozenset({"journeys"}),
    frozenset({"portal", "nudges"}),
    frozenset({"insights", "outcomes"}),
    frozenset({"api", "demo"}),
)
# The project itself: it wires every app together, so it may import any of them.
TOP = frozenset({"__init__", "settings", "urls", "wsgi", "asgi"})

LEVEL = {part: level for level, parts in enumerate(LAYERS) for part in parts}
MODEL_REFERENCE = re.compile(r"^([a-z_]+)\.[A-Z][A-Za-z0-9]*$")
MODULE_PATH = re.compile(r"^arcwise\.([a-z_]+)(\.[a-z_.]+)?$")


def part_of(path: Path) -> str:
    """The app or shared module a file belongs to: arcwise/<part>/… or arcwise/<part>.py."""
    relative = path.relative_to(ARCWISE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def module_name(path: Path) -> str:
    relative = path.relative_to(ARCWISE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def dependencies(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """The parts of arcwise that a module's source refers to, by import or by name."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            # `from arcwise import journeys` imports the part by name.
            targets = [stem, *(f"{stem}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "dependencies" for target in node.targets
        ):
            # A migration's dependencies name apps by label: ("journeys", "0001_initial").
            for item in getattr(node.value, "elts", []):
                if isinstance(item, ast.Tuple) and isinstance(item.elts[0], ast.Constant):
                    yield str(item.elts[0].value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if match := MODEL_REFERENCE.match(node.value):
                yield match.group(1)
            targets = [node.value]
        for target in targets:
            names = target.split(".")
            if len(names) > 1 and names[0] == "arcwise":
                yield names[1]
            elif isinstance(node, ast.Constant) and (match := MODULE_PATH.match(target)):
                yield match.group(1)


def upward(part: str, source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The parts above `part`'s layer that the source depends on."""
    if part in TOP:
        return set()
    found = dependencies(source, module, is_package=is_package)
    return {other for other in found if LEVEL.get(other, -1) > LEVEL[part]}


FILES = sorted(path for path in ARCWISE.rglob("*.py") if part_of(path) not in TOP)


def test_every_part_of_arcwise_has_a_layer() -> None:
    unplaced = {part_of(path) for path in FILES} - set(LEVEL)
    assert not unplaced, (
        f"{sorted(unplaced)} sit in no layer: add each to LAYERS in tests/test_layering.py, "
        "at the place DESIGN.md gives it"
    )


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ARCWISE)))
def test_no_module_imports_an_app_above_its_own(path: Path) -> None:
    part = part_of(path)
    if part not in LEVEL:
        pytest.fail(f"{part} has no layer (see test_every_part_of_arcwise_has_a_layer)")
    found = upward(part, path.read_text(), module_name(path), is_package=path.name == "__init__.py")
    assert not found, f"{path.relative_to(ARCWISE.parent)} ({part}) depends on {sorted(found)}"


def test_accounts_imports_nothing_but_itself_and_the_shared_modules() -> None:
    found: set[str] = set()
    for path in (ARCWISE / "accounts").rglob("*.py"):
        found |= set(dependencies(path.read_text(), module_name(path)))
    assert found & set(LEVEL) <= LAYERS[0], "accounts is the lowest app"


def test_svg_imports_no_app_only_itself_and_the_pure_day_arithmetic() -> None:
    # The picture toolkit draws from input types of its own, so a page of any app can use
    # it and nothing in it changes when an app's models do.
    found: set[str] = set()
    for path in (ARCWISE / "svg").rglob("*.py"):
        found |= set(dependencies(path.read_text(), module_name(path)))
    assert found <= {"svg", "days"}, f"svg reaches {sorted(found - {'svg', 'days'})}"


@pytest.mark.parametrize(
    "source",
    [
        "from arcwise.journeys.models import Journey",
        "import arcwise.journeys.services",
        "from arcwise import journeys",
        "from ..journeys import services",
        "if TYPE_CHECKING:\n    from arcwise.journeys.models import Journey",
        "def later():\n    from arcwise.journeys import queries",
        'urlpatterns = [path("j/", include("arcwise.journeys.urls"))]',
        'coach = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE)',
        'dependencies = [("clients", "0001_initial"), ("journeys", "0002_sessions")]',
    ],
)
def test_the_check_sees_each_way_of_reaching_up(source: str) -> None:
    assert upward("clients", source, "arcwise.clients.views") == {"journeys"}


def test_the_walk_reads_every_app() -> None:
    parts = {part_of(path) for path in FILES}
    assert {"accounts", "clients", "designs", "journeys", "demo"} <= parts
    journeys = ARCWISE / "journeys" / "enrolment" / "views.py"
    assert "designs" in set(dependencies(journeys.read_text(), module_name(journeys)))
