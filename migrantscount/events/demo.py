"""Demo: a clearly labelled example series with occurrences ahead, and the live
interviews in the main menu beside the stories; its announcements go only to the
social demo's export-only example channels (never dispatched, so no network is
contacted), and wait for a second person's approval."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from migrantscount.pages.demo import DemoStepNotReady, register_demo_step
from migrantscount.pages.models import NavigationItem

from . import announcements, services
from .models import Platform, Series, SeriesText

EXAMPLE_NAME = "Example: Voices across the Americas"
TEXTS = {
    "en": (
        "Example: Voices across the Americas",
        "Demonstration content. Every other Wednesday a migrant talks live about "
        "their work and the place they now call home.",
    ),
    "es": (
        "Ejemplo: Voces de las Américas",
        "Contenido de demostración. Cada dos miércoles, una persona migrante habla "
        "en vivo de su trabajo y del lugar que hoy llama hogar.",
    ),
    "fr": (
        "Exemple : Voix des Amériques",
        "Contenu de démonstration. Un mercredi sur deux, une personne migrante parle "
        "en direct de son travail et du lieu qu'elle appelle aujourd'hui chez elle.",
    ),
    "pt": (
        "Exemplo: Vozes das Américas",
        "Conteúdo de demonstração. A cada duas quartas-feiras, uma pessoa migrante "
        "fala ao vivo sobre seu trabalho e o lugar que hoje chama de lar.",
    ),
}
# The social demo's export-only channels (WhatsApp, published by hand from the
# export pack): the only accounts an example may announce on.
EXAMPLE_CHANNELS = ("example-whatsapp-es", "example-whatsapp-en")
MENU_LABELS = {
    "en": "Live interviews",
    "es": "Entrevistas en vivo",
    "fr": "Entretiens en direct",
    "pt": "Entrevistas ao vivo",
}


def _next_wednesday() -> date:
    """The first Wednesday from tomorrow: the series' first interview. A first date
    on another day made the rule (every other Wednesday, weeks counted from the
    first date's) skip to the Wednesday two weeks on, beyond the announcement
    window (EVENTS_ANNOUNCE_AHEAD_DAYS, 14) when the demo was built on a Wednesday."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return tomorrow + timedelta(days=(2 - tomorrow.weekday()) % 7)


@register_demo_step
@transaction.atomic
def build_example_series() -> str:
    series = Series.objects.filter(name=EXAMPLE_NAME).first()
    if series is None:
        series = Series(
            name=EXAMPLE_NAME,
            first_date=_next_wednesday(),
            start_time=time(18, 0),
            time_zone="America/New_York",
            rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
            duration_minutes=45,
            platform=Platform.FACEBOOK_LIVE,
            watch_url="https://www.facebook.com/",
            languages="es,en",
            sdgs="8,10",
            is_example=True,
        )
        series.full_clean()
        series.save()
        for language, (title, summary) in TEXTS.items():
            SeriesText.objects.create(
                series=series, language=language, title=title, summary=summary
            )
    written = services.write_occurrences(series)
    added = _add_menu_items()
    return (
        f"Example interview series: {series.occurrences.count()} occurrences "
        f"({len(written)} new), menu items added: {added}"
    )


@register_demo_step
def announce_example_series() -> str:
    from migrantscount.social.models import Account

    series = Series.objects.filter(name=EXAMPLE_NAME).first()
    channels = list(Account.objects.filter(handle__in=EXAMPLE_CHANNELS))
    if series is None or len(channels) < len(EXAMPLE_CHANNELS):
        raise DemoStepNotReady(
            "Example interview announcements: waiting for the example series and "
            "the export-only example channels"
        )
    series.announcement_accounts.add(*channels)
    made = 0
    for interview in series.occurrences.upcoming()[:2]:
        made += len(announcements.plan_announcements(interview))
    return f"Example interview announcements (export-only channels): {made}"


def _add_menu_items() -> int:
    """ "Live interviews" right after "Stories" in every menu that has the stories."""
    key = uuid.uuid5(uuid.NAMESPACE_URL, "migrantscount:menu:interviews")
    added = 0
    for stories in NavigationItem.objects.filter(section="stories").select_related(
        "menu", "locale"
    ):
        menu = stories.menu
        if menu.items.filter(section="interviews").exists():
            continue
        item = NavigationItem.objects.create(
            menu=menu,
            locale=stories.locale,
            translation_key=key,
            label=MENU_LABELS.get(stories.locale.language_code, MENU_LABELS["en"]),
            section="interviews",
        )
        ordered = [
            row
            for row in menu.items.order_by(F("sort_order").asc(nulls_last=True), "pk")
            if row.pk != item.pk
        ]
        ordered.insert(ordered.index(stories) + 1, item)
        for position, row in enumerate(ordered):
            NavigationItem.objects.filter(pk=row.pk).update(sort_order=position)
        added += 1
    return added
