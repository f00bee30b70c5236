"""Keep a table of processes running: `make run`'s supervisor (scripts/run.sh).

    python -m migrantscount.core.lib.supervisor "web: granian ..." "worker: python ..."

Each argument is one process, `name: command line` (split like a shell would, without
expansion). A process that exits is logged and started again after a delay that
doubles on each quick failure (from --min-backoff up to --max-backoff seconds) and
falls back to the minimum once it has stayed up for --stable seconds. SIGINT (Ctrl-C)
or SIGTERM stops every process: SIGTERM to its process group, SIGKILL after --grace
seconds. Production uses systemd units instead (docs/operations.md).

Standard library only, and no Django: the supervisor must keep running whatever
happens to the site's code or settings.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

POLL_SECONDS = 0.2


@dataclass
class Program:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    next_start_at: float = 0.0
    quick_failures: int = 0
    starts: int = 0
    exits: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Policy:
    min_backoff: float = 1.0
    max_backoff: float = 60.0
    stable: float = 30.0
    grace: float = 10.0


def parse_program(line: str) -> Program:
    name, sep, command = line.partition(":")
    argv = shlex.split(command)
    if not sep or not name.strip() or not argv:
        raise ValueError(f"not 'name: command': {line!r}")
    return Program(name=name.strip(), argv=argv)


def log(message: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    sys.stderr.write(f"{stamp} supervisor: {message}\n")
    sys.stderr.flush()


def _die_with_parent() -> None:
    # Linux: the child gets SIGTERM if the supervisor itself is killed (kill -9).
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start(program: Program, policy: Policy) -> None:
    program.starts += 1
    try:
        # Own session: Ctrl-C reaches only the supervisor, which stops each group.
        program.process = subprocess.Popen(  # noqa: S603 - the table in scripts/run.sh
            program.argv, start_new_session=True, preexec_fn=_die_with_parent
        )
    except OSError as error:
        program.quick_failures += 1
        delay = backoff(program, policy)
        program.next_start_at = time.monotonic() + delay
        log(f"{program.name} could not start ({error}); retrying in {delay:g} s")
        return
    program.started_at = time.monotonic()
    log(f"{program.name} started (pid {program.process.pid})")


def backoff(program: Program, policy: Policy) -> float:
    exponent = max(0, program.quick_failures - 1)
    return float(min(policy.max_backoff, policy.min_backoff * 2**exponent))


def describe(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"


def reap(program: Program, policy: Policy, now: float) -> None:
    """Note an exited process and schedule its restart."""
    assert program.process is not None  # noqa: S101 - called for running programs only
    returncode = program.process.returncode
    program.exits.append(returncode)
    uptime = now - program.started_at
    program.process = None
    program.quick_failures = (
        0 if uptime >= policy.stable else program.quick_failures + 1
    )
    delay = backoff(program, policy)
    program.next_start_at = now + delay
    log(
        f"{program.name} {describe(returncode)} after {uptime:.1f} s; "
        f"restarting in {delay:g} s"
    )


def stop_all(programs: Sequence[Program], policy: Policy) -> None:
    running = [p for p in programs if p.process and p.process.poll() is None]
    for program in running:
        _signal_group(program, signal.SIGTERM)
    deadline = time.monotonic() + policy.grace
    for program in running:
        assert program.process is not None  # noqa: S101
        try:
            program.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{program.name} still running after {policy.grace:g} s; killing it")
            _signal_group(program, signal.SIGKILL)
            program.process.wait()
    for program in programs:
        if program.process is not None:
            _signal_group(program, signal.SIGKILL)  # leftovers in the group


def _signal_group(program: Program, signum: signal.Signals) -> None:
    assert program.process is not None  # noqa: S101
    try:
        os.killpg(program.process.pid, signum)
    except ProcessLookupError:
        pass


def supervise(programs: Sequence[Program], policy: Policy) -> int:
    stopping: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    for program in programs:
        start(program, policy)
    while not stopping:
        time.sleep(POLL_SECONDS)
        now = time.monotonic()
        for program in programs:
            if stopping:
                break
            if program.process is None:
                if now >= program.next_start_at:
                    start(program, policy)
            elif program.process.poll() is not None:
                reap(program, policy, now)
    log(f"{signal.Signals(stopping[0]).name} received; stopping everything")
    stop_all(programs, policy)
    log("stopped")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("programs", nargs="+", metavar="'name: command'")
    parser.add_argument("--min-backoff", type=float, default=Policy.min_backoff)
    parser.add_argument("--max-backoff", type=float, default=Policy.max_backoff)
    parser.add_argument("--stable", type=float, default=Policy.stable)
    parser.add_argument("--grace", type=float, default=Policy.grace)
    args = parser.parse_args(argv)
    try:
        programs = [parse_program(line) for line in args.programs]
    except ValueError as error:
        parser.error(str(error))
    policy = Policy(args.min_backoff, args.max_backoff, args.stable, args.grace)
    return supervise(programs, policy)


if __name__ == "__main__":
    sys.exit(main())
