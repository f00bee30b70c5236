"""The export pack parses back: texts, images, alt texts and the schedule agree with
the posts; a withdrawn story is never in a pack made after (issue 15)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.services import consent, export, posts

from . import factories

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 10)


def _story_post() -> Any:
    story = factories.live_story(example=True)
    factories.live_story(language="es", translation_of=story, quote="Pan.")
    post = posts.create_story_post(story, author=factories.user())
    return posts.approve_post(post, approver=factories.approver()), story


def _read(content: bytes) -> tuple[zipfile.ZipFile, list[dict[str, str]]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    rows = list(csv.DictReader(io.StringIO(archive.read("schedule.csv").decode())))
    return archive, rows


def test_the_pack_parses_back(testnet: Any) -> None:
    post, _story = _story_post()
    bogota = factories.account("wa-es", language="es", time_zone="America/Bogota")
    toronto = factories.account("wa-en", language="en", time_zone="America/Toronto")
    # 21:00 in Bogotá on the 10th is 02:00 UTC on the 11th: still the 10th's pack.
    late = datetime(2026, 12, 10, 21, 0, tzinfo=ZoneInfo("America/Bogota"))
    posts.schedule_post(post, accounts=[bogota], due_at=late)
    early = datetime(2026, 12, 10, 8, 30, tzinfo=ZoneInfo("America/Toronto"))
    posts.schedule_post(post, accounts=[toronto], due_at=early)
    other_day = datetime(2026, 12, 11, 8, 30, tzinfo=ZoneInfo("America/Toronto"))
    posts.schedule_post(post, accounts=[toronto], due_at=other_day)

    archive, rows = _read(export.build_pack(day=DAY))

    assert [row["account"] for row in rows] == ["wa-en", "wa-es"]
    by_account = {row["account"]: row for row in rows}
    spanish = by_account["wa-es"]
    assert (spanish["local_time"], spanish["time_zone"]) == (
        "2026-12-10 21:00",
        "America/Bogota",
    )
    assert spanish["language"] == "es" and spanish["hashtag"] == "MigrantesCuentan"
    assert spanish["story_id"] and spanish["post_id"] == str(post.pk)
    text = archive.read(spanish["text_file"]).decode("utf-8")
    assert "«Pan.»" in text and "#MigrantesCuentan" in text and spanish["link"] in text
    assert archive.read(spanish["image_file"])[:4] == b"\x89PNG"
    alt = archive.read(spanish["alt_text_file"]).decode("utf-8")
    assert "Pan." in alt and alt.endswith("#MigrantesCuentan")
    assert by_account["wa-en"]["local_time"] == "2026-12-10 08:30"

    (only_spanish,) = _read(export.build_pack(day=DAY, languages=["es"]))[1]
    assert only_spanish["account"] == "wa-es"


def test_a_withdrawn_story_is_never_in_a_later_pack(testnet: Any) -> None:
    post, story = _story_post()
    account = factories.account("wa-es", language="es", time_zone="America/Bogota")
    due = datetime(2026, 12, 10, 18, 0, tzinfo=ZoneInfo("America/Bogota"))
    posts.schedule_post(post, accounts=[account], due_at=due)
    free = factories.post({"es": "Cuentan."}, title="Libre")
    posts.schedule_post(free, accounts=[account], due_at=due)
    assert len(_read(export.build_pack(day=DAY))[1]) == 2

    consent.take_down_derived(story=story, reason="withdrawn")

    archive, rows = _read(export.build_pack(day=DAY))
    assert [row["post_id"] for row in rows] == [str(free.pk)]
    assert not any(
        "Pan." in archive.read(name).decode("utf-8", "replace")
        for name in archive.namelist()
        if name.endswith(".txt")
    )


def test_command_and_admin_download(testnet: Any, tmp_path: Path) -> None:
    account = factories.account("wa-es", language="es", time_zone="America/Bogota")
    free = factories.post({"es": "Los migrantes cuentan ✊🏾 «hoy»."}, title="Libre")
    due = datetime(2026, 12, 10, 18, 0, tzinfo=ZoneInfo("America/Bogota"))
    posts.schedule_post(free, accounts=[account], due_at=due)
    out = tmp_path / "pack.zip"
    call_command(
        "export_social_pack",
        "--date",
        "2026-12-10",
        "--language",
        "es",
        "--out",
        str(out),
    )
    archive, rows = _read(out.read_bytes())
    assert (
        archive.read(rows[0]["text_file"])
        .decode("utf-8")
        .startswith("Los migrantes cuentan ✊🏾 «hoy».")
    )

    roles.seed_roles()
    officer: Any = UserFactory(username="comms")  # type: ignore[no-untyped-call]
    officer.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    client = Client()
    client.force_login(officer)
    response = client.get("/admin/social/calendar/pack/?date=2026-12-10&language=es")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "2026-12-10-es.zip" in response["Content-Disposition"]
    assert len(_read(response.content)[1]) == 1
    assert client.get("/admin/social/calendar/pack/?date=nope").status_code == 302
