"""The public form, the status page and the staff views: wiring, refusals, permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import ModelLogEntry

from migrantscount.stories.models import Submission
from migrantscount.stories.services import submissions

from .factories import SubmissionFactory, form_data, jpeg_with_gps, upload
from .test_photos import SVG_WITH_SCRIPT, huge_png, zip_bomb

pytestmark = pytest.mark.django_db

SHARE = "/en/stories/share/"


def _post(client: Client, data: dict, url: str = SHARE):
    return client.post(url, data, REMOTE_ADDR="198.51.100.4")


@pytest.mark.parametrize("code", ["en", "es", "fr", "pt"])
def test_form_renders_in_each_language_with_its_consent_text(client, code):
    response = client.get(f"/{code}/stories/share/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    consent = submissions.current_consent_text(code)
    assert consent.language == code
    first_line = consent.text.splitlines()[0]
    assert first_line.replace("'", "&#x27;") in html
    assert 'name="homepage"' in html and 'enctype="multipart/form-data"' in html


def test_valid_submission_redirects_to_private_status_page(client, reference_countries):
    response = _post(client, form_data(photo=upload(jpeg_with_gps())))
    assert response.status_code == 302
    assert "/en/stories/status/" in response["Location"]
    submission = Submission.objects.get()
    assert submission.photo and submission.distance_km
    assert submission.sdgs == [8, 10]
    assert submission.consent_allows("social") and not submission.consent_allows(
        "press"
    )
    assert submission.ip_hash and "198.51.100.4" not in submission.ip_hash
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store, private"
    assert "noindex" in page["X-Robots-Tag"]
    assert submission.reference in page.content.decode()


def _too_long_text() -> str:
    return "x" * 10_001


BAD_INPUTS = {
    "oversized-text": ({"text": _too_long_text()}, "text"),
    "oversized-title": ({"title": "t" * 151}, "title"),
    "only-script": ({"title": "<script>alert(1)</script>"}, "title"),
    "invalid-origin": ({"origin_country": "XXX"}, "origin_country"),
    "invalid-residence": ({"residence_country": "co"}, "residence_country"),
    "under-18-without-guardian": ({"age_bracket": "under_18"}, "guardian_name"),
    "under-18-without-guardian-consent": (
        {"age_bracket": "under_18", "guardian_name": "Rosa"},
        "has_guardian_consent",
    ),
    "no-consent": ({"consent_given": None}, "consent_given"),
    "old-consent-version": ({"consent_version": "0"}, "consent_version"),
    "honeypot": ({"homepage": "http://spam.example"}, "homepage"),
    "bad-contact": ({"contact": "call me maybe"}, "contact"),
    "bad-sdg": ({"sdgs": ["18"]}, "sdgs"),
    "name-shown-but-missing": ({"name": "", "name_display": "first_name"}, "name"),
}


@pytest.mark.parametrize("overrides,field", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    client, settings, overrides, field
):
    before = Submission.objects.count()
    response = _post(client, form_data(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    assert 'role="alert"' in response.content.decode()
    assert Submission.objects.count() == before
    assert not any(settings.STORIES_PRIVATE_MEDIA_ROOT.rglob("*.*"))


BAD_FILES = {
    "zip-bomb-renamed-png": (zip_bomb(), "family.png", "image/png"),
    "huge-png": (huge_png(), "big.png", "image/png"),
    "svg-with-script": (SVG_WITH_SCRIPT, "photo.svg", "image/svg+xml"),
    "svg-renamed-jpg": (SVG_WITH_SCRIPT, "photo.jpg", "image/jpeg"),
    "html-file": (b"<html><script>alert(1)</script></html>", "me.jpg", "image/jpeg"),
    "executable": (b"MZ\x90\x00\x03" + b"\x00" * 100, "me.webp", "image/webp"),
}


@pytest.mark.parametrize(
    "content,name,content_type", BAD_FILES.values(), ids=BAD_FILES.keys()
)
def test_bad_files_are_refused_and_the_typed_story_is_kept(
    client, settings, content, name, content_type
):
    data = form_data(
        title="Mi panadería",
        photo=upload(content, name=name, content_type=content_type),
    )
    response = _post(client, data)
    assert response.status_code == 400
    assert response.context["form"].errors["photo"]
    html = response.content.decode()
    assert 'value="Mi panadería"' in html
    assert "I opened a bakery with my sister" in html
    assert Submission.objects.count() == 0
    assert not any(settings.STORIES_PRIVATE_MEDIA_ROOT.rglob("*.*"))


def test_refusals_are_in_the_readers_language(client):
    response = client.post(
        "/es/stories/share/", form_data(text="x" * 10_001), REMOTE_ADDR="198.51.100.9"
    )
    assert response.status_code == 400
    # Django's own catalogue: the length message is Spanish.
    assert "Asegúrese de que este valor tenga menos de" in response.content.decode()


def test_html_is_removed_and_plain_text_stored(client):
    data = form_data(
        title="<b>Bold</b> title",
        text="My <script>alert('x')</script>story <img src=x onerror=alert(1)>"
        "of 5 < 6 & more, long enough.",
    )
    response = _post(client, data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.title == "Bold title"
    assert submission.text == "My story of 5 < 6 & more, long enough."


def test_sixth_submission_in_an_hour_from_one_address_is_refused(client, settings):
    settings.STORIES_SUBMISSIONS_PER_IP_PER_HOUR = 5
    for _ in range(5):
        assert _post(client, form_data()).status_code == 302
    response = _post(client, form_data(title="Number six"))
    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert 'value="Number six"' in response.content.decode()
    assert Submission.objects.count() == 5
    other = client.post(SHARE, form_data(), REMOTE_ADDR="203.0.113.1")
    assert other.status_code == 302


def test_rate_limit_counts_the_client_behind_a_trusted_proxy(client, settings):
    settings.STORIES_SUBMISSIONS_PER_IP_PER_HOUR = 2
    settings.MIGRANTSCOUNT_TRUSTED_PROXIES = ["10.0.0.0/8"]

    def post(forwarded: str) -> int:
        return client.post(
            SHARE,
            form_data(),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [post("198.51.100.20") for _ in range(3)] == [302, 302, 429]
    # Another client behind the same proxy has its own count; a forged entry
    # left of the one the proxy wrote is not believed.
    assert post("203.0.113.5, 198.51.100.21") == 302
    assert post("203.0.113.6, 198.51.100.21") == 302
    assert post("203.0.113.7, 198.51.100.21") == 429


def test_forwarded_header_is_ignored_without_a_trusted_proxy(client, settings):
    settings.STORIES_SUBMISSIONS_PER_IP_PER_HOUR = 2
    settings.MIGRANTSCOUNT_TRUSTED_PROXIES = []
    statuses = [
        client.post(
            SHARE,
            form_data(),
            REMOTE_ADDR="198.51.100.30",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        ).status_code
        for number in range(3)
    ]
    assert statuses == [302, 302, 429]


def _submit_and_get_status_url(client: Client) -> str:
    response = _post(client, form_data(photo=upload(jpeg_with_gps())))
    return response["Location"].split("?")[0]


def test_withdrawal_through_the_private_link(client, settings):
    url = _submit_and_get_status_url(client)
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert Submission.objects.get().status == Submission.Status.SUBMITTED

    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.WITHDRAWN
    assert submission.withdrawal_route == "self"
    assert not any(settings.STORIES_PRIVATE_MEDIA_ROOT.rglob("*.*"))
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="confirm"' not in page.content.decode()


def test_replayed_withdrawal_changes_nothing(client):
    url = _submit_and_get_status_url(client)
    client.post(url, {"confirm": "on"})
    first = Submission.objects.get()
    replay = client.post(url, {"confirm": "on"})
    assert replay.status_code == 200
    again = Submission.objects.get()
    assert (again.withdrawn_at, again.status) == (first.withdrawn_at, first.status)
    assert ModelLogEntry.objects.filter(action=submissions.WITHDRAWN).count() == 1


@pytest.mark.parametrize(
    "token",
    ["forged-token", "A" * 43, "x" * 500],
    ids=["short", "token-shaped", "very-long"],
)
def test_forged_token_is_not_found_and_changes_nothing(client, token):
    SubmissionFactory()
    response = client.post(f"/en/stories/status/{token}/", {"confirm": "on"})
    assert response.status_code == 404
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


def test_withdrawal_needs_csrf_token(client):
    url = _submit_and_get_status_url(client)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"confirm": "on"}).status_code == 403
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


# Staff views ------------------------------------------------------------------


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mod", password="pw")
    group = Group.objects.create(name="Story moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_submission_on_behalf"),
        Permission.objects.get(codename="change_submission"),
    )
    user.groups.add(group)
    return user


def test_staff_views_need_the_permissions(client, django_user_model):
    assert client.get("/admin/stories/record/").status_code == 302  # to login
    editor = django_user_model.objects.create_user("ed", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    for url in ("/admin/stories/record/", "/admin/stories/withdraw/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    submission = SubmissionFactory()
    client.post(
        "/admin/stories/withdraw/",
        {"reference": submission.reference, "reason": "phone", "confirm": "on"},
    )
    client.post("/admin/stories/record/", form_data(consent_method="written"))
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


def test_moderator_records_a_story_on_behalf(client, moderator):
    client.force_login(moderator)
    page = client.get("/admin/stories/record/?language=pt")
    assert page.status_code == 200
    assert submissions.current_consent_text("pt").text[:40] in page.content.decode()
    data = form_data(consent_method="recorded_verbal", language="pt")
    data["consent_version"] = str(submissions.current_consent_text("pt").version)
    response = client.post("/admin/stories/record/", data)
    assert response.status_code == 200, response.context["form"].errors
    submission = Submission.objects.get()
    assert submission.route == "staff"
    assert submission.recorded_by == moderator
    assert submission.consent_method == "recorded_verbal"
    assert submission.consent_text.language == "pt"
    assert submission.ip_hash == ""
    assert "/pt/stories/status/" in response.content.decode()
    entry = ModelLogEntry.objects.get(action=submissions.SUBMITTED_ON_BEHALF)
    assert entry.user == moderator


def test_on_behalf_needs_the_consent_method(client, moderator):
    client.force_login(moderator)
    response = client.post("/admin/stories/record/", form_data())
    assert response.status_code == 400
    assert response.context["form"].errors["consent_method"]
    assert Submission.objects.count() == 0


def test_moderator_withdraws_by_reference(client, moderator):
    submission = SubmissionFactory()
    client.force_login(moderator)
    missing = client.post(
        "/admin/stories/withdraw/",
        {"reference": "NOPE1234", "reason": "phone", "confirm": "on"},
    )
    assert missing.status_code == 400
    response = client.post(
        "/admin/stories/withdraw/",
        {"reference": submission.reference.lower(), "reason": "phone", "confirm": "on"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.is_withdrawn
    assert (submission.withdrawal_route, submission.withdrawal_reason) == (
        "staff",
        "phone",
    )
    entry = ModelLogEntry.objects.get(action=submissions.WITHDRAWN)
    assert entry.user == moderator


def test_seed_roles_gives_story_moderators_the_staff_permissions(django_user_model):
    from migrantscount.core.services.roles import STORY_MODERATORS, seed_roles

    groups = seed_roles()
    user = django_user_model.objects.create_user("seeded", password="pw")
    user.groups.add(groups[STORY_MODERATORS])
    user = django_user_model.objects.get(pk=user.pk)
    assert user.has_perm("stories.add_submission_on_behalf")
    assert user.has_perm("stories.change_submission")
    assert not user.has_perm("stories.delete_submission")
