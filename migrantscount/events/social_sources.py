"""How social shows and composes from an interview (social never imports events;
events registers here, see docs/architecture.md): the announcement or interview a
post came from, and "start from a live interview" in the composer."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from migrantscount.social.models import Post
from migrantscount.social.services import posts
from migrantscount.social.sources import (
    ComposedTexts,
    PostSource,
    register_composer_source,
    register_source_describer,
)

from .announcements import _when, text_in
from .models import Announcement, GuestScope, Interview

# Interviews offered to the composer: from a month ago on, nearest first.
OFFERED_SINCE = timedelta(days=30)
OFFERED_AT_MOST = 200


@register_source_describer(Post.SourceKind.INTERVIEW)
def describe_interview(post: Post) -> PostSource | None:
    if post.source_uid is None:
        return None
    announcement = (
        Announcement.objects.filter(uid=post.source_uid)
        .select_related("interview")
        .first()
    )
    if announcement is not None:
        interview = announcement.interview
        label = f"{interview} · {announcement.get_kind_display()}"
    else:
        found = Interview.objects.filter(uid=post.source_uid).first()
        if found is None:
            return None
        interview, label = found, str(found)
    return PostSource(
        label=label,
        url=reverse("wagtailsnippets_events_interview:edit", args=[interview.pk]),
    )


def interview_choices() -> list[tuple[str, str]]:
    rows = (
        Interview.objects.exclude(status=Interview.Status.CANCELLED)
        .filter(ends_at__gte=timezone.now() - OFFERED_SINCE)
        .prefetch_related("texts", "series__texts")
        .select_related("series")
        .order_by("starts_at")[:OFFERED_AT_MOST]
    )
    return [(str(interview.uid), str(interview)) for interview in rows]


def named_guests(interview: Interview) -> list[str]:
    """Names shown only for guests whose consent covers appearing live and showing
    the name."""
    names = []
    for appearance in interview.appearances.select_related("guest__story"):
        guest = appearance.guest
        if guest.consent_allows(GuestScope.LIVE) and guest.shown_name():
            names.append(guest.shown_name())
    return names


@register_composer_source(
    Post.SourceKind.INTERVIEW, label=_("A live interview"), choices=interview_choices
)
def compose_interview(uid: str, languages: list[str]) -> ComposedTexts | None:
    """A text per language from the interview's own (or its series') translation:
    title, time, summary, the guests who may be named; a language without one is
    reported missing, never translated."""
    try:
        interview = Interview.objects.filter(uid=uuid.UUID(str(uid))).first()
    except (ValueError, ValidationError):
        return None
    if interview is None:
        return None
    names = named_guests(interview)
    texts: dict[str, str] = {}
    missing: list[str] = []
    for language in languages:
        text = text_in(interview, language)
        if text is None:
            missing.append(language)
            continue
        with translation.override(language):
            parts = [
                _("Live: %(title)s. %(when)s.")
                % {"title": text.title, "when": _when(interview)}
            ]
            if names:
                parts.append(_("With %(names)s.") % {"names": ", ".join(names)})
            if text.summary:
                parts.append(str(text.summary))
        texts[language] = "\n\n".join(str(part) for part in parts)
    first = next(iter(texts), "")
    link = posts.absolute_url(interview.url_in(first)) if first else ""
    return ComposedTexts(texts=texts, missing=missing, link=link)
