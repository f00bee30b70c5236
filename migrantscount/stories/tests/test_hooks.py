"""The registries other apps (social) follow: a narrowed consent and an unpublished
story reach them inside the stories' own transaction."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from migrantscount.stories import hooks
from migrantscount.stories.models import Scope, Story, Submission, hash_token
from migrantscount.stories.services import moderation, submissions

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(monkeypatch):
    calls: list[tuple[str, object, object]] = []
    monkeypatch.setattr(hooks, "CONSENT_NARROWED_HOOKS", [])
    monkeypatch.setattr(hooks, "UNPUBLISHED_HOOKS", [])
    # Only stories' own withdrawal hooks: this file tests stories alone.
    own = [hook for hook in hooks.WITHDRAWAL_HOOKS if "stories" in hook.__module__]
    monkeypatch.setattr(hooks, "WITHDRAWAL_HOOKS", own)

    @hooks.on_consent_narrowed
    def narrowed(submission: Submission) -> None:
        calls.append(
            ("narrowed", submission.pk, submission.consent_allows(Scope.SOCIAL))
        )

    @hooks.on_unpublished
    def unpublished(story: Story, delete_published: bool) -> None:
        calls.append(("unpublished", story.pk, delete_published))

    return calls


def test_registering_returns_the_function_and_does_not_register_twice(monkeypatch):
    monkeypatch.setattr(hooks, "UNPUBLISHED_HOOKS", [])

    def hook(story: Story, delete_published: bool) -> None: ...

    assert hooks.on_unpublished(hook) is hook
    hooks.on_unpublished(hook)
    assert hooks.UNPUBLISHED_HOOKS == [hook]


def test_narrowing_consent_removes_social_runs_hooks_and_is_audited(seen):
    staff = moderator()
    submission = SubmissionFactory.create(allows_social=True, allows_press=True)

    narrowed = submissions.narrow_consent(
        submission, scopes=[Scope.SOCIAL], route="staff", user=staff
    )

    assert seen == [("narrowed", submission.pk, False)]
    fresh = Submission.objects.get(pk=submission.pk)
    assert narrowed.allows_social is False and fresh.allows_social is False
    assert fresh.allows_press and fresh.allows_website and fresh.title == "A title"
    entry = ModelLogEntry.objects.get(action=submissions.CONSENT_NARROWED)
    assert entry.user_id == staff.pk
    assert entry.data == {
        "reference": submission.reference,
        "route": "staff",
        "scopes": ["social"],
    }


def test_narrowing_again_or_after_withdrawal_changes_nothing(seen):
    submission = SubmissionFactory.create(allows_social=True)
    submissions.narrow_consent(submission, scopes=["social"], route="self")
    submissions.narrow_consent(submission, scopes=["social"], route="self")
    withdrawn = submissions.withdraw_submission(
        SubmissionFactory.create(allows_social=True), route="self"
    )
    submissions.narrow_consent(withdrawn, scopes=["social"], route="self")
    assert len(seen) == 1
    assert (
        ModelLogEntry.objects.filter(action=submissions.CONSENT_NARROWED).count() == 1
    )


def test_website_consent_cannot_be_narrowed_alone():
    submission = SubmissionFactory.create(allows_social=True)
    with pytest.raises(ValueError):
        submissions.narrow_consent(submission, scopes=[Scope.WEBSITE], route="self")
    assert Submission.objects.get(pk=submission.pk).allows_website


def test_a_failing_hook_rolls_the_narrowing_back(monkeypatch):
    monkeypatch.setattr(hooks, "CONSENT_NARROWED_HOOKS", [])

    @hooks.on_consent_narrowed
    def broken(submission: Submission) -> None:
        raise RuntimeError("boom")

    submission = SubmissionFactory.create(allows_social=True)
    with pytest.raises(RuntimeError):
        submissions.narrow_consent(submission, scopes=[Scope.SOCIAL], route="self")
    assert Submission.objects.get(pk=submission.pk).allows_social
    assert not ModelLogEntry.objects.filter(
        action=submissions.CONSENT_NARROWED
    ).exists()


def _live_story() -> Story:
    submission = SubmissionFactory.create(allows_social=True, name_display="anonymous")
    return approve(draft_story(submission, moderator()), approver())


def test_unpublishing_a_story_runs_the_hooks_without_deleting(seen):
    story = _live_story()
    story.unpublish(user=approver())
    assert seen == [("unpublished", story.pk, False)]


def test_safety_takedown_needs_an_unpublished_story_and_is_audited(seen):
    story = _live_story()
    with pytest.raises(moderation.ModerationError):
        moderation.take_down_published_copies(story, user=approver())
    assert seen == []
    story.unpublish(user=approver())
    story.refresh_from_db()
    moderation.take_down_published_copies(story, user=approver())
    assert seen == [("unpublished", story.pk, False), ("unpublished", story.pk, True)]
    entry = ModelLogEntry.objects.get(action=moderation.COPIES_TAKEN_DOWN)
    assert entry.data == {"story": story.pk, "locale": "en"}


def test_unpublish_view_offers_the_safety_takedown(seen, client: Client):
    story = _live_story()
    client.force_login(approver())
    url = f"/admin/snippets/stories/story/unpublish/{story.pk}/"
    page = client.get(url).content.decode()
    assert 'name="take_down_published"' in page

    response = client.post(url, {"take_down_published": "1"})

    assert response.status_code == 302
    assert not Story.objects.get(pk=story.pk).live
    assert seen == [("unpublished", story.pk, False), ("unpublished", story.pk, True)]


def test_unpublish_view_without_the_box_only_cancels(seen, client: Client):
    story = _live_story()
    client.force_login(approver())
    client.post(f"/admin/snippets/stories/story/unpublish/{story.pk}/")
    assert seen == [("unpublished", story.pk, False)]


def test_take_down_action_for_an_unpublished_story(seen, client: Client):
    story = _live_story()
    story.unpublish(user=approver())
    url = f"/admin/stories/{story.pk}/take-down/"
    client.force_login(approver("other-approver"))
    listing = client.get("/admin/snippets/stories/story/").content.decode()
    assert url in listing
    assert client.get(url).status_code == 200

    assert client.post(url).status_code == 302

    assert seen[-1] == ("unpublished", story.pk, True)


def test_take_down_action_is_refused_without_publish_permission(seen, client):
    story = _live_story()
    story.unpublish(user=approver())
    from .helpers import translator

    client.force_login(translator())
    response = client.post(f"/admin/stories/{story.pk}/take-down/")
    assert response.status_code in (302, 403)
    assert seen == [("unpublished", story.pk, False)]


def _status_url(client: Client, **consent: bool) -> str:
    submission = SubmissionFactory.create(**consent)
    token = "t" * 43
    Submission.objects.filter(pk=submission.pk).update(token_hash=hash_token(token))
    return f"/en/stories/status/{token}/"


def test_status_page_stops_sharing_on_social_networks(seen, client: Client):
    url = _status_url(client, allows_social=True)
    page = client.get(url).content.decode()
    assert "Stop sharing my story on social networks" in page
    assert 'name="social-confirm"' in page

    refused = client.post(url, {"action": "stop_social"})
    assert refused.status_code == 400
    assert Submission.objects.get().allows_social

    response = client.post(url, {"action": "stop_social", "social-confirm": "on"})

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert not submission.allows_social and not submission.is_withdrawn
    assert seen == [("narrowed", submission.pk, False)]
    done = client.get(response["Location"]).content.decode()
    assert "we no longer share your story on social networks" in done
    assert 'name="social-confirm"' not in done
    assert ModelLogEntry.objects.get(action=submissions.CONSENT_NARROWED).data[
        "route"
    ] == ("self")


def test_status_page_hides_the_action_without_social_consent(client: Client):
    url = _status_url(client, allows_social=False)
    page = client.get(url).content.decode()
    assert 'name="social-confirm"' not in page
    assert 'name="confirm"' in page  # withdrawal is still offered


def test_stop_sharing_needs_csrf_token(client: Client):
    url = _status_url(client, allows_social=True)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, {"action": "stop_social", "social-confirm": "on"})
    assert response.status_code == 403
    assert Submission.objects.get().allows_social
