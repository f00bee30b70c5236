"""make run's supervisor, with real processes: crashes restart with backoff, Ctrl-C
stops everything, and scripts/run.sh feeds it one table."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migrantscount.core.lib.supervisor import Policy, Program, backoff, parse_program

REPO = Path(__file__).resolve().parents[3]


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


@pytest.fixture
def supervisor(tmp_path):
    started: list[subprocess.Popen] = []

    def run(*programs: str, **options: float) -> subprocess.Popen:
        flags = [f"--{k.replace('_', '-')}={v}" for k, v in options.items()]
        process = subprocess.Popen(
            [sys.executable, "-m", "migrantscount.core.lib.supervisor", *flags]
            + list(programs),
            cwd=REPO,
            stderr=open(tmp_path / "supervisor.log", "wb"),
        )
        started.append(process)
        return process

    yield run
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def writes_pid(path: Path, then: str) -> str:
    return (
        f"{sys.executable} -c 'import os, sys, time; "
        f'open("{path}", "a").write(f"{{os.getpid()}}\\n"); {then}\''
    )


def test_crashed_process_restarts_with_backoff_and_is_logged(tmp_path, supervisor):
    crashing, steady = tmp_path / "crashing", tmp_path / "steady"
    supervisor(
        "crashing: " + writes_pid(crashing, "sys.exit(3)"),
        "steady: " + writes_pid(steady, "time.sleep(60)"),
        min_backoff=0.2,
        max_backoff=0.4,
    )
    wait_for(lambda: len(pids(crashing)) >= 4)
    assert len(pids(steady)) == 1
    log = (tmp_path / "supervisor.log").read_text()
    assert "crashing exited with status 3" in log
    assert "restarting in 0.2 s" in log and "restarting in 0.4 s" in log


def test_killed_process_is_restarted_and_others_keep_running(tmp_path, supervisor):
    worker, web = tmp_path / "worker", tmp_path / "web"
    supervisor(
        "worker: " + writes_pid(worker, "time.sleep(60)"),
        "web: " + writes_pid(web, "time.sleep(60)"),
        min_backoff=0.1,
    )
    wait_for(lambda: pids(worker) and pids(web))
    os.kill(pids(worker)[0], signal.SIGKILL)  # as the OOM killer would
    wait_for(lambda: len(pids(worker)) == 2)
    assert alive(pids(worker)[1])
    assert alive(pids(web)[0]) and len(pids(web)) == 1
    assert "worker killed by SIGKILL" in (tmp_path / "supervisor.log").read_text()


def test_ctrl_c_stops_every_process_and_their_children(tmp_path, supervisor):
    one, grandchild = tmp_path / "one", tmp_path / "grandchild"
    spawn = (
        f'import subprocess; subprocess.Popen([sys.executable, "-c", '
        f'"import os, time; open(\\"{grandchild}\\", \\"w\\").write(str(os.getpid())); '
        f'time.sleep(60)"]); time.sleep(60)'
    )
    process = supervisor(
        "one: " + writes_pid(one, "time.sleep(60)"),
        "parent: " + writes_pid(tmp_path / "parent", spawn),
        grace=2,
    )
    wait_for(lambda: pids(one) and grandchild.exists() and grandchild.read_text())
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert not alive(pids(one)[0])
    wait_for(lambda: not alive(int(grandchild.read_text())), timeout=3)
    assert (
        "SIGINT received; stopping everything"
        in (tmp_path / "supervisor.log").read_text()
    )


def test_a_process_ignoring_sigterm_is_killed_after_the_grace_period(
    tmp_path, supervisor
):
    stubborn = tmp_path / "stubborn"
    ignore = (
        "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
    )
    process = supervisor("stubborn: " + writes_pid(stubborn, ignore), grace=0.5)
    wait_for(lambda: pids(stubborn))
    time.sleep(0.3)  # let it install its handler
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert not alive(pids(stubborn)[0])


def test_backoff_doubles_on_quick_failures_up_to_the_maximum():
    policy = Policy(min_backoff=1, max_backoff=8)
    program = Program(name="x", argv=["x"])
    delays = []
    for failures in range(1, 7):
        program.quick_failures = failures
        delays.append(backoff(program, policy))
    assert delays == [1, 2, 4, 8, 8, 8]


def test_parse_program_splits_like_a_shell():
    program = parse_program("worker: python manage.py db_worker --queue-name '*'")
    assert program.name == "worker"
    assert program.argv == ["python", "manage.py", "db_worker", "--queue-name", "*"]
    with pytest.raises(ValueError):
        parse_program("no command here")


def run_sh_table() -> list[str]:
    """The process table of scripts/run.sh as bash expands it."""
    text = (REPO / "scripts" / "run.sh").read_text()
    match = re.search(r"^processes=\(\n(.*?)^\)", text, re.MULTILINE | re.DOTALL)
    assert match, "scripts/run.sh has no processes=( ... ) table"
    script = (
        f'PORT=8000\nprocesses=(\n{match.group(1)})\nprintf "%s\\n" "${{processes[@]}}"'
    )
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_run_sh_supervises_one_table_of_processes():
    names = [parse_program(line).name for line in run_sh_table()]
    assert {"web", "worker", "scheduler"} <= set(names)
    web = next(
        parse_program(line) for line in run_sh_table() if line.startswith("web:")
    )
    assert web.argv[0] == "granian" and "8000" in web.argv
    text = (REPO / "scripts" / "run.sh").read_text()
    assert 'migrantscount.core.lib.supervisor "${processes[@]}"' in text
