"""Apps depend downward only (docs/architecture.md): a lower app never refers to a higher one.

    ground floor ← accounts ← privacy ← clients ← designs ← journeys ← nudges ← outcomes
        ← sponsors ← portal ← insights ← records ← demo

Every module under arcwise/ is parsed with `ast`: its imports (relative ones resolved,
`if TYPE_CHECKING:` ones included), dotted module paths in strings (`include("…")`,
`import_string("…")`), lazy model references ("journeys.Journey", and
`apps.get_model("journeys", "Journey")`), URL names it reverses (`reverse("journeys:…")`,
`redirect(…)`) and migration dependencies must all point at its own layer or below. So must
every template's `{% url %}`, `{% include %}` and `{% extends %}`. The one file allowed to name
higher apps is arcwise/wiring.py, where a lower app finds what it calls above it: its own test
below checks that every path there resolves and points above whoever reads it.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from arcwise import wiring

ARCWISE = Path(__file__).resolve().parents[1] / "arcwise"
TEMPLATES = ARCWISE / "templates"

# Lowest first. The ground floor: shared modules that every app uses, the picture toolkit
# (svg draws from input types of its own; designs/arc_input.py turns a design into the arc's
# input), the shared page parts (ui) and the wiring list.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "days",
            "errors",
            "env",
            "forms_common",
            "log_masking",
            "security_headers",
            "svg",
            "text",
            "text_fields",
            "ui",
            "wiring",
        }
    ),
    frozenset({"accounts"}),
    frozenset({"privacy"}),
    frozenset({"clients"}),
    frozenset({"designs"}),
    frozenset({"journeys"}),
    frozenset({"nudges"}),
    frozenset({"outcomes"}),
    frozenset({"sponsors"}),
    # Three apps of one floor: none of them needs another.
    frozenset({"conversations", "booking", "intake"}),
    frozenset({"portal"}),
    frozenset({"insights"}),
    frozenset({"search"}),
    frozenset({"records"}),
    frozenset({"api"}),
    frozenset({"demo"}),
)
# The project itself: it wires every app together, so it may refer to any of them. The
# templates at the root of arcwise/templates (base.html, the error pages) are its layout.
TOP = frozenset({"__init__", "settings", "urls", "wsgi", "asgi"})

LEVEL = {part: level for level, parts in enumerate(LAYERS) for part in parts}
MODEL_REFERENCE = re.compile(r"^([a-z_]+)\.[A-Z][A-Za-z0-9]*$")
MODULE_PATH = re.compile(r"^arcwise\.([a-z_]+)(\.[a-z_.]+)?$")
URL_NAME = re.compile(r"^([a-z_]+):[a-z_]+$")
# The functions that turn a URL name into a URL (django.urls and django.shortcuts).
REVERSERS = frozenset({"reverse", "reverse_lazy", "redirect", "resolve_url"})
TEMPLATE_URL = re.compile(r"""\{%\s*url\s+["']([a-z_]+):""")
TEMPLATE_NAME = re.compile(r"""\{%\s*(?:include|extends)\s+["']([a-z_]+)/""")
APP_NAME = re.compile(r"""^app_name\s*=\s*["']([a-z_]+)["']""", re.MULTILINE)


def part_of(path: Path) -> str:
    """The app or shared module a file belongs to: arcwise/<part>/… or arcwise/<part>.py."""
    relative = path.relative_to(ARCWISE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def module_name(path: Path) -> str:
    relative = path.relative_to(ARCWISE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def namespaces_of(root: Path) -> dict[str, str]:
    """Each URL namespace (`app_name = "…"` in a urls module) and the part that declares it:
    "calendar" is nudges' feeds."""
    return {
        match.group(1): part_of(path)
        for path in root.rglob("*.py")
        if (match := APP_NAME.search(path.read_text()))
    }


NAMESPACES = namespaces_of(ARCWISE)


def _called(node: ast.Call) -> str:
    """The name of the function a call calls: `reverse(…)` and `django.urls.reverse(…)`."""
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else ""


def dependencies(
    source: str,
    module: str,
    *,
    is_package: bool = False,
    namespaces: Mapping[str, str] = NAMESPACES,
) -> Iterator[str]:
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
        elif isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                called = _called(node)
                if called in {"get_model", "get_app_config"}:
                    # apps.get_model("journeys", "Journey") and apps.get_model("journeys.Journey")
                    yield first.value.partition(".")[0]
                elif called in REVERSERS and (match := URL_NAME.match(first.value)):
                    yield namespaces.get(match.group(1), match.group(1))
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


def above(part: str, found: Iterator[str] | set[str]) -> set[str]:
    """The parts in `found` that sit above `part`'s layer."""
    return {other for other in found if LEVEL.get(other, -1) > LEVEL[part]}


def upward(part: str, source: str, module: str, *, is_package: bool = False) -> set[str]:
    """The parts above `part`'s layer that the source depends on."""
    if part in TOP:
        return set()
    return above(part, dependencies(source, module, is_package=is_package))


def template_dependencies(text: str, namespaces: Mapping[str, str] = NAMESPACES) -> Iterator[str]:
    """The parts a template refers to: by URL name, and by the templates it includes or
    extends (each app's templates sit in a folder named for it)."""
    for match in TEMPLATE_URL.finditer(text):
        yield namespaces.get(match.group(1), match.group(1))
    for match in TEMPLATE_NAME.finditer(text):
        yield match.group(1)


def template_upward(path: Path, root: Path = TEMPLATES) -> set[str]:
    """The parts above its own app's layer that the template at `path` under `root` refers
    to. A template at the root (base.html, the error pages) is the project's layout."""
    relative = path.relative_to(root)
    if len(relative.parts) == 1:
        return set()
    return above(relative.parts[0], template_dependencies(path.read_text()))


WIRING = ARCWISE / "wiring.py"
FILES = sorted(
    path for path in ARCWISE.rglob("*.py") if part_of(path) not in TOP and path != WIRING
)
TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


def test_every_part_of_arcwise_has_a_layer() -> None:
    parts = {part_of(path) for path in FILES}
    folders = {path.relative_to(TEMPLATES).parts[0] for path in TEMPLATE_FILES}
    folders -= {path.name for path in TEMPLATE_FILES}
    unplaced = (parts | folders | set(NAMESPACES.values())) - set(LEVEL)
    assert not unplaced, (
        f"{sorted(unplaced)} sit in no layer: add each to LAYERS in tests/test_layering.py, "
        "at the place docs/architecture.md gives it"
    )


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ARCWISE)))
def test_no_module_refers_to_an_app_above_its_own(path: Path) -> None:
    part = part_of(path)
    if part not in LEVEL:
        pytest.fail(f"{part} has no layer (see test_every_part_of_arcwise_has_a_layer)")
    found = upward(part, path.read_text(), module_name(path), is_package=path.name == "__init__.py")
    assert not found, f"{path.relative_to(ARCWISE.parent)} ({part}) depends on {sorted(found)}"


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda path: str(path.relative_to(ARCWISE)))
def test_no_template_refers_to_an_app_above_its_own(path: Path) -> None:
    found = template_upward(path)
    assert not found, f"{path.relative_to(ARCWISE.parent)} refers to {sorted(found)}"


def test_accounts_imports_nothing_but_itself_and_the_ground_floor() -> None:
    found: set[str] = set()
    for path in (ARCWISE / "accounts").rglob("*.py"):
        found |= set(dependencies(path.read_text(), module_name(path)))
    assert found & set(LEVEL) <= LAYERS[0] | LAYERS[1], "accounts is the lowest app"


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
        'Journey = apps.get_model("journeys", "Journey")',
        'Journey = django_apps.get_model("journeys.Journey")',
        'url = reverse("journeys:detail", args=[journey.public_id])',
        'success_url = reverse_lazy("journeys:list")',
        'return redirect("journeys:list")',
        'return redirect(resolve_url("journeys:list"))',
    ],
)
def test_the_check_sees_each_way_of_reaching_up(source: str) -> None:
    assert upward("clients", source, "arcwise.clients.views") == {"journeys"}


def test_a_url_name_counts_for_the_app_that_declares_its_namespace() -> None:
    # nudges' calendar feeds are "calendar:…": reversing one from journeys reaches nudges.
    source = 'feed = reverse("calendar:coach_feed", args=[token])'
    assert upward("journeys", source, "arcwise.journeys.views") == {"nudges"}


def test_the_check_sees_a_lower_template_reaching_up(tmp_path: Path) -> None:
    planted = tmp_path / "journeys" / "_header.html"
    planted.parent.mkdir()
    planted.write_text(
        "<a href=\"{% url 'portal:home' token %}\">Portal</a>\n"
        "{% include 'insights/_momentum.html' %}\n"
        "<a href=\"{% url 'designs:list' %}\">Designs</a>\n"
    )
    assert template_upward(planted, root=tmp_path) == {"portal", "insights"}


def test_a_template_at_the_root_is_the_project_layout(tmp_path: Path) -> None:
    planted = tmp_path / "base.html"
    planted.write_text("<a href=\"{% url 'insights:caseload' %}\">Caseload</a>")
    assert template_upward(planted, root=tmp_path) == set()


def test_the_walk_reads_every_app() -> None:
    parts = {part_of(path) for path in FILES}
    assert {"accounts", "clients", "designs", "journeys", "demo"} <= parts
    journeys = ARCWISE / "journeys" / "enrolment" / "views.py"
    assert "designs" in set(dependencies(journeys.read_text(), module_name(journeys)))
    assert {"portal", "nudges", "calendar"} <= set(NAMESPACES)


# The wiring file: where a lower app finds what it calls in a higher one.


def wiring_entries(module: object = wiring) -> dict[str, tuple[str, ...]]:
    """Each list in the wiring file by name, with its dotted paths (a single path as one)."""
    return {
        name: (value,) if isinstance(value, str) else tuple(value)
        for name, value in vars(module).items()
        if name.isupper()
    }


def readers_of(sources: Mapping[str, str]) -> dict[str, set[str]]:
    """For each name in the wiring file, the parts whose source (by part) reads it."""
    readers: dict[str, set[str]] = {}
    for source, part in sources.items():
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "wiring"
            ):
                readers.setdefault(node.attr, set()).add(part)
            elif isinstance(node, ast.ImportFrom) and node.module == "arcwise.wiring":
                for alias in node.names:
                    readers.setdefault(alias.name, set()).add(part)
    return readers


def wiring_problems(
    entries: Mapping[str, tuple[str, ...]], readers: Mapping[str, set[str]]
) -> list[str]:
    """What is wrong with the wiring: a list no module reads, a path that does not resolve
    to something callable, a path that is not above every app that reads its list."""
    problems = []
    for name, paths in entries.items():
        callers = readers.get(name, set())
        if not callers:
            problems.append(f"{name} is read by no module: remove it")
        for path in paths:
            try:
                target = import_string(path)
            except ImportError:
                problems.append(f"{name}: {path} does not resolve")
                continue
            if not callable(target):
                problems.append(f"{name}: {path} is not callable")
            names = path.split(".")
            part = names[1] if names[0] == "arcwise" else ""
            for caller in sorted(callers):
                if LEVEL.get(part, -1) <= LEVEL[caller]:
                    problems.append(
                        f"{name}: {path} is not above {caller}, which reads it: call it there "
                        "by a plain import"
                    )
    return problems


ARCWISE_SOURCES = {path.read_text(): part_of(path) for path in FILES}


def test_every_path_in_the_wiring_resolves_and_points_above_whoever_reads_it() -> None:
    entries = wiring_entries()
    assert entries, "the wiring file lists nothing: did its names change case?"
    assert wiring_problems(entries, readers_of(ARCWISE_SOURCES)) == []


def test_the_wiring_file_imports_no_app() -> None:
    tree = ast.parse(WIRING.read_text())
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert not {name for name in imported if name.startswith("arcwise")}


def test_the_wiring_check_refuses_a_path_below_its_reader() -> None:
    # A lower app named in the wiring would turn a plain downward call upside down.
    problems = wiring_problems(
        {"HELD": ("arcwise.accounts.removal.removal_blockers",)}, {"HELD": {"journeys"}}
    )
    assert problems == [
        "HELD: arcwise.accounts.removal.removal_blockers is not above journeys, which reads "
        "it: call it there by a plain import"
    ]


def test_the_wiring_check_refuses_a_path_that_does_not_resolve() -> None:
    problems = wiring_problems(
        {"HELD": ("arcwise.portal.services.reflections_asked",)}, {"HELD": {"journeys"}}
    )
    assert problems == ["HELD: arcwise.portal.services.reflections_asked does not resolve"]


def test_the_wiring_check_refuses_a_list_nobody_reads() -> None:
    entries = {"HELD": ("arcwise.portal.services.reflections_request",)}
    assert wiring_problems(entries, {}) == ["HELD is read by no module: remove it"]


def test_the_readers_of_a_list_are_the_parts_that_name_it() -> None:
    sources = {
        "from arcwise import wiring\nwiring.resolve(wiring.SESSION_HELD)": "journeys",
        "from arcwise.wiring import NUDGE_PLANNERS": "nudges",
    }
    assert readers_of(sources) == {
        "resolve": {"journeys"},
        "SESSION_HELD": {"journeys"},
        "NUDGE_PLANNERS": {"nudges"},
    }


def test_the_wiring_resolves_each_list_once() -> None:
    first = wiring.resolve(wiring.NUDGE_PLANNERS)
    assert wiring.resolve(wiring.NUDGE_PLANNERS) is first
    planner = importlib.import_module("arcwise.insights.alerts").plan_momentum_alerts
    assert planner in first
