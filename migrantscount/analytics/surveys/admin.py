"""Admin: survey waves (snippets) and each wave's results, open or closed.

Registered from analytics/wagtail_hooks.py. Editors create and edit waves; the
results view shows the same tables and charts as the public page, also while the
wave is open, for users who may change waves.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models.surveys import SurveyWave
from .views import results_context


class SurveyWaveViewSet(SnippetViewSet):  # type: ignore[misc]
    model = SurveyWave
    icon = "form"
    menu_label = _("Perception surveys")
    menu_name = "survey_waves"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "kind", "opens_at", "closes_at", "is_simulated"]
    list_filter = ["kind", "is_simulated"]
    panels = [
        MultiFieldPanel(
            ["name", "slug", "kind", "previous_wave", "is_simulated"],
            heading=_("The wave"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(["opens_at", "closes_at"]),
                "languages",
                FieldPanel("countries"),
            ],
            heading=_("When and for whom"),
        ),
        InlinePanel(
            "texts",
            label=_("Title, introduction and neutral text, per language"),
            min_num=1,
        ),
        MultiFieldPanel(
            [
                "treatment",
                "treatment_story",
                FieldRowPanel(["treatment_fact_country", "treatment_fact_id"]),
                "treatment_percent",
            ],
            heading=_("Survey experiment"),
        ),
        InlinePanel("campaign_items", label=_("Campaign items (optional)")),
    ]


def listing_buttons(snippet: Any, user: Any, next_url: str | None = None) -> Any:
    """ "Results" beside each wave in the listing."""
    if isinstance(snippet, SurveyWave) and user.has_perm("analytics.change_surveywave"):
        yield Button(
            _("Results"),
            reverse("analytics_survey_results", args=[snippet.pk]),
            icon_name="table",
            priority=30,
        )


@permission_required("analytics.change_surveywave")
def wave_results(request: HttpRequest, pk: int) -> HttpResponse:
    wave = get_object_or_404(
        SurveyWave.objects.prefetch_related("texts", "countries", "campaign_items"),
        pk=pk,
    )
    language = (translation.get_language() or "en").split("-")[0]
    context: dict[str, Any] = results_context(wave, language)
    context["is_open"] = not wave.is_closed()
    return render(request, "analytics/surveys/admin_results.html", context)


def admin_urls() -> list[URLPattern]:
    return [
        path(
            "surveys/<int:pk>/results/",
            wave_results,
            name="analytics_survey_results",
        )
    ]
