from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from migrantscount.core import periodic
from migrantscount.core.models import Heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled_page() -> Page:
    root = Page.get_first_root_node()
    page = Page(title="Remittances report", slug="remittances-report", live=False)
    root.add_child(instance=page)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def clean_registry():
    saved = dict(periodic.JOBS)
    yield periodic.JOBS
    periodic.JOBS.clear()
    periodic.JOBS.update(saved)


def test_page_whose_go_live_passed_is_live_after_one_tick(scheduled_page) -> None:
    assert not scheduled_page.live
    call_command("run_periodic", "--once")
    scheduled_page.refresh_from_db()
    assert not scheduled_page.live  # not due yet

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        call_command("run_periodic", "--once")

    scheduled_page.refresh_from_db()
    assert scheduled_page.live


def test_tick_records_scheduler_and_worker_heartbeats() -> None:
    # Tests run tasks immediately, so the heartbeat task completes inside the tick.
    call_command("run_periodic", "--once")
    assert set(Heartbeat.objects.values_list("source", flat=True)) == {
        "scheduler",
        "worker",
    }


def test_registered_jobs_run_and_one_failure_does_not_stop_the_rest(
    clean_registry, caplog
) -> None:
    calls: list[str] = []

    @periodic.register_job()
    def broken() -> None:
        raise RuntimeError("source unreachable")

    @periodic.register_job(every=timedelta(hours=1))
    def works() -> None:
        calls.append("works")

    call_command("run_periodic", "--once")

    assert calls == ["works"]
    assert "Periodic job broken failed" in caplog.text
    assert Heartbeat.objects.filter(source="scheduler").exists()


def test_core_registers_its_own_jobs() -> None:
    assert {"prune_login_failures", "recover_stuck_tasks"} <= set(periodic.JOBS)


def test_a_job_is_named_after_its_function_unless_named(clean_registry) -> None:
    @periodic.register_job(name="nightly_sweep", every=timedelta(days=1))
    def sweep() -> None: ...

    @periodic.register_job()
    def tidy() -> None: ...

    assert clean_registry["nightly_sweep"].func is sweep
    assert clean_registry["nightly_sweep"].every == timedelta(days=1)
    assert clean_registry["tidy"].every == timedelta(minutes=1)


def test_register_job_has_one_calling_style(clean_registry) -> None:
    def job() -> None: ...

    with pytest.raises(TypeError, match="register_job"):
        periodic.register_job(job)  # type: ignore[arg-type]
