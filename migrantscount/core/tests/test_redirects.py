import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page

from migrantscount.core.redirects import remove_translation_redirects
from migrantscount.core.wagtail_tree import ensure_wagtail_root

pytestmark = pytest.mark.django_db


def add(parent: Page, slug: str, locale: Locale, source: Page | None = None) -> Page:
    page = Page(title=slug, slug=slug, locale=locale)
    if source is not None:
        page.translation_key = source.translation_key
    return parent.add_child(instance=page)


def test_only_redirects_from_slugs_of_other_translations_are_removed() -> None:
    english = Locale.objects.get_or_create(language_code="en")[0]
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    root = ensure_wagtail_root()
    home = add(root, "home-en", english)
    inicio = add(root, "inicio", spanish, home)
    about = add(home, "about", english)
    acerca = add(inicio, "acerca", spanish, about)
    team = add(about, "team", english)
    equipo = add(acerca, "equipo", spanish, team)

    def redirect(old_path: str, page: Page, *, automatic: bool = True) -> Redirect:
        return Redirect.objects.create(
            old_path=old_path, redirect_page=page, automatically_created=automatic
        )

    redirect("/es/about", acerca)
    redirect("/es/about/team", equipo)
    kept = {
        redirect("/es/acerca-antes", acerca).pk,  # an editor's rename
        redirect("/es/about-us", acerca, automatic=False).pk,  # made by hand
        redirect("/es/acerca/equipo-viejo", equipo).pk,
    }

    removed = remove_translation_redirects(
        [about.translation_key, team.translation_key]
    )

    assert removed == 2
    assert set(Redirect.objects.values_list("pk", flat=True)) == kept
