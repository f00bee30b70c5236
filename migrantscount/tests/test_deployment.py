"""The settings and programs as deployed: check --deploy, secrets, SQLite under load."""

import re
import sqlite3
import time

import pytest
import requests
from bs4 import BeautifulSoup, Tag

from .helpers import BIN, free_port, manage, program_env, start, stop, wait_for_port

# The site runs in its own processes on its own SQLite file: once is enough.
pytestmark = pytest.mark.own_processes


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = program_env(
        tmp_path,
        "migrantscount.settings.production",
        SITE_URL="https://campaign.example.org",
        ALLOWED_HOSTS="campaign.example.org",
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = program_env(tmp_path, "migrantscount.settings.production")
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    env = program_env(tmp_path, "migrantscount.settings.production", SECRET_KEY="short")
    result = manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be at least" in result.stderr


def _admin_session(base: str) -> requests.Session:
    session = requests.Session()
    login_page = session.get(f"{base}/admin/login/", timeout=30)
    field = BeautifulSoup(login_page.text, "html.parser").find(
        "input", {"name": "csrfmiddlewaretoken"}
    )
    assert isinstance(field, Tag)
    token = field["value"]
    response = session.post(
        f"{base}/admin/login/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "lock",
            "password": "lock-pass-1",
        },
        headers={"Referer": f"{base}/admin/login/"},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def _edit_form_data(html: str) -> dict[str, str]:
    form = BeautifulSoup(html, "html.parser").find("form", {"id": "page-edit-form"})
    assert isinstance(form, Tag)
    data: dict[str, str] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if (
            not isinstance(name, str)
            or not name
            or field.get("type") in {"submit", "file"}
        ):
            continue
        if field.get("type") == "checkbox" and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            selected = field.find("option", selected=True)
            data[name] = str(selected.get("value", "")) if selected else ""
        else:
            data[name] = str(field.get("value", ""))
    return data


@pytest.mark.sqlite_only
def test_admin_saves_while_worker_runs_never_hit_a_locked_database(tmp_path):
    env = program_env(tmp_path, "migrantscount.settings.dev")
    assert manage(env, "migrate", "-v", "0").returncode == 0
    setup = manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        "from wagtail.models import Page;"
        "from migrantscount.pages.models import NewsIndexPage;"
        "User.objects.create_superuser('lock', 'lock@example.org', 'lock-pass-1');"
        "home = Page.objects.get(depth=2);"
        "page = home.add_child(instance=NewsIndexPage(title='Lock 0', slug='lock'));"
        "page.save_revision().publish();"
        "print(page.pk)",
    )
    assert setup.returncode == 0, setup.stderr
    page_id = int(setup.stdout.strip().splitlines()[-1])

    port = free_port()
    web = start(
        [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "migrantscount.wsgi:application",
        ],
        env,
        tmp_path / "web.log",
    )
    worker = start(
        [
            str(BIN / "python"),
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.05",
            "--no-startup-delay",
            "--no-reload",
        ],
        env,
        tmp_path / "worker.log",
    )
    saves = 12
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        session = _admin_session(base)
        for number in range(1, saves + 1):
            edit_url = f"{base}/admin/pages/{page_id}/edit/"
            data = _edit_form_data(session.get(edit_url, timeout=30).text)
            data["title"] = f"Lock {number}"
            data["action-publish"] = "action-publish"
            response = session.post(
                edit_url,
                data=data,
                headers={"Referer": edit_url},
                timeout=60,
                allow_redirects=False,
            )
            assert response.status_code == 302, response.text[:2000]
        database = sqlite3.connect(tmp_path / "db.sqlite3", timeout=30)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pending = database.execute(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()[0]
            if pending == 0:
                break
            time.sleep(0.2)
        statuses = dict(
            database.execute(
                "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult "
                "GROUP BY status"
            ).fetchall()
        )
        title = database.execute(
            "SELECT title FROM wagtailcore_page WHERE id = ?", (page_id,)
        ).fetchone()[0]
        journal = database.execute("PRAGMA journal_mode").fetchone()[0]
        database.close()
    finally:
        stop(web, worker)
    logs = (tmp_path / "web.log").read_text() + (tmp_path / "worker.log").read_text()
    assert "database is locked" not in logs
    assert title == f"Lock {saves}"
    assert journal == "wal"
    assert statuses.get("SUCCESSFUL", 0) >= saves  # search + reference index per save
    assert set(statuses) == {"SUCCESSFUL"}, statuses
    assert not re.search(r"Traceback", logs), logs[-3000:]
