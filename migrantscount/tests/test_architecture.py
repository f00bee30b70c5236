"""The import rules of docs/architecture.md, checked over every module of the package.

Every import counts: module-level and inside functions, under `if TYPE_CHECKING:`,
relative ones resolved to absolute names, and `importlib.import_module("...")` with a
literal name. A new app or module is covered as soon as its file exists. The rules bind
the apps' code; tests (modules in a `tests` package) may import whatever they need to
drive the site.
"""

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "migrantscount"
PACKAGE_DIR = Path(__file__).resolve().parent.parent

# The apps of docs/architecture.md, and the package's folders that are not apps.
APPS = {
    "core",
    "pages",
    "data",
    "profiles",
    "stories",
    "api",
    "social",
    "events",
    "analytics",
}
NOT_APPS = {"settings", "templates", "static", "locale", "tests"}


@dataclass(frozen=True)
class Rule:
    text: str
    # The rule binds modules under `importer`, except those under `exempt`.
    importer: str
    # Either the only parts of the package those modules may import ...
    allowed: tuple[str, ...] | None = None
    # ... or the parts they must not import.
    forbidden: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()

    def binds(self, module: str) -> bool:
        if "tests" in module.split("."):
            return False
        return within(module, self.importer) and not any(
            within(module, prefix) for prefix in self.exempt
        )

    def breaks(self, target: str) -> bool:
        if not within(target, PACKAGE) or target == PACKAGE:
            return False
        if self.allowed is not None:
            return not any(within(target, prefix) for prefix in self.allowed)
        return any(within(target, prefix) for prefix in self.forbidden)


def app(*names: str) -> tuple[str, ...]:
    return tuple(f"{PACKAGE}.{name}" for name in names)


RULES = [
    Rule(
        "core knows no domain: it imports only core (and settings)",
        importer=f"{PACKAGE}.core",
        allowed=app("core", "settings"),
    ),
    Rule(
        "api holds no domain code: it imports only api and core",
        importer=f"{PACKAGE}.api",
        allowed=app("api", "core", "settings"),
    ),
    Rule(
        "data is upstream of every domain app: it imports only data, core and api",
        importer=f"{PACKAGE}.data",
        allowed=app("data", "core", "api", "settings"),
    ),
    Rule(
        "pages knows no other domain app (they register into its registries): "
        "it imports only pages and core",
        importer=f"{PACKAGE}.pages",
        allowed=app("pages", "core", "settings"),
    ),
    Rule(
        "profiles never imports stories, social, events or analytics",
        importer=f"{PACKAGE}.profiles",
        forbidden=app("stories", "social", "events", "analytics"),
    ),
    Rule(
        "stories never imports social, events or analytics "
        "(they follow stories through stories.hooks)",
        importer=f"{PACKAGE}.stories",
        forbidden=app("social", "events", "analytics"),
    ),
    Rule(
        "a network module knows no story and no data model: social.platforms "
        "imports only social.platforms and core.lib",
        importer=f"{PACKAGE}.social.platforms",
        allowed=app("social.platforms", "core.lib"),
    ),
    Rule(
        "social never imports events (events registers into social.sources "
        "where social must know an interview)",
        importer=f"{PACKAGE}.social",
        forbidden=app("events"),
    ),
    Rule(
        "nobody imports analytics",
        importer=PACKAGE,
        forbidden=app("analytics"),
        exempt=app("analytics"),
    ),
]


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str
    target: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} (imports {self.target})"


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(
    module: str, source: str, *, is_package: bool
) -> Iterator[tuple[int, str]]:
    """(line, absolute dotted name) for every import in `source`."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                yield (
                    node.lineno,
                    target if alias.name == "*" else f"{target}.{alias.name}",
                )
        elif (
            isinstance(node, ast.Call)
            and _called_name(node.func) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def check_source(
    module: str, source: str, *, path: str, is_package: bool = False
) -> list[Violation]:
    rules = [rule for rule in RULES if rule.binds(module)]
    return [
        Violation(path=path, line=line, rule=rule.text, target=target)
        for line, target in imported_names(module, source, is_package=is_package)
        for rule in rules
        if rule.breaks(target)
    ]


def package_modules() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_every_module_keeps_the_import_rules() -> None:
    violations = [
        violation
        for path in package_modules()
        for violation in check_source(
            module_name(path),
            path.read_text(encoding="utf-8"),
            path=str(path.relative_to(PACKAGE_DIR.parent)),
            is_package=path.name == "__init__.py",
        )
    ]
    assert not violations, "\n".join(str(violation) for violation in violations)


def test_every_app_is_on_the_map() -> None:
    folders = {
        path.relative_to(PACKAGE_DIR).parts[0]
        for path in package_modules()
        if len(path.relative_to(PACKAGE_DIR).parts) > 1
    }
    unknown = folders - APPS - NOT_APPS
    assert not unknown, f"add {sorted(unknown)} to docs/architecture.md and to APPS"


def test_the_scan_reads_the_whole_package() -> None:
    names = {module_name(path) for path in package_modules()}
    assert {
        "migrantscount.core.periodic",
        "migrantscount.stories.hooks",
        "migrantscount.pages",
        "migrantscount.data.sources.base",
    } <= names


SYNTHETIC = """\
from typing import TYPE_CHECKING

from migrantscount.core.lib import dates
from . import base

if TYPE_CHECKING:
    from migrantscount.stories.models import Story


def publish() -> None:
    from ...data import models
    from .. import services
    import migrantscount.analytics.counts
"""


def test_the_checker_catches_each_kind_of_import() -> None:
    found = check_source(
        "migrantscount.social.platforms.example",
        SYNTHETIC,
        path="migrantscount/social/platforms/example.py",
    )
    assert [(v.line, v.target) for v in found] == [
        (7, "migrantscount.stories.models.Story"),
        (11, "migrantscount.data.models"),
        (12, "migrantscount.social.services"),
        (13, "migrantscount.analytics.counts"),
        (13, "migrantscount.analytics.counts"),
    ]
    assert str(found[0]) == (
        "migrantscount/social/platforms/example.py:7: "
        + RULES[6].text
        + " (imports migrantscount.stories.models.Story)"
    )


def test_relative_imports_resolve_against_the_package() -> None:
    source = "from . import hooks\nfrom .. import social\n"
    assert check_source("migrantscount.stories.services", source, path="x.py") != []
    assert (
        check_source(
            "migrantscount.stories",
            "from .models import Story\n",
            path="x.py",
            is_package=True,
        )
        == []
    )


def test_tests_may_import_what_they_drive() -> None:
    source = "from migrantscount.stories.tests.helpers import draft_story\n"
    assert check_source("migrantscount.core.tests.test_csp", source, path="x.py") == []
    assert check_source("migrantscount.core.middleware", source, path="x.py") != []


def test_dynamic_imports_of_a_literal_name_count() -> None:
    source = (
        'import importlib\nimportlib.import_module("migrantscount.social.models")\n'
    )
    found = check_source("migrantscount.stories.demo", source, path="x.py")
    assert [(v.line, v.target) for v in found] == [(2, "migrantscount.social.models")]


def test_social_never_imports_events() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from migrantscount.stories import hooks\n"
        "if TYPE_CHECKING:\n"
        "    from migrantscount.events.models import Interview\n"
        "def describe() -> None:\n"
        "    from ...events import services\n"
        "import migrantscount.events\n"
    )
    found = check_source(
        "migrantscount.social.services.posts", source, path="social/x.py"
    )
    assert sorted((v.line, v.target) for v in found) == [
        (4, "migrantscount.events.models.Interview"),
        (6, "migrantscount.events.services"),
        (7, "migrantscount.events"),
    ]
    assert all("social never imports events" in v.rule for v in found)
    # The other way round is allowed: events drives the social engine.
    allowed = "from migrantscount.social.services import posts\n"
    assert check_source("migrantscount.events.announcements", allowed, path="x") == []
