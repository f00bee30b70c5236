"""What a public story page shows beside the story: countries, their data profiles
and one data fact, share links with the campaign hashtag, other languages."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from migrantscount.data.models import Country
from migrantscount.profiles.facts import country_facts
from migrantscount.profiles.models import CountryPage

from . import geo
from .models import Scope, Story

SPANISH_HASHTAG = "MigrantesCuentan"
DEFAULT_HASHTAG = "MigrantsCount"
HASHTAGS = (SPANISH_HASHTAG, DEFAULT_HASHTAG)


def hashtag_for_language(language: str) -> str:
    """Spanish content uses #MigrantesCuentan, everything else #MigrantsCount."""
    return SPANISH_HASHTAG if language.split("-")[0] == "es" else DEFAULT_HASHTAG


def chosen_hashtag(value: str | None, language: str) -> str:
    return value if value in HASHTAGS else hashtag_for_language(language)


@dataclass(frozen=True)
class CountryLink:
    code: str
    name: str
    url: str


@dataclass(frozen=True)
class ShareLink:
    network: str
    url: str


def country_link(code: str, language: str) -> CountryLink:
    page = (
        CountryPage.objects.live()
        .filter(country__iso3=code, locale__language_code=language)
        .only("pk", "url_path")
        .first()
    )
    return CountryLink(code, geo.country_name(code, language), page.url if page else "")


def data_fact(story: Story, language: str) -> object | None:
    """One data fact about the destination (or else the origin), if data is loaded."""
    for code in (story.destination_country, story.origin_country):
        country = Country.objects.filter(iso3=code).first()
        if country is None:
            continue
        found = country_facts(country, language=language)
        if found:
            return found[0]
    return None


def share_links(*, url: str, text: str, hashtag: str) -> list[ShareLink]:
    message = f"{text} #{hashtag}"
    return [
        ShareLink(
            "X",
            "https://twitter.com/intent/tweet?"
            + urlencode({"text": message, "url": url}),
        ),
        ShareLink(
            "Bluesky",
            "https://bsky.app/intent/compose?"
            + urlencode({"text": f"{message} {url}"}),
        ),
        ShareLink(
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink(
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": url}),
        ),
        ShareLink(
            "WhatsApp", "https://wa.me/?" + urlencode({"text": f"{message} {url}"})
        ),
        ShareLink(
            "E-mail",
            f"mailto:?subject={quote(text)}&body={quote(f'{message} {url}')}",
        ),
    ]


def translations_of(story: Story) -> list[tuple[str, str, str]]:
    """(language code, language name, url) of the story's other live translations."""
    names = dict(settings.LANGUAGES)
    others = (
        Story.objects.public()
        .filter(translation_key=story.translation_key)
        .exclude(pk=story.pk)
        .select_related("locale")
    )
    return sorted(
        (
            other.language,
            names.get(other.language, other.language),
            other.get_absolute_url(),
        )
        for other in others
    )


def story_context(
    story: Story, request: HttpRequest | None, *, hashtag: str | None
) -> dict[str, object]:
    language = story.language
    hashtag = chosen_hashtag(hashtag, language)
    with translation.override(language):
        path = reverse("stories:detail", kwargs={"slug": story.slug})
        card_path = reverse(
            "stories:card", kwargs={"slug": story.slug, "hashtag": hashtag}
        )
    url = request.build_absolute_uri(path) if request else path
    names = dict(settings.LANGUAGES)
    may_share = story.consent_allows(Scope.SOCIAL)
    return {
        "story": story,
        "story_url": url,
        "card_url": request.build_absolute_uri(card_path) if request else card_path,
        "hashtag": hashtag,
        "other_hashtag": next(tag for tag in HASHTAGS if tag != hashtag),
        # Share links and the share card only with consent to social networks.
        "may_share": may_share,
        "share_links": share_links(url=url, text=story.title, hashtag=hashtag)
        if may_share
        else [],
        "origin": country_link(story.origin_country, language),
        "destination": country_link(story.destination_country, language),
        "fact": data_fact(story, language),
        "original_language_name": names.get(story.original_language, ""),
        "translations": translations_of(story) if story.live else [],
    }
