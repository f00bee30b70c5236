"""The demo campaign: this app's pages and snippets, plus what other apps add.

Other apps register a step with `register_demo_step` (in `AppConfig.ready()`); the
`build_demo` command runs every step after the site tree exists. A step is safe to run
again and returns one line for the command's report.
"""

from collections.abc import Callable

_STEPS: list[Callable[[], str]] = []


def register_demo_step(step: Callable[[], str]) -> Callable[[], str]:
    if step not in _STEPS:
        _STEPS.append(step)
    return step


def demo_steps() -> list[Callable[[], str]]:
    return list(_STEPS)
