"""Variants: one per account, what the composer shows and checks before scheduling.

A post keeps one text per language (`PostText`); each account gets the text of its
audience language with the hashtag its audience rule gives and the link tagged for
its network, exactly as `posts.draft_for` sends it (same `compose_text`,
`hashtag_for`, `link_with_utm`). A language the post has no text in is reported,
never machine-translated, and such a variant cannot be scheduled.

The length shown ("characters left") and the length checked come from one call,
`platforms.limits.measure`, through `limits.check`.

    variants_for(post, *, accounts=None) -> list[Variant]
    text_html(text, *, hashtag, link) -> SafeString
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from ..models import Account, Post, PostText
from ..platforms import limits
from ..platforms.base import Draft, Media
from . import posts
from .accounts import platform_for


@dataclass
class Variant:
    account: Account
    language: str
    label: str
    network_name: str
    body: str
    text: str
    hashtag: str
    link: str
    alt_text: str
    image_url: str
    measure: limits.Measure | None
    problems: list[str] = field(default_factory=list)
    missing_translation: bool = False
    # The account's own text (services/overrides.py) instead of its language's.
    is_override: bool = False
    proposed_body: str = ""
    proposed_alt_text: str = ""

    @property
    def can_schedule(self) -> bool:
        return not self.missing_translation and not self.problems

    @property
    def link_host(self) -> str:
        return urlsplit(self.link).netloc if self.link else ""

    @property
    def over_by(self) -> int:
        return -self.measure.remaining if self.measure is not None else 0

    @property
    def html(self) -> SafeString:
        return text_html(self.text, hashtag=self.hashtag, link=self.link)


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def variant_label(account: Account, language: str) -> str:
    return _("%(network)s %(handle)s (%(language)s)") % {
        "network": account.get_platform_display(),
        "handle": account.handle,
        "language": language_name(language),
    }


def default_accounts() -> list[Account]:
    return list(
        Account.objects.exclude(status=Account.Status.DISCONNECTED).order_by(
            "language", "platform", "handle"
        )
    )


def variants_for(
    post: Post, *, accounts: Iterable[Account] | None = None
) -> list[Variant]:
    """One variant per account (default: every account not disconnected)."""
    texts = {text.language: text for text in post.texts.all()}
    overrides = {item.account_id: item for item in post.variant_texts.all()}
    made = []
    for account in default_accounts() if accounts is None else accounts:
        proposed = texts.get(account.language)
        override = overrides.get(account.pk)
        text = (
            PostText(body=override.body, alt_text=override.alt_text, language="")
            if override is not None
            else proposed
        )
        variant = _variant(post, account, text)
        variant.is_override = override is not None
        variant.proposed_body = proposed.body if proposed is not None else ""
        variant.proposed_alt_text = proposed.alt_text if proposed is not None else ""
        made.append(variant)
    return made


def _variant(post: Post, account: Account, text: PostText | None) -> Variant:
    language = account.language
    label = variant_label(account, language)
    body = text.body.strip() if text is not None else ""
    hashtag = posts.hashtag_for(account, language)
    link = posts.link_with_utm(
        posts.link_in(post, language), network=account.platform, post_id=post.pk
    )
    alt_text = text.alt_text.strip() if text is not None else ""
    if post.image is None and post.source_kind == Post.SourceKind.STORY and alt_text:
        alt_text = f"{alt_text} #{hashtag}"  # as the share card goes out
    variant = Variant(
        account=account,
        language=language,
        label=label,
        network_name=account.get_platform_display(),
        body=body,
        text=posts.compose_text(body, hashtag=hashtag, link=link) if body else "",
        hashtag=hashtag,
        link=link,
        alt_text=alt_text,
        image_url=_image_url(post, language, hashtag),
        measure=None,
    )
    if not body:
        variant.missing_translation = True
        variant.problems.append(
            _(
                "%(variant)s: the post has no text in %(language)s, and nothing is "
                "translated by machine. Add a %(language)s text (from a translation "
                "of the source); until then this variant cannot be scheduled."
            )
            % {"variant": label, "language": language_name(language)}
        )
        return variant
    draft = Draft(
        text=variant.text,
        language=language,
        link=link,
        hashtags=(hashtag,),
        media=_media(post, alt_text),
    )
    settings = account.instance_settings or {}
    if account.platform in limits.LIMITS:
        variant.measure = limits.measure(account.platform, draft.text, settings)
        variant.problems.extend(
            limits.check(draft, account.platform, variant=label, settings=settings)
        )
    else:
        variant.problems.extend(
            f"{label}: {problem}"
            for problem in platform_for(account.platform).validate(
                draft, account.connection()
            )
        )
    return variant


def _media(post: Post, alt_text: str) -> tuple[Media, ...]:
    """The image as the checks need it (count, format, size, alt text); a story's
    share card is rendered only when it goes out, a PNG within every limit."""
    if post.image is not None:
        image = post.image
        return (
            Media(
                content=b"\0" * int(image.get_file_size() or 0),
                mime_type=mimetypes.guess_type(image.file.name)[0] or "image/jpeg",
                alt_text=alt_text,
                width=image.width,
                height=image.height,
            ),
        )
    if post.source_kind == Post.SourceKind.STORY:
        return (
            Media(
                content=b"", mime_type="image/png", alt_text=alt_text, width=0, height=0
            ),
        )
    return ()


def _image_url(post: Post, language: str, hashtag: str) -> str:
    if post.image is not None:
        return str(post.image.get_rendition("max-480x480").url)
    if post.source_kind != Post.SourceKind.STORY or post.story_key is None:
        return ""
    from migrantscount.stories.models import Story

    story = Story.objects.filter(
        translation_key=post.story_key, live=True, locale__language_code=language
    ).first()
    if story is None:
        return ""
    try:
        with translation.override(story.language):
            return reverse(
                "stories:card", kwargs={"slug": story.slug, "hashtag": hashtag}
            )
    except NoReverseMatch:
        return ""


def text_html(text: str, *, hashtag: str, link: str) -> SafeString:
    """The text escaped, with line breaks, the link and the hashtag marked as the
    networks show them (highlighted, not clickable in the preview)."""
    marks = [piece for piece in (link, f"#{hashtag}" if hashtag else "") if piece]
    pieces: list[str] = []
    rest = text
    while rest:
        found = [(rest.find(mark), mark) for mark in marks if rest.find(mark) >= 0]
        if not found:
            pieces.append(str(conditional_escape(rest)))
            break
        position, mark = min(found)
        pieces.append(str(conditional_escape(rest[:position])))
        kind = "link" if mark == link else "tag"
        pieces.append(
            f'<span class="social-card__{kind}">{conditional_escape(mark)}</span>'
        )
        rest = rest[position + len(mark) :]
    return mark_safe("".join(pieces).replace("\n", "<br>"))  # noqa: S308 (escaped above)
