"""Admin forms for social accounts, posts and deliveries: they parse and validate;
the views hand the cleaned values to the services."""

from __future__ import annotations

import unicodedata
from datetime import time, timedelta
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.images.widgets import AdminImageChooser

from migrantscount.core.lib.languages import language_codes
from migrantscount.data.models import Country
from migrantscount.pages.models import NewsPage
from migrantscount.stories.models import Story

from .models import MAX_REPEAT_WEEKS, Account, Delivery, Network, Post
from .services import posts, waves
from .services.connections import DEFAULT_PDS, Audience
from .sources import COMPOSER_SOURCES


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def _time_zones() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


class CountryChoiceField(forms.ModelMultipleChoiceField[Country]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AudienceForm(forms.Form):
    """Who an account speaks to: its language, time zone and countries."""

    language = forms.ChoiceField(
        label=_("Audience language"),
        choices=settings.LANGUAGES,
        help_text=_("Posts go to this account in this language."),
    )
    time_zone = forms.ChoiceField(
        label=_("Audience time zone"),
        choices=_time_zones,
        initial="UTC",
        help_text=_("Due times of posts for this account are read in this zone."),
    )
    countries = CountryChoiceField(
        label=_("Audience countries"),
        queryset=Country.objects.oas_members().order_by("name_en"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The hashtag follows them: #MigrantesCuentan for Spanish-speaking "
            "countries (see Hashtag rules)."
        ),
    )
    limit_story_replies = forms.BooleanField(
        label=_("Limit replies to posts of migrants' stories"),
        required=False,
        initial=True,
        help_text=_(
            "Where the network allows it (Bluesky), only mentioned accounts can "
            "reply: stories draw harassment."
        ),
    )

    def audience(self) -> Audience:
        data = self.cleaned_data
        return Audience(
            language=data["language"],
            time_zone=data["time_zone"],
            countries=list(data["countries"]),
            limit_story_replies=data["limit_story_replies"],
        )


class BlueskyConnectForm(AudienceForm):
    field_order = ["handle", "app_password", "base_url"]

    handle = forms.CharField(
        label=_("Handle"),
        max_length=253,
        help_text=_("For example migrantscount.bsky.social"),
    )
    app_password = forms.CharField(
        label=_("App password"),
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Create one in Bluesky: Settings, Privacy and security, App passwords. "
            "Never the account's own password."
        ),
    )
    base_url = forms.URLField(
        label=_("Server (PDS)"),
        initial=DEFAULT_PDS,
        max_length=300,
        assume_scheme="https",
        help_text=_("Leave as it is unless the account lives on its own server."),
    )


class MastodonConnectForm(AudienceForm):
    field_order = ["instance_url"]

    instance_url = forms.CharField(
        label=_("Instance"),
        max_length=300,
        help_text=_(
            "The server the account is on, e.g. mastodon.social. You are sent there "
            "to authorise Migrants Count, then back here."
        ),
    )


class OAuthConnectForm(AudienceForm):
    """Only the audience: the network's own sign-in says who the account is."""


class ExportChannelForm(AudienceForm):
    """A channel without a publishing API (a WhatsApp channel): no credentials, only
    who it speaks to; a person posts to it from the day's export pack."""

    field_order = ["platform", "handle", "base_url"]

    platform = forms.ChoiceField(label=_("Network"), choices=())
    handle = forms.CharField(
        label=_("Channel name"),
        max_length=253,
        help_text=_(
            "As the team knows it, e.g. Migrantes Cuentan (Colombia); shown in the "
            "calendar and the export pack."
        ),
    )
    base_url = forms.URLField(
        label=_("Channel address"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Optional: its link, e.g. https://www.whatsapp.com/channel/…"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .platforms import EXPORT_ONLY_NETWORKS, PLATFORMS

        super().__init__(*args, **kwargs)
        del self.fields["limit_story_replies"]
        self.fields["platform"].choices = [  # type: ignore[attr-defined]
            (key, PLATFORMS[key].NAME) for key in EXPORT_ONLY_NETWORKS
        ]

    def clean_handle(self) -> str:
        handle = str(self.cleaned_data["handle"]).strip()
        if any(unicodedata.category(char) == "Cc" for char in handle):
            raise forms.ValidationError(_("Use a name without control characters."))
        return handle

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if Account.objects.filter(
            platform=data.get("platform"), handle=data.get("handle")
        ).exists():
            self.add_error(
                "handle",
                _("A channel with this name exists: change it from the list."),
            )
        return data


class IdentityChoiceForm(forms.Form):
    """Which of the identities a sign-in can post as become accounts here."""

    identities = forms.MultipleChoiceField(
        label=_("Accounts to connect"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each one chosen becomes an account here, with the same audience."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["identities"].choices = choices  # type: ignore[attr-defined]


class OwnerChoiceField(forms.ModelMultipleChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} <{obj.email}>" if obj.email else str(name)


class AccountForm(AudienceForm):
    field_order = ["display_name"]

    display_name = forms.CharField(
        label=_("Display name"), max_length=200, required=False
    )
    owners = OwnerChoiceField(
        label=_("Owners"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "E-mailed, in their own admin language, when the connection needs a "
            "person: 7 days before it expires, and at once when the network refuses "
            "it. The person who connected it is always told."
        ),
    )
    monthly_budget = forms.DecimalField(
        label=_("Monthly budget (USD)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "Pay-per-use networks (X) only: nothing is scheduled that would take the "
            "month's spending beyond it. Empty: no limit."
        ),
    )

    requires_approval = forms.BooleanField(
        label=_("Posts need approval"),
        required=False,
        initial=True,
        help_text=_(
            "Untick only for a channel where a person publishes by hand (an export "
            "pack): a post submitted for approval then goes to it without waiting."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True).exclude(email="")
        self.fields["owners"].queryset = people.order_by("username")  # type: ignore[attr-defined]

    @classmethod
    def for_account(cls, account: Account, data: Any = None) -> AccountForm:
        return cls(
            data,
            initial={
                "display_name": account.display_name,
                "language": account.language,
                "time_zone": account.time_zone,
                "countries": list(account.countries.all()),
                "limit_story_replies": account.limit_story_replies,
                "owners": list(account.owners.all()),
                "monthly_budget": account.monthly_budget,
                "requires_approval": account.requires_approval,
            },
        )


class StoryChoiceField(forms.ModelChoiceField[Story]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({language_name(obj.locale.language_code)})"


def _text_fields(form: forms.Form, *, required: bool = False) -> None:
    for code, name in settings.LANGUAGES:
        form.fields[f"body_{code}"] = forms.CharField(
            label=_("Text in %(language)s") % {"language": name},
            required=required,
            widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
        )
        form.fields[f"alt_{code}"] = forms.CharField(
            label=_("Image description in %(language)s") % {"language": name},
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            help_text=_("What a person who cannot see the image misses."),
        )


class PostForm(forms.Form):
    """A new post: where it comes from, and for free text its texts, link, image."""

    SOURCE_CHOICES = [
        (Post.SourceKind.STORY, _("A published story")),
        (Post.SourceKind.DATA_FACT, _("A data fact")),
        (Post.SourceKind.PAGE, _("A news page")),
        (Post.SourceKind.FREE_TEXT, _("Free text")),
    ]

    title = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("For the team only; never published."),
    )
    source_kind = forms.ChoiceField(
        label=_("Made from"),
        choices=SOURCE_CHOICES,
        widget=forms.RadioSelect,
        initial=Post.SourceKind.STORY,
    )
    story = StoryChoiceField(
        label=_("Story"),
        queryset=Story.objects.none(),
        required=False,
        help_text=_(
            "Only published stories whose person agreed to social networks. The "
            "texts are made from every published translation."
        ),
    )
    fact_id = forms.CharField(
        label=_("Data fact"),
        max_length=120,
        required=False,
        help_text=_(
            "The fact's stable id, shown under it on a country profile, e.g. "
            "MEX.remittances-gdp.2023."
        ),
    )
    page = forms.ModelChoiceField(
        label=_("News page"),
        queryset=NewsPage.objects.none(),
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        initial=list(language_codes()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a story, fact or page: the languages to make texts in."),
    )
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("Free text only; the campaign's UTM tags are added per network."),
    )
    image: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Image"),
        queryset=None,
        required=False,
        widget=AdminImageChooser,
        help_text=_("A story post uses the story's share card."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from wagtail.images import get_image_model

        super().__init__(*args, **kwargs)
        # One line per story (its original), and only those that may be shared:
        # the service checks the consent again.
        self.fields["story"].queryset = (  # type: ignore[attr-defined]
            Story.objects.filter(
                live=True, locale__language_code=F("original_language")
            )
            .filter(
                Q(submission__allows_social=True)
                | Q(submission__isnull=True, is_example=True)
            )
            .exclude(submission__status="withdrawn")
            .select_related("locale")
            .order_by("-last_published_at")
        )
        self.fields["page"].queryset = NewsPage.objects.live().order_by(  # type: ignore[attr-defined]
            "-first_published_at"
        )
        self.fields["image"].queryset = get_image_model().objects.all()  # type: ignore[attr-defined]
        # Sources other apps register (a live interview): social never imports them.
        kinds = self.fields["source_kind"]
        for source in COMPOSER_SOURCES.values():
            kinds.choices = [*kinds.choices, (source.kind, source.label)]  # type: ignore[attr-defined]
            self.fields[f"source_{source.kind}"] = forms.ChoiceField(
                label=str(source.label),
                required=False,
                choices=[("", "—"), *source.choices()],
                help_text=_(
                    "Texts only from its own translations: a language it lacks "
                    "stays without text and cannot be scheduled."
                ),
            )
        _text_fields(self)

    def registered_sources(self) -> list[Any]:
        return [self[f"source_{kind}"] for kind in COMPOSER_SOURCES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("source_kind")
        needed = {
            Post.SourceKind.STORY: ("story", _("Choose a story.")),
            Post.SourceKind.DATA_FACT: ("fact_id", _("Give the data fact's id.")),
            Post.SourceKind.PAGE: ("page", _("Choose a news page.")),
        }
        if kind in needed:
            name, message = needed[kind]
            if not data.get(name):
                self.add_error(name, message)
        elif kind in COMPOSER_SOURCES:
            if not data.get(f"source_{kind}"):
                self.add_error(f"source_{kind}", _("Choose one."))
        elif kind == Post.SourceKind.FREE_TEXT:
            if not any(data.get(f"body_{code}") for code in language_codes()):
                self.add_error(
                    f"body_{settings.LANGUAGE_CODE}",
                    _("Write the text in at least one language."),
                )
            if data.get("image"):
                for code, name in settings.LANGUAGES:
                    if data.get(f"body_{code}") and not data.get(f"alt_{code}"):
                        self.add_error(
                            f"alt_{code}",
                            _("Describe the image in %(language)s.")
                            % {"language": name},
                        )
        return data

    def texts(self) -> dict[str, str]:
        return _collect(self.cleaned_data, "body")

    def alt_texts(self) -> dict[str, str]:
        return _collect(self.cleaned_data, "alt")


def _collect(data: dict[str, Any], prefix: str) -> dict[str, str]:
    return {
        code: data[f"{prefix}_{code}"].strip()
        for code in language_codes()
        if data.get(f"{prefix}_{code}", "").strip()
    }


class PostTextsForm(forms.Form):
    """The texts of a post, one per language (the hashtag and link are added per
    account when it goes out)."""

    def __init__(self, *args: Any, post: Post, **kwargs: Any) -> None:
        initial = {}
        for text in post.texts.all():
            initial[f"body_{text.language}"] = text.body
            initial[f"alt_{text.language}"] = text.alt_text
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        _text_fields(self)

    def texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"body_{code}", "").strip()
            for code in language_codes()
            if self.cleaned_data.get(f"body_{code}", "").strip()
            or self.initial.get(f"body_{code}")
        }

    def alt_texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"alt_{code}", "").strip()
            for code in self.texts()
        }


class RejectPostForm(forms.Form):
    note = forms.CharField(
        label=_("What to change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the author."),
    )


class AccountChoiceField(forms.ModelMultipleChoiceField[Account]):
    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("%(account)s — %(language)s, %(time_zone)s")
            % {
                "account": obj,
                "language": language_name(obj.language),
                "time_zone": obj.time_zone,
            }
        )


class ScheduleForm(forms.Form):
    """When and where: a local date and time in a named IANA zone, by default each
    account audience's own zone; the deliveries keep the local time and zone, and
    their due instant is derived from them (services/waves.py)."""

    accounts = AccountChoiceField(
        label=_("Accounts"),
        queryset=Account.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each account gets the post's text in its audience language."),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The local date in the time zone below, e.g. 2026-12-23"),
    )
    time = forms.TimeField(
        label=_("Local time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("24-hour clock, e.g. 18:00 for an evening post."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_(
            "By default each account's audience zone (18:00 is 18:00 in Bogotá for "
            "a Colombian account and in Toronto for a Canadian one)."
        ),
    )
    not_after_hours = forms.IntegerField(
        label=_("Not sent later than (hours after the due time)"),
        min_value=1,
        max_value=24 * 14,
        required=False,
        help_text=_(
            "A delivery that could not go out by then expires instead of flooding "
            "out late. Default: %(hours)s hours."
        ),
    )

    def __init__(self, *args: Any, viewer_zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = Account.objects.exclude(  # type: ignore[attr-defined]
            status=Account.Status.DISCONNECTED
        )
        self.fields["not_after_hours"].help_text = str(
            self.fields["not_after_hours"].help_text
        ) % {"hours": settings.SOCIAL_NOT_AFTER_HOURS}
        choices: list[tuple[str, Any]] = [("", _("Each account's audience zone"))]
        if viewer_zone:
            choices.append((viewer_zone, _("Yours: %(zone)s") % {"zone": viewer_zone}))
        self.fields["time_zone"].choices = [*choices, *_time_zones()]  # type: ignore[attr-defined]
        if not self.is_bound:
            tomorrow = timezone.localdate() + timedelta(days=1)
            self.initial.setdefault("date", tomorrow)
            self.initial.setdefault("time", time(18, 0))

    def clean(self) -> dict[str, Any]:
        """A time the clocks skip in one of the zones it is read in is refused next
        to the time field, by the same check the service makes again."""
        data = super().clean() or {}
        day, moment = data.get("date"), data.get("time")
        if day is None or moment is None:
            return data
        zones = {
            data.get("time_zone") or account.time_zone
            for account in data.get("accounts") or []
        }
        for zone_name in sorted(zones):
            try:
                waves.local_due_at(day, moment, zone_name)
            except posts.PostError as error:
                for message in error.messages:
                    self.add_error("time", message)
        return data

    def not_after_delay(self) -> timedelta | None:
        hours = self.cleaned_data.get("not_after_hours")
        return timedelta(hours=hours) if hours else None


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Delivery.Status.choices],
    )
    account = forms.ModelChoiceField(
        label=_("Account"),
        required=False,
        queryset=Account.objects.all(),
        empty_label=_("Any account"),
    )


class SwitchForm(forms.Form):
    paused = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CalendarFilterForm(forms.Form):
    """The calendar's view and filters (GET; every field optional)."""

    view = forms.ChoiceField(
        label=_("View"),
        required=False,
        choices=[("month", _("Month")), ("week", _("Week"))],
    )
    date = forms.DateField(
        label=_("Showing"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    account = forms.ModelChoiceField(
        label=_("Account"),
        required=False,
        queryset=Account.objects.all(),
        empty_label=_("Any account"),
    )
    network = forms.ChoiceField(
        label=_("Network"),
        required=False,
        choices=[("", _("Any network")), *Network.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *settings.LANGUAGES],
    )
    country = forms.ModelChoiceField(
        label=_("Audience country"),
        required=False,
        queryset=Country.objects.filter(social_accounts__isnull=False).distinct(),
        empty_label=_("Any country"),
    )


class RepeatForm(forms.Form):
    """A post's repeat rule (services/recurrence.py checks the dates again)."""

    every_weeks = forms.IntegerField(
        label=_("Repeat every (weeks)"),
        min_value=1,
        max_value=MAX_REPEAT_WEEKS,
        help_text=_("From 1 to 52, e.g. 4 for about once a month."),
    )
    until = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The last local date a repeat may fall on, in each account's time zone; "
            "at most a year ahead, e.g. 2027-06-30."
        ),
    )

    @classmethod
    def for_post(cls, post: Post, data: Any = None) -> RepeatForm:
        initial = {"every_weeks": post.repeat_every_weeks, "until": post.repeat_until}
        return cls(data, initial=initial)
