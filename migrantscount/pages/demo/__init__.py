"""The demo campaign: this app's pages and snippets, plus what other apps add.

Other apps register a step with `register_demo_step` (in `AppConfig.ready()`); the
`build_demo` command runs every step after the site tree exists. A step is safe to run
again and returns one line for the command's report.
"""

from collections.abc import Callable, Iterator

DemoStep = Callable[[], str]

DEMO_STEPS: list[DemoStep] = []


def register_demo_step(step: DemoStep) -> DemoStep:
    if step not in DEMO_STEPS:
        DEMO_STEPS.append(step)
    return step


def run_demo_steps() -> Iterator[str]:
    """Run every registered step in turn, yielding each one's report line."""
    for step in list(DEMO_STEPS):
        yield step()
