"""Admin: Live interviews (interviews, series, guests, hosts and interpreters,
consent texts). Saving a series writes its occurrences ahead at once."""

from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.log_actions import LogActionRegistry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from migrantscount.core.lib.log_actions import LogAction, register_log_actions

from . import admin_views, services
from .models import Guest, GuestConsentText, Interview, Person, Series

SOCIAL_PANEL = MultiFieldPanel(
    [
        "live_account",
        FieldPanel("announcement_accounts"),
        "announce_cancellation",
    ],
    heading=_("Facebook Live and announcements"),
)

SCHEDULE_PANELS = [
    "time_zone",
    "duration_minutes",
    FieldRowPanel(["platform", "watch_url"]),
    "host",
    "languages",
]


class InterviewViewSet(SnippetViewSet):  # type: ignore[misc]
    model = Interview
    icon = "media"
    menu_label = _("Interviews")
    menu_name = "interviews"
    list_display = ["__str__", "series", "status", "time_zone", "is_example"]
    list_filter = ["status", "platform", "series", "is_example"]
    ordering = ["starts_at"]
    panels = [
        InlinePanel("texts", label=_("Title and summary, per language"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel(["local_date", "local_time"]),
                *SCHEDULE_PANELS,
                "status",
            ],
            heading=_("When and where"),
        ),
        InlinePanel("appearances", label=_("Guests")),
        InlinePanel("interpretations", label=_("Interpreters")),
        MultiFieldPanel(
            [
                "recording_url",
                InlinePanel("captions", label=_("Captions (WebVTT)")),
            ],
            heading=_("Afterwards"),
        ),
        SOCIAL_PANEL,
        FieldPanel("countries"),
        "sdgs",
        "is_example",
    ]


class SeriesViewSet(SnippetViewSet):  # type: ignore[misc]
    model = Series
    icon = "date"
    menu_label = _("Series")
    menu_name = "series"
    list_display = ["name", "rule", "time_zone", "is_active", "is_example"]
    list_filter = ["is_active", "is_example"]
    panels = [
        "name",
        InlinePanel("texts", label=_("Title and summary, per language"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel(["first_date", "start_time"]),
                "rule",
                "exceptions",
                *SCHEDULE_PANELS,
                "is_active",
            ],
            heading=_("Recurrence"),
        ),
        SOCIAL_PANEL,
        FieldPanel("countries"),
        "sdgs",
        "is_example",
    ]


class GuestViewSet(SnippetViewSet):  # type: ignore[misc]
    model = Guest
    icon = "user"
    menu_label = _("Guests")
    menu_name = "guests"
    list_display = ["__str__", "public_name", "story", "language", "withdrawn_at"]
    panels = [
        MultiFieldPanel(
            ["name", "contact", "public_name", "language", "time_zone"],
            heading=_("The guest"),
        ),
        "story",
        MultiFieldPanel(
            [
                "consent_text",
                FieldRowPanel(["consent_method", "consent_given_at"]),
                "allows_live",
                "allows_recording_kept",
                "allows_recording_published",
                "allows_clips",
                "allows_name",
                "allows_face",
                "appearance",
                "do_not_record",
            ],
            heading=_("The guest's own consent"),
        ),
    ]


class PersonViewSet(SnippetViewSet):  # type: ignore[misc]
    model = Person
    icon = "group"
    menu_label = _("Hosts and interpreters")
    menu_name = "interview_people"
    list_display = ["name", "language", "time_zone"]
    panels = ["name", "contact", "language", "time_zone", "user"]


class GuestConsentTextViewSet(SnippetViewSet):  # type: ignore[misc]
    model = GuestConsentText
    icon = "doc-full"
    menu_label = _("Guest consent texts")
    menu_name = "guest_consent_texts"
    list_display = ["language", "version", "created_at"]
    panels = ["language", "version", "text"]


class LiveInterviewsGroup(SnippetViewSetGroup):  # type: ignore[misc]
    menu_label = _("Live interviews")
    menu_name = "live_interviews"
    menu_icon = "media"
    menu_order = 310
    items = (
        InterviewViewSet,
        SeriesViewSet,
        GuestViewSet,
        PersonViewSet,
        GuestConsentTextViewSet,
    )


register_snippet(LiveInterviewsGroup)


@hooks.register("after_create_snippet")  # type: ignore[untyped-decorator]
@hooks.register("after_edit_snippet")  # type: ignore[untyped-decorator]
def write_series_occurrences(request: Any, instance: Any) -> None:
    if isinstance(instance, Series):
        services.write_occurrences(instance)


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]
def register_events_admin_urls() -> list[URLPattern]:
    return [
        path(
            "interviews/guests/<int:pk>/withdraw/",
            admin_views.withdraw_guest,
            name="events_withdraw_guest",
        ),
        path(
            "interviews/<int:pk>/social/",
            admin_views.interview_social,
            name="events_interview_social",
        ),
    ]


class WithdrawGuestMenuItem(ActionMenuItem):  # type: ignore[misc]
    """ "Withdraw consent" in a guest's edit menu, for a guest still consenting."""

    label = _("Withdraw consent")
    name = "withdraw-guest"
    icon_name = "warning"
    order = 900

    def is_shown(self, context: dict[str, Any]) -> bool:
        instance = context.get("instance")
        return (
            isinstance(instance, Guest)
            and instance.pk is not None
            and not instance.is_withdrawn
            and context["request"].user.has_perm("events.change_guest")
        )

    def get_url(self, context: dict[str, Any]) -> str:
        return reverse("events_withdraw_guest", args=[context["instance"].pk])


class InterviewSocialMenuItem(ActionMenuItem):  # type: ignore[misc]
    """ "Facebook Live and announcements" in an interview's edit menu."""

    label = _("Facebook Live and announcements")
    name = "interview-social"
    icon_name = "media"
    order = 910

    def is_shown(self, context: dict[str, Any]) -> bool:
        instance = context.get("instance")
        return isinstance(instance, Interview) and instance.pk is not None

    def get_url(self, context: dict[str, Any]) -> str:
        return reverse("events_interview_social", args=[context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")  # type: ignore[untyped-decorator]
def withdraw_guest_menu_item(model: type) -> ActionMenuItem | None:
    if model is Interview:
        return InterviewSocialMenuItem()
    return WithdrawGuestMenuItem() if model is Guest else None


@hooks.register("register_log_actions")  # type: ignore[untyped-decorator]
def register_events_log_actions(actions: LogActionRegistry) -> None:
    label = _("Guest's consent withdrawn")
    register_log_actions(
        actions, {admin_views.GUEST_WITHDRAWN: LogAction(label, label)}
    )
