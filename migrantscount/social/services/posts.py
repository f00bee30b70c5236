"""Posts: made from a source, approved by four eyes, scheduled as deliveries.

Public entry points (others call these):

    create_story_post(story, *, author, languages=None, title="") -> Post
    create_fact_post(fact_id, *, author, languages=None, image=None, alt_texts=None) -> Post
    create_page_post(page, *, author, languages=None, image=None, alt_texts=None) -> Post
    create_post(*, author, texts, source_kind="free_text", link="", image=None, ...) -> Post
    update_texts(post, *, texts, user, alt_texts=None) -> Post
    back_to_approval_if_approved(post, *, user, reason) -> None
    submit_for_approval(post, *, user) -> Post
    approve_post(post, *, approver) -> Post
    reject_post(post, *, approver, note="") -> Post
    cancel_post(post, *, user) -> Post
    schedule_post(post, *, accounts, due_at, not_after=None, occurrence=None, user=None)
        -> list[Delivery]
    reschedule_delivery(delivery, *, due_at, user, not_after=None) -> Delivery
    draft_for(delivery) -> platforms.Draft
    hashtag_for(account, language) -> str
    link_with_utm(link, *, network, post_id) -> str
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from migrantscount.core.lib.languages import language_codes
from migrantscount.core.services.roles import CAMPAIGN_APPROVERS

from .. import audit
from ..models import (
    Account,
    Delivery,
    HashtagRule,
    Post,
    PostText,
    VariantText,
    default_not_after,
)
from . import notifications, spending
from .accounts import platform_for

if TYPE_CHECKING:
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page

    from migrantscount.stories.models import Story

    from ..platforms.base import Draft, Media

FALLBACK_HASHTAG = "MigrantsCount"
UTM = {"utm_medium": "social", "utm_campaign": "migrantscount"}


class PostError(ValidationError):
    """A post cannot do what was asked (shown to people as is)."""


# --- Hashtags and links -------------------------------------------------------


def hashtag_for(
    account: Account,
    language: str,
    *,
    rules: Sequence[HashtagRule] | None = None,
    country_languages: set[str] | None = None,
) -> str:
    """The campaign hashtag for this account's audience and this content language
    (first matching HashtagRule; MigrantsCount when no rule matches). `rules` and
    `country_languages` may be given already read (the dispatcher reads them once
    per pass)."""
    if country_languages is None:
        country_languages = audience_languages(account)
    for rule in HashtagRule.objects.all() if rules is None else rules:
        if rule.matches(content_language=language, country_languages=country_languages):
            return rule.hashtag
    return FALLBACK_HASHTAG


def audience_languages(account: Account) -> set[str]:
    """The OAS languages of the account's audience countries."""
    languages: set[str] = set()
    if account.pk:
        for value in account.countries.values_list("oas_language", flat=True):
            languages.update(
                part.strip() for part in (value or "").split(";") if part.strip()
            )
    return languages


def link_with_utm(link: str, *, network: str, post_id: int) -> str:
    """The link with the campaign's UTM tags (replacing any it already had)."""
    if not link:
        return ""
    parts = urlsplit(link)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.startswith("utm_")
    ]
    query += [
        ("utm_source", network),
        ("utm_medium", UTM["utm_medium"]),
        ("utm_campaign", UTM["utm_campaign"]),
        ("utm_content", str(post_id)),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


# --- Creating posts -----------------------------------------------------------


def _check_languages(languages: Iterable[str]) -> None:
    unknown = sorted(set(languages) - set(language_codes()))
    if unknown:
        raise PostError(
            _("Unknown language: %(codes)s") % {"codes": ", ".join(unknown)}
        )


@transaction.atomic
def create_post(
    *,
    author: AbstractBaseUser | None,
    texts: Mapping[str, str],
    alt_texts: Mapping[str, str] | None = None,
    source_kind: str = Post.SourceKind.FREE_TEXT,
    link: str = "",
    image: AbstractImage | None = None,
    title: str = "",
    story: Story | None = None,
    source_revisions: Mapping[str, int | None] | None = None,
    fact_id: str = "",
    data_edition: str = "",
    page: Page | None = None,
) -> Post:
    """A draft post with one text per language (the lower-level entry point)."""
    _check_languages(texts)
    if not texts:
        raise PostError(_("A post needs a text in at least one language."))
    alt_texts = alt_texts or {}
    post = Post(
        title=title[:200],
        source_kind=Post.SourceKind(source_kind),
        author_id=author.pk if author is not None else None,
        link=link,
        image=image,
        story=story,
        story_key=story.translation_key if story is not None else None,
        source_submission_id=_submission_id(story),
        source_revision_id=(
            story.live_revision_id
            if story is not None
            else page.live_revision_id
            if page is not None
            else None
        ),
        source_revisions=dict(source_revisions or {}),
        fact_id=fact_id,
        data_edition=data_edition,
        page=page,
    )
    post.full_clean()
    post.save()
    PostText.objects.bulk_create(
        PostText(
            post=post,
            language=language,
            body=body,
            alt_text=alt_texts.get(language, ""),
        )
        for language, body in sorted(texts.items())
    )
    audit.log(
        audit.POST_CREATED,
        instance=post,
        user=author,
        data={"source_kind": post.source_kind, "languages": sorted(texts)},
    )
    return post


def _submission_id(story: Story | None) -> int | None:
    """The submission behind a story (a translation shares its original's)."""
    if story is None:
        return None
    submission = story.original_submission()
    return submission.pk if submission is not None else None


def story_allows_social(story: Story) -> bool:
    """Whether the story may go to social networks now: live, and its person's
    consent covers social networks (fictional example stories need none)."""
    from migrantscount.stories.models import Scope

    return bool(story.live) and story.consent_allows(Scope.SOCIAL)


def story_name(story: Story) -> str:
    """The name form the consent allows (empty: anonymous)."""
    from migrantscount.stories.models import Scope

    if story.original_submission() is not None and not story.consent_allows(Scope.NAME):
        return ""
    return story.name_display


def _story_text(story: Story) -> str:
    with translation.override(story.language):
        name = story_name(story) or _("Anonymous")
        return _("“%(quote)s” — %(name)s, %(title)s") % {
            "quote": story.quote.strip(),
            "name": name,
            "title": story.title,
        }


def story_card_alt_text(story: Story) -> str:
    """The share card's description (the draft adds the card's hashtag)."""
    with translation.override(story.language):
        name = story_name(story) or _("Anonymous")
        return _("Card with the quote “%(quote)s” — %(name)s.") % {
            "quote": story.quote.strip(),
            "name": name,
        }


def create_story_post(
    story: Story,
    *,
    author: AbstractBaseUser | None,
    languages: Iterable[str] | None = None,
    title: str = "",
) -> Post:
    """A post from a published story, in each of its live translations (or those of
    `languages`), with its share card as image; only if its consent covers social
    networks."""
    from migrantscount.stories.models import Story

    if not story_allows_social(story):
        raise PostError(
            _(
                "This story cannot be shared on social networks: it is not published "
                "or its consent does not cover social networks."
            )
        )
    wanted = set(languages) if languages is not None else None
    translations = [
        item
        for item in Story.objects.filter(
            translation_key=story.translation_key, live=True
        )
        .select_related("locale", "submission")
        .order_by("pk")
        if wanted is None or item.language in wanted
    ]
    if not translations:
        raise PostError(_("The story has no live text in the chosen languages."))
    texts = {item.language: _story_text(item) for item in translations}
    alt_texts = {item.language: story_card_alt_text(item) for item in translations}
    return create_post(
        author=author,
        texts=texts,
        alt_texts=alt_texts,
        source_kind=Post.SourceKind.STORY,
        link=absolute_url(story.get_absolute_url()),
        title=title or story.title,
        story=story,
        source_revisions={
            item.language: item.live_revision_id for item in translations
        },
    )


def find_fact(fact_id: str, language: str) -> Any:
    """The profiles data fact with this stable id ("MEX.remittances-gdp.2023"), built
    from the current data; None when the current data no longer makes it."""
    from migrantscount.data.models import Country
    from migrantscount.profiles.facts import country_facts

    iso3 = fact_id.split(".", 1)[0]
    country = Country.objects.filter(iso3=iso3).first()
    if country is None:
        return None
    for fact in country_facts(country, language=language):
        if fact.id == fact_id:
            return fact
    return None


def _edition_of(fact: Any) -> str:
    return "; ".join(
        f"{source.dataset} {source.vintage_label} ({source.vintage_date.isoformat()})"
        for source in fact.figure.sources
    )[:200]


def current_data_edition(fact_id: str) -> str:
    """The data editions a fact is computed from today ("" when it no longer exists)."""
    fact = find_fact(fact_id, "en")
    return _edition_of(fact) if fact is not None else ""


def create_fact_post(
    fact_id: str,
    *,
    author: AbstractBaseUser | None,
    languages: Iterable[str] | None = None,
    image: AbstractImage | None = None,
    alt_texts: Mapping[str, str] | None = None,
    title: str = "",
) -> Post:
    """A post quoting a data fact, by its stable id, with its figure and source."""
    texts: dict[str, str] = {}
    link = ""
    edition = ""
    for language in languages or language_codes():
        fact = find_fact(fact_id, language)
        if fact is None:
            continue
        with translation.override(language):
            texts[language] = _("%(fact)s Source: %(source)s") % {
                "fact": fact.text.rstrip(),
                "source": fact.source_line,
            }
        link = link or absolute_url(fact.url)
        edition = edition or _edition_of(fact)
    if not texts:
        raise PostError(_("No data fact %(id)s in the current data.") % {"id": fact_id})
    return create_post(
        author=author,
        texts=texts,
        alt_texts=alt_texts,
        source_kind=Post.SourceKind.DATA_FACT,
        link=link,
        image=image,
        title=title or fact_id,
        fact_id=fact_id,
        data_edition=current_data_edition(fact_id) or edition,
    )


def create_page_post(
    page: Page,
    *,
    author: AbstractBaseUser | None,
    languages: Iterable[str] | None = None,
    image: AbstractImage | None = None,
    alt_texts: Mapping[str, str] | None = None,
    title: str = "",
) -> Post:
    """A post announcing a news page, in each of its live translations."""
    wanted = set(languages) if languages is not None else None
    texts: dict[str, str] = {}
    for item in page.get_translations(inclusive=True).live().specific():
        language = item.locale.language_code
        if wanted is not None and language not in wanted:
            continue
        description = (item.search_description or "").strip()
        texts[language] = f"{item.title}. {description}".strip()
    if not texts:
        raise PostError(_("The page has no live text in the chosen languages."))
    return create_post(
        author=author,
        texts=texts,
        alt_texts=alt_texts,
        source_kind=Post.SourceKind.PAGE,
        link=page.full_url or "",
        image=image,
        title=title or page.title,
        page=page,
    )


# --- Editing and approval -----------------------------------------------------


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def update_texts(
    post: Post,
    *,
    texts: Mapping[str, str],
    user: AbstractBaseUser | None,
    alt_texts: Mapping[str, str] | None = None,
) -> Post:
    """Change texts; an approved post goes back to approval (what was approved is
    not what would go out any more)."""
    post = _locked(post)
    if post.status == Post.Status.CANCELLED:
        raise PostError(_("A cancelled post cannot be changed."))
    _check_languages(texts)
    for language, body in texts.items():
        defaults: dict[str, Any] = {"body": body}
        if alt_texts is not None and language in alt_texts:
            defaults["alt_text"] = alt_texts[language]
        PostText.objects.update_or_create(
            post=post, language=language, defaults=defaults
        )
    back_to_approval_if_approved(post, user=user, reason="edited")
    audit.log(
        audit.POST_CHANGED, instance=post, user=user, data={"languages": sorted(texts)}
    )
    return post


def back_to_approval_if_approved(
    post: Post, *, user: AbstractBaseUser | None, reason: str
) -> None:
    """What was approved is not what would go out any more (a text, a variant, a
    time or the accounts changed): the post waits for approval again."""
    if post.status == Post.Status.APPROVED:
        _back_to_approval(post, user=user, reason=reason)


def _back_to_approval(
    post: Post, *, user: AbstractBaseUser | None, reason: str
) -> None:
    post.status = Post.Status.AWAITING_APPROVAL
    post.approved_by = None
    post.approved_at = None
    post.approval_override = False
    post.save(
        update_fields=[
            "status",
            "approved_by",
            "approved_at",
            "approval_override",
            "updated_at",
        ]
    )
    audit.log(
        audit.POST_BACK_TO_APPROVAL, instance=post, user=user, data={"reason": reason}
    )
    notifications.on_awaiting_approval(post, user=user)


def send_back_to_approval(post: Post, *, reason: str) -> Post:
    """Used by the dispatcher when a post's source moved since approval."""
    with transaction.atomic():
        post = _locked(post)
        if post.status == Post.Status.APPROVED:
            _back_to_approval(post, user=None, reason=reason)
    return post


def refresh_source(post: Post, *, user: AbstractBaseUser | None) -> Post:
    """Record the source as it is now (after a person re-read the texts); the post
    goes back to approval if it was approved."""
    with transaction.atomic():
        post = _locked(post)
        if post.source_kind == Post.SourceKind.STORY:
            current = post.current_source_revisions()
            if any(revision is None for revision in current.values()):
                raise PostError(
                    _("The story is no longer published in every language.")
                )
            post.source_revisions = current
        elif post.source_kind == Post.SourceKind.DATA_FACT:
            post.data_edition = current_data_edition(post.fact_id)
            if not post.data_edition:
                raise PostError(_("The data fact is not in the current data any more."))
        elif post.source_kind == Post.SourceKind.PAGE and post.page is not None:
            post.source_revision_id = post.page.live_revision_id
        post.save(
            update_fields=[
                "source_revisions",
                "source_revision_id",
                "data_edition",
                "updated_at",
            ]
        )
        if post.status == Post.Status.APPROVED:
            _back_to_approval(post, user=user, reason="source refreshed")
    return post


def validate_post(post: Post) -> list[str]:
    """Problems that stop a post from being approved or scheduled."""
    problems: list[str] = []
    texts = list(post.texts.all())
    if not any(text.body.strip() for text in texts):
        problems.append(_("The post has no text."))
    has_image = post.image_id is not None or _has_story_card(post)
    if has_image:
        for text in texts:
            if not text.alt_text.strip():
                problems.append(
                    _("The image needs a description in %(language)s.")
                    % {"language": text.language}
                )
    if post.source_kind == Post.SourceKind.STORY:
        story = post.story
        if story is None or not story_allows_social(story):
            problems.append(
                _("The story is not published or its consent does not cover this.")
            )
    if post.source_changed():
        problems.append(
            _("Its source changed since the post was made: refresh it and re-read it.")
        )
    return problems


def is_cleared(post: Post, account: Account) -> bool:
    """Whether the post may go to this account: approved, or submitted for
    approval to an account that waives it (a hand-published channel)."""
    if post.status == Post.Status.APPROVED:
        return True
    return (
        post.status == Post.Status.AWAITING_APPROVAL and not account.requires_approval
    )


def cleared_q(prefix: str = "") -> Q:
    """`is_cleared` as a filter on deliveries (prefix "" ) or on rows reaching
    deliveries through `prefix` (e.g. "delivery__")."""
    return Q(**{f"{prefix}post__status": Post.Status.APPROVED}) | Q(
        **{
            f"{prefix}post__status": Post.Status.AWAITING_APPROVAL,
            f"{prefix}account__requires_approval": False,
        }
    )


@transaction.atomic
def submit_for_approval(post: Post, *, user: AbstractBaseUser | None) -> Post:
    post = _locked(post)
    if post.status not in (Post.Status.DRAFT, Post.Status.REJECTED):
        raise PostError(_("Only a draft or rejected post can be submitted."))
    problems = validate_post(post)
    if problems:
        raise PostError(problems)
    post.status = Post.Status.AWAITING_APPROVAL
    post.save(update_fields=["status", "updated_at"])
    audit.log(audit.POST_SUBMITTED, instance=post, user=user)
    notifications.on_awaiting_approval(post, user=user)
    return post


def can_approve(post: Post, user: AbstractBaseUser) -> bool:
    """A Campaign approver (or superuser) who is not the author; a superuser may
    approve their own post, recorded as an override."""
    if not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    is_approver = user.groups.filter(name=CAMPAIGN_APPROVERS).exists()  # type: ignore[attr-defined]
    return bool(is_approver and post.author_id != user.pk)


@transaction.atomic
def approve_post(post: Post, *, approver: AbstractBaseUser) -> Post:
    """Four eyes: a Campaign approver who is not the author. A superuser's approval
    of their own post is an audited override."""
    post = _locked(post)
    if post.status not in (Post.Status.AWAITING_APPROVAL, Post.Status.DRAFT):
        raise PostError(_("This post is not waiting for approval."))
    if not can_approve(post, approver):
        raise PermissionDenied(
            _("Only a Campaign approver who did not write the post can approve it.")
        )
    problems = validate_post(post)
    if problems:
        raise PostError(problems)
    override = post.author_id == approver.pk
    post.status = Post.Status.APPROVED
    post.approved_by = approver  # type: ignore[assignment]
    post.approved_at = timezone.now()
    post.approval_override = override
    post.review_note = ""
    post.save(
        update_fields=[
            "status",
            "approved_by",
            "approved_at",
            "approval_override",
            "review_note",
            "updated_at",
        ]
    )
    audit.log(
        audit.POST_APPROVAL_OVERRIDE if override else audit.POST_APPROVED,
        instance=post,
        user=approver,
        data={"override": override},
    )
    return post


@transaction.atomic
def reject_post(post: Post, *, approver: AbstractBaseUser, note: str = "") -> Post:
    post = _locked(post)
    if post.status != Post.Status.AWAITING_APPROVAL:
        raise PostError(_("This post is not waiting for approval."))
    if not can_approve(post, approver):
        raise PermissionDenied(_("Only a Campaign approver can reject a post."))
    post.status = Post.Status.REJECTED
    post.review_note = note
    post.save(update_fields=["status", "review_note", "updated_at"])
    audit.log(audit.POST_REJECTED, instance=post, user=approver, data={"note": note})
    notifications.on_sent_back(post, user=approver)
    return post


@transaction.atomic
def cancel_post(post: Post, *, user: AbstractBaseUser | None) -> Post:
    """Cancel the post and its deliveries not yet out (published ones stay)."""
    post = _locked(post)
    post.status = Post.Status.CANCELLED
    post.save(update_fields=["status", "updated_at"])
    Delivery.objects.filter(post=post, status=Delivery.Status.SCHEDULED).update(
        status=Delivery.Status.CANCELLED, sent_text="", updated_at=timezone.now()
    )
    audit.log(audit.POST_CANCELLED, instance=post, user=user)
    return post


# --- Scheduling ---------------------------------------------------------------


def already_scheduled(post: Post) -> bool:
    return post.deliveries.exclude(status=Delivery.Status.CANCELLED).exists()


@transaction.atomic
def schedule_post(
    post: Post,
    *,
    accounts: Iterable[Account],
    due_at: datetime,
    not_after: datetime | None = None,
    occurrence: datetime | None = None,
    user: AbstractBaseUser | None = None,
    adds_accounts: bool | None = None,
) -> list[Delivery]:
    """One delivery per account (in the account's audience language), due at
    `due_at`, not sent after `not_after` (default: SOCIAL_NOT_AFTER_HOURS later).
    `adds_accounts` says whether these accounts are added to a post already
    scheduled (a change after approval); None asks the database (a caller making
    one schedule in several calls asks once, before the first).

    The post may be scheduled before approval; nothing is due until it is approved.
    Each draft is checked against the network's rules now, and again before
    publishing. The idempotency key is fixed here, before any call.
    """
    from . import recurrence

    if timezone.is_naive(due_at):
        raise PostError(_("The due time needs a time zone."))
    post = _locked(post)
    if post.status in (Post.Status.CANCELLED, Post.Status.REJECTED):
        raise PostError(_("A cancelled or rejected post cannot be scheduled."))
    not_after = not_after or default_not_after(due_at)
    if not_after < due_at:
        raise PostError(_("'Not after' must be later than the due time."))
    occurrence = occurrence or due_at
    texts = {text.language: text for text in post.texts.all()}
    overrides = {item.account_id: item for item in post.variant_texts.all()}
    # Accounts added to an approved post's schedule: not what was approved.
    rescheduled = already_scheduled(post) if adds_accounts is None else adds_accounts
    deliveries: list[Delivery] = []
    problems: list[str] = []
    for account in accounts:
        if account.status == Account.Status.DISCONNECTED:
            problems.append(
                _("%(account)s is disconnected.") % {"account": str(account)}
            )
            continue
        text = texts.get(account.language)
        if account.pk in overrides:
            text = PostText(body=overrides[account.pk].body, language=account.language)
        if text is None or not text.body.strip():
            problems.append(
                _("The post has no text in %(language)s for %(account)s.")
                % {"language": account.language, "account": str(account)}
            )
            continue
        platform = platform_for(account.platform)
        delivery = Delivery(
            post=post,
            account=account,
            occurrence=occurrence,
            language=account.language,
            due_at=due_at,
            not_after=not_after,
            next_attempt_at=due_at,
            idempotency_key=platform.new_idempotency_key(),
        )
        # Instagram refuses a post without an image: its check needs the image.
        draft = draft_for(delivery, with_media=account.platform == "instagram")
        for problem in platform.validate(draft, account.connection()):
            problems.append(f"{account}: {problem}")
        problems += _public_media_problems(post, account)
        problems += recurrence.network_problems(post, [account])
        images = int(post.image_id is not None or _has_story_card(post))
        delivery.cost = spending.delivery_price(account, draft, images=images)
        deliveries.append(delivery)
    for account_id in {delivery.account_id for delivery in deliveries}:
        mine = [d for d in deliveries if d.account_id == account_id]
        problems += spending.budget_problems(
            mine[0].account, [(d.due_at, d.cost) for d in mine if d.cost is not None]
        )
    if problems:
        raise PostError(problems)
    try:
        with transaction.atomic():
            Delivery.objects.bulk_create(deliveries)
    except IntegrityError as error:
        raise PostError(
            _("This post is already scheduled for one of these accounts at that time.")
        ) from error
    if rescheduled and user is not None:
        # A person's change; the engine's own plans (announcements) pass no user.
        back_to_approval_if_approved(post, user=user, reason="accounts changed")
    audit.log(
        audit.POST_SCHEDULED,
        instance=post,
        user=user,
        data={
            "accounts": [delivery.account_id for delivery in deliveries],
            "due_at": due_at.isoformat(),
            "not_after": not_after.isoformat(),
        },
    )
    return deliveries


# Networks where Meta fetches the image from PUBLIC_MEDIA_BASE_URL: Instagram posts
# always carry one; Threads only when the post has an image (or a story card).
FETCHED_MEDIA_NETWORKS = ("instagram", "threads")


def _has_story_card(post: Post) -> bool:
    return post.source_kind == Post.SourceKind.STORY


def _public_media_problems(post: Post, account: Account) -> list[str]:
    if account.platform not in FETCHED_MEDIA_NETWORKS or settings.PUBLIC_MEDIA_BASE_URL:
        return []
    has_image = post.image_id is not None or _has_story_card(post)
    if account.platform == "threads" and not has_image:
        return []
    return [
        _(
            "%(account)s: %(network)s fetches images from the site's public address, "
            "and PUBLIC_MEDIA_BASE_URL is not set. Ask an operator to set it (e.g. "
            "https://migrantscount.org/media/), then schedule again."
        )
        % {"account": str(account), "network": account.get_platform_display()}
    ]


# --- What goes out ------------------------------------------------------------


def link_in(post: Post, language: str) -> str:
    """The post's link for readers of `language`: where the post links to its own
    story or page, that story's or page's live translation in the language (a
    Spanish channel's readers land on the Spanish page); any other link as given."""
    from wagtail.models import Page

    from migrantscount.stories.models import Story

    if not post.link:
        return post.link
    if post.story_key is not None:
        translations: dict[str, str] = {
            story.locale.language_code: absolute_url(story.get_absolute_url())
            for story in Story.objects.filter(
                translation_key=post.story_key, live=True
            ).select_related("locale")
        }
    elif post.page_id is not None and post.page is not None:
        translations = {
            page.locale.language_code: page.full_url or ""
            for page in Page.objects.filter(
                translation_key=post.page.translation_key, live=True
            ).select_related("locale")
        }
    else:
        return post.link
    if post.link in translations.values() and translations.get(language):
        return translations[language]
    return post.link


def _story_translation(post: Post, language: str) -> Story | None:
    from migrantscount.stories.models import Story

    if post.story_key is None:
        return None
    return (
        Story.objects.filter(
            translation_key=post.story_key, live=True, locale__language_code=language
        )
        .select_related("locale", "submission")
        .first()
    )


def _image_media(image: AbstractImage, alt_text: str) -> Media:
    from ..platforms.base import Media

    with image.open_file() as handle:
        content = handle.read()
    mime_type = mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
    return Media(
        content=content,
        mime_type=mime_type,
        alt_text=alt_text,
        width=image.width,
        height=image.height,
    )


def _story_card_media(story: Story, hashtag: str, alt_text: str) -> Media:
    from migrantscount.stories.services.sharecards import HEIGHT, WIDTH, render_card

    from ..platforms.base import Media

    return Media(
        content=render_card(story, hashtag),
        mime_type="image/png",
        alt_text=f"{alt_text or story_card_alt_text(story)} #{hashtag}",
        width=WIDTH,
        height=HEIGHT,
    )


def compose_text(body: str, *, hashtag: str, link: str) -> str:
    """Body, then the hashtag (unless the body has it) and the link on the last line."""
    body = body.strip()
    tail = []
    if f"#{hashtag}".casefold() not in body.casefold():
        tail.append(f"#{hashtag}")
    if link:
        tail.append(link)
    return f"{body}\n\n{' '.join(tail)}" if tail else body


def draft_for(
    delivery: Delivery,
    *,
    with_media: bool = True,
    texts: Iterable[PostText] | None = None,
    hashtag: str | None = None,
) -> Draft:
    """What goes out for this delivery: its language's text with the hashtag and the
    UTM-tagged link inside, its image with alt text, replies limited for stories
    where the account says so; the account's own text (`VariantText`) replaces its
    language's. `texts` and `hashtag` may be given already read (the dispatcher
    reads the text, or the account's own, with the delivery row)."""
    from ..platforms.base import Draft

    post = delivery.post
    account = delivery.account
    language = delivery.language
    given = texts
    texts = post.texts.all() if texts is None else texts
    text = next((item for item in texts if item.language == language), None)
    # Given texts already hold the account's own text (the dispatcher reads it
    # with the row); otherwise it is looked up here.
    override = (
        VariantText.objects.filter(post_id=post.pk, account_id=account.pk).first()
        if given is None and post.pk and account.pk
        else None
    )
    if override is not None:
        # The account's own text (services/overrides.py) replaces its language's.
        text = PostText(body=override.body, alt_text=override.alt_text)
    body = text.body if text is not None else ""
    hashtag = hashtag_for(account, language) if hashtag is None else hashtag
    link = link_with_utm(
        link_in(post, language), network=account.platform, post_id=post.pk
    )
    media: tuple[Media, ...] = ()
    if with_media and body.strip():
        if post.image is not None:
            media = (_image_media(post.image, text.alt_text if text else ""),)
        elif post.source_kind == Post.SourceKind.STORY:
            story = _story_translation(post, language)
            if story is not None:
                alt_text = text.alt_text if text is not None else ""
                media = (_story_card_media(story, hashtag, alt_text),)
    return Draft(
        text=compose_text(body, hashtag=hashtag, link=link) if body.strip() else "",
        language=language,
        link=link if body.strip() else "",
        hashtags=(hashtag,) if body.strip() else (),
        media=media,
        limit_replies=(
            post.source_kind == Post.SourceKind.STORY and account.limit_story_replies
        ),
    )


# --- Rescheduling (retry, cancel, manual take-down done: services/deliveries.py) --


def _locked_delivery(delivery: Delivery) -> Delivery:
    return Delivery.objects.select_for_update().get(pk=delivery.pk)


@transaction.atomic
def reschedule_delivery(
    delivery: Delivery,
    *,
    due_at: datetime,
    user: AbstractBaseUser | None,
    not_after: datetime | None = None,
) -> Delivery:
    """A new time for a delivery not out yet (scheduled, expired or failed)."""
    delivery = _locked_delivery(delivery)
    movable = (
        Delivery.Status.SCHEDULED,
        Delivery.Status.EXPIRED,
        Delivery.Status.FAILED,
    )
    if delivery.status not in movable:
        raise PostError(_("Only a delivery that is not out yet can be rescheduled."))
    if delivery.post.taken_down_at is not None:
        raise PostError(_("The post was taken down."))
    # Failed and expired deliveries are known not to be on the network.
    delivery.status = Delivery.Status.SCHEDULED
    delivery.due_at = due_at
    delivery.not_after = not_after or default_not_after(due_at)
    delivery.next_attempt_at = due_at
    delivery.attempts = 0
    delivery.full_clean(exclude=["post", "account"])
    delivery.save()
    if user is not None:  # a person's change (the engine's own moves pass none)
        back_to_approval_if_approved(delivery.post, user=user, reason="time changed")
    audit.log(
        audit.DELIVERY_RESCHEDULED,
        instance=delivery.post,
        user=user,
        data={"delivery": delivery.pk, "due_at": due_at.isoformat()},
    )
    return delivery
