"""The audit log's actions as the admin's history pages show them: label and
message of every action the apps register, in English and translated."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from migrantscount.core.services.audit import log_platform_event

from .factories import UserFactory

# action, data, label, message: one formatter of each app, with data and without.
MESSAGES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "core.roles_changed",
        {"username": "ana", "added": ["Editors", "Approvers"], "removed": []},
        "Change roles",
        "Roles of ana: added Editors, Approvers; removed -",
    ),
    (
        "core.encryption_key_rotated",
        {"rows": 12},
        "Rotate encryption key",
        "Personal data re-encrypted with the newest key (12 rows)",
    ),
    (
        "core.site_restored",
        {"archive": "site-2026-01-02.tar"},
        "Restore backup",
        "Site restored from backup site-2026-01-02.tar",
    ),
    (
        "core.backups_pruned",
        {"archives": ["a", "b", "c"], "retention_days": 30},
        "Delete old backups",
        "3 backups older than 30 days deleted",
    ),
    (
        "core.task_recovered",
        {"task_path": "migrantscount.data.tasks.run_import_job", "outcome": "failed"},
        "Recover stuck task",
        "Task migrantscount.data.tasks.run_import_job stuck in RUNNING was "
        "marked failed",
    ),
    (
        "core.task_recovered",
        {"task_path": "t", "outcome": "requeued"},
        "Recover stuck task",
        "Task t stuck in RUNNING was re-queued",
    ),
    (
        "core.two_factor_enrolled",
        {},
        "Enrol two-factor device",
        "Two-factor authentication device enrolled",
    ),
    (
        "core.two_factor_reset",
        {},
        "Remove two-factor devices",
        "Two-factor authentication devices removed",
    ),
    (
        "data.vintage_date_corrected",
        {
            "dataset": "undesa-ims",
            "vintage": "Rev.2024",
            "to": "2025-01-15",
            "from": "2024-12-31",
        },
        "Correct an edition's release date",
        "undesa-ims: release date of Rev.2024 set to 2025-01-15 (was 2024-12-31)",
    ),
    (
        "data.edition_confirmed",
        {
            "file": "extract.xlsx",
            "dataset": "undesa-ims",
            "label": "Rev.2024",
            "vintage_date": "2025-01-15",
        },
        "Confirm the edition of an uploaded file",
        "extract.xlsx confirmed as undesa-ims, edition Rev.2024, released 2025-01-15",
    ),
    (
        "data.import_cancelled",
        {"file": "big.csv"},
        "Cancel an import",
        "Import of big.csv cancelled; nothing imported",
    ),
    (
        "data.vintage_made_current",
        {"dataset": "wdi", "vintage": "2025-03", "previous": None},
        "Make an edition current",
        "wdi: 2025-03 made current (was -)",
    ),
    (
        "stories.submitted_on_behalf",
        {"reference": "MC-ABCD", "method": "phone"},
        "Record a story on someone's behalf",
        "Story MC-ABCD recorded; consent: phone",
    ),
    (
        "stories.consent_withdrawn",
        {"reference": "MC-ABCD", "route": "link", "reason": "asked"},
        "Withdraw consent for a story",
        "Consent withdrawn for MC-ABCD (link, asked); content erased",
    ),
    (
        "stories.consent_narrowed",
        {"reference": "MC-ABCD", "route": "link", "scopes": ["social", "press"]},
        "Narrow the consent for a story",
        "Uses removed from MC-ABCD (link): social, press",
    ),
    (
        "stories.published_copies_taken_down",
        {"story": 7},
        "Take down a story's social posts for safety",
        "Published copies of story 7 taken down",
    ),
    (
        "stories.contacts_erased",
        {"submissions": 4},
        "Erase expired story contacts",
        "Contact details erased from 4 story submissions",
    ),
    (
        "stories.contacts_erased",
        {},
        "Erase expired story contacts",
        "Contact details erased from 0 story submissions",
    ),
    (
        "stories.submission_opened",
        {"reference": "MC-ABCD"},
        "Read a story submission",
        "Submission MC-ABCD opened for moderation",
    ),
    (
        "stories.photo_viewed",
        {"reference": "MC-ABCD"},
        "View a private story photo",
        "Private photo of MC-ABCD viewed",
    ),
    (
        "stories.story_drafted",
        {"reference": "MC-ABCD"},
        "Make a public story from a submission",
        "Redacted story drafted from MC-ABCD",
    ),
    (
        "stories.submission_rejected",
        {"reference": "MC-ABCD", "reason": "off topic"},
        "Reject a story submission",
        "Submission MC-ABCD not published (off topic)",
    ),
    (
        "stories.moderators_alerted",
        {"moderators": 2, "submissions": 5},
        "Alert story moderators of new submissions",
        "2 moderators alerted of 5 new submissions",
    ),
    (
        "stories.unpublished_deleted",
        {"submissions": 3, "retention_days": 180},
        "Delete unpublished submissions",
        "Unpublished submissions deleted after the retention period",
    ),
    (
        "social.post_approved",
        {"post": 1},
        "Approve social post",
        "Approve social post",
    ),
    (
        "social.dispatch_paused",
        {},
        "Pause all social sending",
        "Pause all social sending",
    ),
    (
        "events.guest_withdrawn",
        {"guest": 1},
        "Guest's consent withdrawn",
        "Guest's consent withdrawn",
    ),
]


def entry(action: str, data: dict[str, Any]) -> ModelLogEntry:
    return ModelLogEntry(action=action, data=data)


@pytest.mark.parametrize(("action", "data", "label", "message"), MESSAGES)
def test_each_action_has_its_label_and_message(
    action: str, data: dict[str, Any], label: str, message: str
) -> None:
    logged = entry(action, data)
    formatter = registry.get_formatter(logged)
    assert formatter is not None
    assert str(formatter.label) == label
    assert str(formatter.format_message(logged)) == message


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            "core.site_restored",
            {"archive": "x.tar"},
            "Sitio restaurado a partir de la copia de seguridad x.tar",
        ),
        (
            "data.import_cancelled",
            {"file": "big.csv"},
            "Importación de big.csv cancelada; no se importó nada",
        ),
        ("social.dispatch_paused", {}, "Pausar todos los envíos a redes sociales"),
    ],
)
def test_messages_are_translated(
    action: str, data: dict[str, Any], message: str
) -> None:
    logged = entry(action, data)
    with translation.override("es"):
        assert str(registry.get_formatter(logged).format_message(logged)) == message


def test_every_action_of_the_apps_has_a_formatter() -> None:
    ours = ("core.", "data.", "stories.", "social.", "events.")
    registered = {action for action, _label in registry.get_choices()}
    assert {action for action, *_rest in MESSAGES} <= registered
    assert all(
        str(registry.formatters[action].label)
        for action in registered
        if action.startswith(ours)
    )


@pytest.mark.django_db
def test_site_history_shows_the_formatted_message(client: Any) -> None:
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    log_platform_event("data.import_cancelled", data={"file": "big.csv"}, user=admin)
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    assert "Import of big.csv cancelled; nothing imported" in response.text
