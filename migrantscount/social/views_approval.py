"""Admin views around approval: one account's own text for a post, and the post's
history (who wrote, changed, approved, sent back, scheduled; what went where)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import ModelLogEntry

from . import audit
from .models import Account, Post
from .services import overrides, variants
from .views import CHANGE_POST, VIEW_POST, _context, _report, _user, needs


class VariantTextForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Text for this account"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=overrides.MAX_LENGTH,
        help_text=gettext_lazy(
            "Without the hashtag and the link: they are added as for every variant."
        ),
    )
    alt_text = forms.CharField(
        label=gettext_lazy("Image description for this account"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=overrides.MAX_LENGTH,
        required=False,
    )


@needs(CHANGE_POST)
def variant_edit(request: HttpRequest, pk: int, account_pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("story", "image"), pk=pk)
    account = get_object_or_404(Account, pk=account_pk)
    if post.status == Post.Status.CANCELLED:
        messages.error(request, _("A cancelled post cannot be changed."))
        return redirect("social_admin:post", pk=post.pk)
    (variant,) = variants.variants_for(post, accounts=[account])
    form = VariantTextForm(
        initial={"body": variant.body, "alt_text": _own_alt_text(post, account)}
    )
    if request.method == "POST":
        if request.POST.get("action") == "reset":
            overrides.clear_variant_text(post, account=account, user=_user(request))
            messages.success(request, _("This account gets the proposed text again."))
            return _back(post, account)
        form = VariantTextForm(request.POST)
        if form.is_valid():
            try:
                overrides.set_variant_text(
                    post,
                    account=account,
                    body=form.cleaned_data["body"],
                    alt_text=form.cleaned_data["alt_text"],
                    user=_user(request),
                )
            except ValidationError as error:
                _report(request, error)
            else:
                messages.success(request, _("Text for this account saved."))
                return _back(post, account)
    return render(
        request,
        "social/variant_form.html",
        _context(
            _("Text for %(variant)s") % {"variant": variant.label},
            "edit",
            post=post,
            variant=variant,
            form=form,
        ),
        status=400 if request.method == "POST" else 200,
    )


def _own_alt_text(post: Post, account: Account) -> str:
    _body, alt_text, _own = overrides.text_for(post, account)
    return alt_text


def _back(post: Post, account: Account) -> HttpResponse:
    url = reverse("social_admin:post", args=[post.pk])
    return redirect(f"{url}#variant-{account.pk}")


# --- History ----------------------------------------------------------------------

REASONS = {
    "edited": gettext_lazy("a text changed"),
    "variant edited": gettext_lazy("one account's text changed"),
    "variant reset": gettext_lazy("one account's text returned to the proposed one"),
    "time changed": gettext_lazy("a delivery's time changed"),
    "accounts changed": gettext_lazy("accounts were added"),
    "source refreshed": gettext_lazy("its source was recorded again"),
    "source changed": gettext_lazy("its source changed"),
    "repeat changed": gettext_lazy("its repeat rule changed"),
}


def _detail(entry: ModelLogEntry) -> str:
    data: dict[str, Any] = entry.data or {}
    if entry.action == audit.POST_REJECTED:
        return str(data.get("note") or "")
    if entry.action == audit.POST_BACK_TO_APPROVAL:
        reason = str(data.get("reason") or "")
        return str(REASONS.get(reason, reason))
    if entry.action in (audit.POST_VARIANT_CHANGED, audit.POST_VARIANT_RESET):
        return str(data.get("account_name") or "")
    if entry.action == audit.POST_SCHEDULED:
        names = dict(
            Account.objects.filter(pk__in=data.get("accounts") or []).values_list(
                "pk", "handle"
            )
        )
        return ", ".join(
            str(names.get(pk, pk)) for pk in data.get("accounts") or []
        ) + (f" · {data['due_at']}" if data.get("due_at") else "")
    if entry.action in (audit.POST_REPEAT_SET, audit.POST_REPEAT_STOPPED):
        return _repeat_detail(data)
    if entry.action == audit.DELIVERY_RESCHEDULED:
        return str(data.get("due_at") or "")
    if "error" in data:
        return str(data["error"])
    return ""


def _rule_text(rule: Any) -> str:
    if not isinstance(rule, dict) or not rule.get("every_weeks"):
        return str(gettext_lazy("no repeat"))
    weeks = int(rule["every_weeks"])
    return ngettext(
        "every week until %(until)s",
        "every %(weeks)s weeks until %(until)s",
        weeks,
    ) % {"weeks": weeks, "until": rule.get("until") or ""}


def _repeat_detail(data: dict[str, Any]) -> str:
    previous = _rule_text(data.get("previous"))
    if "every_weeks" not in data:
        count = int(data.get("cancelled") or 0)
        return ngettext(
            "was %(rule)s; %(count)s repeat not out yet cancelled",
            "was %(rule)s; %(count)s repeats not out yet cancelled",
            count,
        ) % {"rule": previous, "count": count}
    return _("%(rule)s (was %(previous)s)") % {
        "rule": _rule_text(data),
        "previous": previous,
    }


def history_entries(post: Post) -> list[dict[str, Any]]:
    """The audit log of a post, oldest first, as rows for the history table."""
    entries = (
        ModelLogEntry.objects.for_instance(post)
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    return [
        {
            "at": entry.timestamp,
            "user": entry.user.get_username() if entry.user else "",
            "action": str(audit.LABELS.get(entry.action, entry.action)),
            "detail": _detail(entry),
        }
        for entry in entries
    ]


@needs(VIEW_POST)
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("author"), pk=pk)
    deliveries = list(
        post.deliveries.select_related("account", "takedown_done_by").order_by(
            "due_at", "pk"
        )
    )
    return render(
        request,
        "social/post_history.html",
        _context(
            _("History of %(post)s") % {"post": post},
            "history",
            post=post,
            entries=history_entries(post),
            deliveries=deliveries,
        ),
    )
