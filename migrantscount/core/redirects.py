"""Redirects Wagtail records while wagtail-localize creates translations, removed.

wagtail-localize saves a new translation under its source page's slug and then
renames it; Wagtail's automatic redirects record that rename (and the moved paths of
the pages below) as redirects from paths that never served the translation. Builders
that create translations in bulk call this afterwards, on commit: the redirects are
themselves created by on-commit callbacks.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from uuid import UUID

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page


def remove_translation_redirects(translation_keys: Iterable[UUID]) -> int:
    """Delete automatic redirects to pages of these translation groups whose old path
    differs from the page's path only by slugs that other translations of the page
    (or of its ancestors) carry; return how many were deleted."""
    redirects = list(
        Redirect.objects.filter(
            automatically_created=True,
            redirect_page__translation_key__in=list(translation_keys),
        ).select_related("redirect_page")
    )
    chains = {
        redirect.pk: [
            *redirect.redirect_page.get_ancestors().filter(depth__gt=2),
            redirect.redirect_page,
        ]
        for redirect in redirects
    }
    keys = {node.translation_key for chain in chains.values() for node in chain}
    slugs: dict[UUID, set[str]] = defaultdict(set)
    for key, slug in Page.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "slug"
    ):
        slugs[key].add(slug)
    stray = [
        redirect.pk
        for redirect in redirects
        if _renamed_translation(redirect.old_path, chains[redirect.pk], slugs)
    ]
    Redirect.objects.filter(pk__in=stray).delete()
    return len(stray)


def _renamed_translation(
    old_path: str, chain: list[Page], slugs: Mapping[UUID, set[str]]
) -> bool:
    # The chain starts below the home page, which the language prefix (/es/) stands for.
    old_segments = old_path.strip("/").split("/")[1:]
    if len(old_segments) != len(chain):
        return False
    differences = [
        (segment, node)
        for segment, node in zip(old_segments, chain, strict=True)
        if segment != node.slug
    ]
    return bool(differences) and all(
        segment in slugs[node.translation_key] for segment, node in differences
    )
