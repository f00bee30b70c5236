"""The demo campaign: this app's pages and snippets, plus what other apps add.

Other apps register a step with `register_demo_step` (in `AppConfig.ready()`); the
`build_demo` command runs the site tree's step, then every registered step, and
returns one line each for its report.

The demo is built once per database: each step that ran is recorded (`DemoStepRun`,
by the step's dotted name) and is not run again, so pages and stories an editor
edited, unpublished or deleted stay that way. A step added by a later release runs
once, on the next `build_demo`. A step whose data is not there yet raises
`DemoStepNotReady`: it is reported, not recorded, and tried again next time.
`build_demo --rebuild` runs every step again (it only creates what is missing).
"""

from collections.abc import Callable, Iterator

from django.utils import timezone

from migrantscount.pages.models import DemoStepRun

DemoStep = Callable[[], str]

DEMO_STEPS: list[DemoStep] = []


class DemoStepNotReady(Exception):
    """A step cannot run yet (say, the reference data is not loaded); the message is
    its report line."""


def register_demo_step(step: DemoStep) -> DemoStep:
    if step not in DEMO_STEPS:
        DEMO_STEPS.append(step)
    return step


def step_name(step: DemoStep) -> str:
    """The name a step is recorded under: its dotted path."""
    return f"{step.__module__}.{step.__qualname__}"


def run_demo_step(step: DemoStep, *, rebuild: bool = False) -> str:
    """Run a step unless it already ran on this database; record it once it has."""
    name = step_name(step)
    if not rebuild and DemoStepRun.objects.filter(name=name).exists():
        return f"{name}: built before, left as editors left it."
    try:
        line = step()
    except DemoStepNotReady as not_ready:
        return str(not_ready)
    DemoStepRun.objects.update_or_create(name=name, defaults={"ran_at": timezone.now()})
    return line


def run_demo_steps(*, rebuild: bool = False) -> Iterator[str]:
    """Run every registered step in turn, yielding each one's report line."""
    for step in list(DEMO_STEPS):
        yield run_demo_step(step, rebuild=rebuild)
