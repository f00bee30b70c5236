"""Helpers for tests that start the real programs (web server, worker) as subprocesses."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def program_env(tmp_path: Path, settings: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MIGRANTSCOUNT_VAR_DIR": str(tmp_path),
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "MIGRANTSCOUNT_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TEST_DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def manage(
    env: dict[str, str], *args: str, timeout: int = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def production_env(tmp_path: Path, port: int, **extra: str) -> dict[str, str]:
    """The environment of the production web line serving http://127.0.0.1:`port`."""
    return program_env(
        tmp_path,
        "migrantscount.settings.production",
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1",
        PORT=str(port),
        **extra,
    )


def migrate_and_collect(env: dict[str, str]) -> None:
    """What a production web process needs before it starts: the database migrated and
    the static files collected (the pages link the manifest's hashed names)."""
    for command in (
        ("migrate", "--no-input", "-v", "0"),
        ("collectstatic", "--no-input", "-v", "0"),
    ):
        done = manage(env, *command)
        assert done.returncode == 0, done.stderr


def start(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """Start a program that logs to a file (never to the terminal)."""
    log = log_path.open("w")
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")
