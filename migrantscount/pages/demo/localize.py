"""Create translations through wagtail-localize, so the admin shows them as
translations of one source (with sync and edit-translation working)."""

import html
from collections.abc import Mapping

from django.db import models, transaction
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def _normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def translate_instance(
    instance: TranslatableMixin,
    locale: Locale,
    strings: Mapping[str, str],
    *,
    publish: bool = True,
) -> models.Model:
    """Translate a page or snippet into `locale` from a source→target string mapping.

    Every translatable string segment of the source must be in `strings` (compared with
    whitespace and HTML entities normalised), so a demo text never silently ships untranslated.
    """
    lookup = {_normalise(source): target for source, target in strings.items()}
    with transaction.atomic():
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source,
            target_locale=locale,
            defaults={"enabled": True},
        )
        segments = StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
        missing = []
        for segment in segments:
            target = lookup.get(_normalise(segment.string.data))
            if target is None:
                missing.append(segment.string.data)
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": html.escape(target, quote=False)
                    if "<" not in target
                    else target,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        if missing:
            raise ValueError(
                f"No {locale.language_code} translation for {len(missing)} string(s) of "
                f"{instance!r}: {missing[:3]}"
            )
        if isinstance(instance, Page):
            # save_target(publish=True) defers publishing to on_commit with an
            # in-memory copy of the page, which would overwrite tree counters
            # changed meanwhile; publishing the fresh revision here avoids that.
            translation.save_target(publish=False)
            target = instance.get_translation(locale)
            if publish:
                target.get_latest_revision().publish()
        else:
            translation.save_target(publish=True)
    return instance.get_translation(locale)
