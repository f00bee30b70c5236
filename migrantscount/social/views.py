"""Admin views for social networks: accounts, posts, deliveries, the pause switch
and the manual take-down list. Each view checks a permission, parses a form and
calls one service; the services enforce the rules again (four eyes, consent)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from migrantscount.core.lib import crypto
from migrantscount.core.lib.languages import language_codes
from migrantscount.data.models import Country

from .forms import (
    AccountForm,
    BlueskyConnectForm,
    CalendarFilterForm,
    DeliveryFilterForm,
    ExportChannelForm,
    MastodonConnectForm,
    PostForm,
    PostTextsForm,
    RejectPostForm,
    RepeatForm,
    ScheduleForm,
    language_name,
)
from .models import Account, Delivery, DispatchSwitch, Post
from .platforms import EXPORT_ONLY_NETWORKS, PLATFORMS
from .platforms.base import PlatformError
from .services import (
    accounts,
    calendar,
    channels,
    composed,
    connections,
    deliveries,
    export,
    metrics,
    oauth,
    posts,
    recurrence,
    spending,
    tokens,
    variants,
    waves,
)
from .services.connections import Audience
from .sources import COMPOSER_SOURCES, describe_source

VIEW_POST = "social.view_post"
ADD_POST = "social.add_post"
CHANGE_POST = "social.change_post"
APPROVE_POST = "social.approve_post"
VIEW_ACCOUNT = "social.view_account"
ADD_ACCOUNT = "social.add_account"
CHANGE_ACCOUNT = "social.change_account"
VIEW_DELIVERY = "social.view_delivery"
CHANGE_DELIVERY = "social.change_delivery"
VIEW_SWITCH = "social.view_dispatchswitch"
CHANGE_SWITCH = "social.change_dispatchswitch"

# Deliveries whose remote address still leads to a post (or may: a take-down by hand).
ON_NETWORK = (
    Delivery.Status.PUBLISHED,
    Delivery.Status.DELETE_PENDING,
    Delivery.Status.DELETING,
    Delivery.Status.MANUAL_TAKEDOWN,
)
PENDING_SESSION_KEY = "social_mastodon_pending"
PER_PAGE = 50

View = Callable[..., HttpResponse]


def needs(permission: str) -> Callable[[View], View]:
    """The permission, refused with 403 (not a login loop), and never cached."""

    def decorate(view: View) -> View:
        @wraps(view)
        @permission_required(permission, raise_exception=True)
        @never_cache
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _user(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in person (the admin lets no one else in)."""
    return cast(AbstractBaseUser, request.user)


def _context(title: str, icon: str = "site", **context: Any) -> dict[str, Any]:
    return {"page_title": title, "header_title": title, "header_icon": icon, **context}


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _report(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in _messages_of(error):
            messages.error(request, message)
    elif isinstance(error, PlatformError):
        messages.error(
            request,
            _("The network answered: %(message)s") % {"message": error.message},
        )
    else:
        messages.error(request, str(error))


# --- Accounts ---------------------------------------------------------------------


@needs(VIEW_ACCOUNT)
def account_index(request: HttpRequest) -> HttpResponse:
    rows = list(
        Account.objects.select_related("connected_by").prefetch_related("countries")
    )
    for account in rows:
        account.reconnect_url = tokens.reconnect_path(account)  # type: ignore[attr-defined]
        account.uses_oauth = oauth.is_oauth(account.platform)  # type: ignore[attr-defined]
        account.export_only = account.platform in EXPORT_ONLY_NETWORKS  # type: ignore[attr-defined]
        if spending.is_priced(account):
            account.spend = spending.summary(account)  # type: ignore[attr-defined]
    return render(
        request,
        "social/account_index.html",
        _context(
            _("Social accounts"),
            "user",
            accounts=rows,
            oauth_networks=[
                (key, PLATFORMS[key].NAME) for key in oauth.oauth_networks()
            ],
            can_connect=request.user.has_perm(ADD_ACCOUNT),
            can_change=request.user.has_perm(CHANGE_ACCOUNT),
        ),
    )


def _reconnecting(request: HttpRequest, platform: str) -> Account | None:
    pk = request.GET.get("account") or request.POST.get("account")
    if not pk or not str(pk).isdigit():
        return None
    return Account.objects.filter(pk=pk, platform=platform).first()


def _audience_initial(account: Account | None) -> dict[str, Any]:
    if account is None:
        return {}
    return {
        "language": account.language,
        "time_zone": account.time_zone,
        "countries": list(account.countries.all()),
        "limit_story_replies": account.limit_story_replies,
    }


@needs(ADD_ACCOUNT)
def connect_bluesky(request: HttpRequest) -> HttpResponse:
    account = _reconnecting(request, "bluesky")
    initial = _audience_initial(account)
    if account is not None:
        initial |= {"handle": account.handle, "base_url": account.base_url}
    form = BlueskyConnectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            connected = connections.connect_bluesky(
                base_url=form.cleaned_data["base_url"],
                handle=form.cleaned_data["handle"],
                app_password=form.cleaned_data["app_password"],
                user=_user(request),
                audience=form.audience(),
            )
        except PlatformError as error:
            form.add_error(
                None, _("Bluesky refused: %(message)s") % {"message": error.message}
            )
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Connected %(account)s.") % {"account": connected}
            )
            return redirect("social_admin:accounts")
    return render(
        request,
        "social/connect_form.html",
        _context(
            _("Reconnect a Bluesky account")
            if account
            else _("Connect a Bluesky account"),
            "user",
            form=form,
            account=account,
            network="bluesky",
        ),
        status=400 if form.errors else 200,
    )


@needs(ADD_ACCOUNT)
def connect_mastodon(request: HttpRequest) -> HttpResponse:
    account = _reconnecting(request, "mastodon")
    initial = _audience_initial(account)
    if account is not None:
        initial["instance_url"] = account.base_url
    form = MastodonConnectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        redirect_uri = request.build_absolute_uri(
            reverse("social_admin:mastodon_callback")
        )
        try:
            start = connections.start_mastodon(
                instance_url=form.cleaned_data["instance_url"],
                redirect_uri=redirect_uri,
            )
        except PlatformError as error:
            form.add_error(
                "instance_url",
                _("The instance answered: %(message)s") % {"message": error.message},
            )
        else:
            audience = form.audience()
            pending = {
                **start.pending,
                "state": start.state,
                "audience": {
                    "language": audience.language,
                    "time_zone": audience.time_zone,
                    "countries": [country.pk for country in audience.countries],
                    "limit_story_replies": audience.limit_story_replies,
                },
            }
            # The app's secret waits in the session encrypted, like stored credentials.
            request.session[PENDING_SESSION_KEY] = crypto.encrypt(json.dumps(pending))
            return redirect(start.authorize_url)
    return render(
        request,
        "social/connect_form.html",
        _context(
            _("Reconnect a Mastodon account")
            if account
            else _("Connect a Mastodon account"),
            "user",
            form=form,
            account=account,
            network="mastodon",
        ),
        status=400 if form.errors else 200,
    )


@needs(ADD_ACCOUNT)
def mastodon_callback(request: HttpRequest) -> HttpResponse:
    """The instance sends the person back with `code` and our `state`."""
    sealed = request.session.pop(PENDING_SESSION_KEY, None)
    pending: dict[str, Any] = json.loads(crypto.decrypt(sealed)) if sealed else {}
    state = request.GET.get("state", "")
    if not pending or not state or state != pending.get("state"):
        messages.error(
            request,
            _(
                "This answer from the instance does not belong to a connection "
                "started here (or it was already used). Start again."
            ),
        )
        return redirect("social_admin:accounts")
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(
            request,
            _("The instance did not authorise the connection: %(message)s")
            % {
                "message": request.GET.get("error_description")
                or request.GET.get("error")
                or _("no code")
            },
        )
        return redirect("social_admin:accounts")
    saved = pending["audience"]
    audience = Audience(
        language=saved["language"],
        time_zone=saved["time_zone"],
        countries=list(Country.objects.filter(pk__in=saved["countries"])),
        limit_story_replies=saved["limit_story_replies"],
    )
    try:
        account = connections.finish_mastodon(
            pending, code=request.GET["code"], user=_user(request), audience=audience
        )
    except (PlatformError, ValidationError) as error:
        _report(request, error)
        return redirect("social_admin:accounts")
    messages.success(request, _("Connected %(account)s.") % {"account": account})
    return redirect("social_admin:accounts")


@needs(ADD_ACCOUNT)
def add_channel(request: HttpRequest) -> HttpResponse:
    """An export-only channel: no credentials, only its audience."""
    form = ExportChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = channels.add_export_channel(
                platform=data["platform"],
                handle=data["handle"],
                language=data["language"],
                time_zone=data["time_zone"],
                countries=list(data["countries"]),
                user=_user(request),
                **({"base_url": data["base_url"]} if data["base_url"] else {}),
            )
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Added %(account)s.") % {"account": account})
            return redirect("social_admin:accounts")
    return render(
        request,
        "social/account_form.html",
        _context(_("Add an export-only channel"), "user", form=form),
        status=400 if form.errors else 200,
    )


@needs(CHANGE_ACCOUNT)
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(Account, pk=pk)
    form = AccountForm.for_account(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.update_audience(
                account,
                user=_user(request),
                display_name=data["display_name"],
                language=data["language"],
                time_zone=data["time_zone"],
                countries=list(data["countries"]),
                limit_story_replies=data["limit_story_replies"],
                owners=list(data["owners"]),
                monthly_budget=data["monthly_budget"],
                set_budget=True,
                requires_approval=data["requires_approval"],
            )
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved %(account)s.") % {"account": account})
            return redirect("social_admin:accounts")
    return render(
        request,
        "social/account_form.html",
        _context(str(account), "user", form=form, account=account),
        status=400 if form.errors else 200,
    )


@require_POST
@needs(CHANGE_ACCOUNT)
def account_pause(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(Account, pk=pk)
    paused = request.POST.get("paused") == "1"
    accounts.set_account_paused(account, paused=paused, user=_user(request))
    messages.success(
        request,
        (_("%(account)s paused.") if paused else _("%(account)s resumed."))
        % {"account": account},
    )
    return redirect("social_admin:accounts")


@needs(CHANGE_ACCOUNT)
def account_disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(Account, pk=pk)
    if request.method == "POST":
        accounts.disconnect_account(account, user=_user(request))
        messages.success(
            request,
            _("%(account)s disconnected; its credentials are forgotten.")
            % {"account": account},
        )
        return redirect("social_admin:accounts")
    return render(
        request,
        "social/confirm.html",
        _context(
            _("Disconnect %(account)s") % {"account": account},
            "user",
            question=_(
                "Forget this account's credentials? Nothing more is sent to it; "
                "posts that would have to be deleted from it go to the manual "
                "takedown list. You can reconnect it later; its history stays."
            ),
            confirm_label=_("Disconnect"),
            cancel_url=reverse("social_admin:accounts"),
        ),
    )


# --- Posts ------------------------------------------------------------------------


@needs(VIEW_POST)
def post_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = Post.objects.select_related("author", "approved_by").prefetch_related(
        "texts", "deliveries"
    )
    if status in Post.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "social/post_index.html",
        _context(
            _("Social posts"),
            "doc-full",
            posts=page,
            status=status,
            statuses=Post.Status.choices,
            can_add=request.user.has_perm(ADD_POST),
        ),
    )


@needs(ADD_POST)
def post_create(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = _create(request, form)
        except ValidationError as error:
            for message in _messages_of(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Draft post made. Read its texts, then submit it for approval."),
            )
            missing = sorted(
                set(form.cleaned_data["languages"])
                - set(post.texts.values_list("language", flat=True))
            )
            if missing:
                messages.warning(
                    request,
                    _(
                        "No text in %(languages)s: the source has no translation "
                        "in it (nothing is machine-translated), so accounts in "
                        "that language cannot be scheduled."
                    )
                    % {"languages": ", ".join(language_name(code) for code in missing)},
                )
            return redirect("social_admin:post", pk=post.pk)
    return render(
        request,
        "social/post_form.html",
        _context(_("New social post"), "doc-full", form=form),
        status=400 if form.errors else 200,
    )


def _create(request: HttpRequest, form: PostForm) -> Post:
    data = form.cleaned_data
    kind = data["source_kind"]
    languages = data["languages"] or None
    common: dict[str, Any] = {"author": _user(request), "title": data["title"]}
    if kind == Post.SourceKind.STORY:
        return posts.create_story_post(data["story"], languages=languages, **common)
    if kind == Post.SourceKind.DATA_FACT:
        return posts.create_fact_post(
            data["fact_id"].strip(),
            languages=languages,
            image=data["image"],
            alt_texts=form.alt_texts(),
            **common,
        )
    if kind in COMPOSER_SOURCES:
        post, _missing = composed.create_source_post(
            kind, data[f"source_{kind}"], languages=languages, **common
        )
        return post
    if kind == Post.SourceKind.PAGE:
        return posts.create_page_post(
            data["page"],
            languages=languages,
            image=data["image"],
            alt_texts=form.alt_texts(),
            **common,
        )
    return posts.create_post(
        texts=form.texts(),
        alt_texts=form.alt_texts(),
        link=data["link"],
        image=data["image"],
        **common,
    )


POST_ACTIONS: dict[str, str] = {
    "texts": CHANGE_POST,
    "refresh": CHANGE_POST,
    "submit": CHANGE_POST,
    "approve": APPROVE_POST,
    "reject": APPROVE_POST,
    "schedule": CHANGE_POST,
    "repeat": CHANGE_POST,
    "stop_repeating": CHANGE_POST,
}


@needs(VIEW_POST)
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.select_related("author", "approved_by", "image", "story"), pk=pk
    )
    texts_form = PostTextsForm(post=post)
    viewer_zone = str(_viewer_zone(request))
    schedule_form = ScheduleForm(viewer_zone=viewer_zone)
    reject_form = RejectPostForm()
    repeat_form = RepeatForm.for_post(post)
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action not in POST_ACTIONS or not request.user.has_perm(
            POST_ACTIONS[action]
        ):
            raise PermissionDenied
        bound: dict[str, Any] = {
            "texts": PostTextsForm(request.POST, post=post),
            "schedule": ScheduleForm(request.POST, viewer_zone=viewer_zone),
            "reject": RejectPostForm(request.POST),
            "repeat": RepeatForm.for_post(post, request.POST),
        }
        form = bound.get(action)
        if form is None or form.is_valid():
            try:
                response = _post_action(request, post, action, form)
            except (ValidationError, PlatformError) as error:
                _report(request, error)
            else:
                return response
        texts_form = bound["texts"] if action == "texts" else texts_form
        schedule_form = bound["schedule"] if action == "schedule" else schedule_form
        reject_form = bound["reject"] if action == "reject" else reject_form
        repeat_form = bound["repeat"] if action == "repeat" else repeat_form
        post.refresh_from_db()
    rows = _with_previews(post)
    return render(
        request,
        "social/post_detail.html",
        _context(
            str(post),
            "doc-full",
            post=post,
            texts=list(post.texts.all()),
            source_changed=post.status != Post.Status.CANCELLED
            and post.source_changed(),
            deliveries=rows,
            reach_total=_reach_total(rows),
            costs=_costs(post) if post.status != Post.Status.CANCELLED else [],
            variants=variants.variants_for(post)
            if post.status != Post.Status.CANCELLED
            else [],
            on_network=ON_NETWORK,
            texts_form=texts_form,
            schedule_form=schedule_form,
            reject_form=reject_form,
            repeat_form=repeat_form,
            viewer_zone=viewer_zone,
            source=describe_source(post),
            problems=posts.validate_post(post)
            if post.status in (Post.Status.DRAFT, Post.Status.REJECTED)
            else [],
            **_post_permissions(request, post),
        ),
        status=400 if request.method == "POST" else 200,
    )


def _with_previews(post: Post) -> list[Delivery]:
    """The deliveries, each with the text it sends (hashtag and tagged link in)
    and its latest reach snapshot."""
    rows = list(post.deliveries.select_related("account", "post"))
    latest = metrics.latest_by_delivery(rows)
    for delivery in rows:
        text = ""
        if delivery.status not in (Delivery.Status.CANCELLED, Delivery.Status.DELETED):
            text = posts.draft_for(delivery, with_media=False).text
        delivery.preview = text  # type: ignore[attr-defined]
        delivery.zone_name = delivery.time_zone or delivery.account.time_zone  # type: ignore[attr-defined]
        delivery.reach = latest.get(delivery.pk)  # type: ignore[attr-defined]
    return rows


def _reach_total(deliveries: list[Delivery]) -> dict[str, int | None] | None:
    snapshots = [d.reach for d in deliveries if getattr(d, "reach", None) is not None]  # type: ignore[attr-defined]
    if not snapshots:
        return None
    total = metrics.totals(snapshots)
    return total if any(value is not None for value in total.values()) else None


def _costs(post: Post) -> list[dict[str, Any]]:
    """What one delivery of this post costs on each pay-per-use account, with the
    month's figures, shown before scheduling."""
    from .platforms.base import Action

    rows = []
    for account in Account.objects.exclude(status=Account.Status.DISCONNECTED):
        if not spending.is_priced(account):
            continue
        probe = Delivery(post=post, account=account, language=account.language)
        price = spending.price(
            account, Action.PUBLISH, posts.draft_for(probe, with_media=False)
        )
        rows.append({"account": account, "price": price, **spending.summary(account)})
    return rows


def _post_permissions(request: HttpRequest, post: Post) -> dict[str, bool]:
    user = request.user
    can_change = user.has_perm(CHANGE_POST) and post.status != Post.Status.CANCELLED
    awaiting = post.status == Post.Status.AWAITING_APPROVAL
    return {
        "can_edit": can_change,
        "can_submit": can_change
        and post.status in (Post.Status.DRAFT, Post.Status.REJECTED),
        "can_approve": awaiting
        and user.has_perm(APPROVE_POST)
        and posts.can_approve(post, user),  # type: ignore[arg-type]
        "is_own_post": awaiting
        and user.has_perm(APPROVE_POST)
        and post.author_id == user.pk,
        "can_schedule": can_change and post.status != Post.Status.REJECTED,
        "can_cancel": can_change,
    }


def _post_action(
    request: HttpRequest, post: Post, action: str, form: Any
) -> HttpResponse:
    user: Any = request.user
    done = redirect("social_admin:post", pk=post.pk)
    if action == "texts":
        posts.update_texts(
            post, texts=form.texts(), alt_texts=form.alt_texts(), user=user
        )
        messages.success(request, _("Texts saved."))
    elif action == "refresh":
        posts.refresh_source(post, user=user)
        messages.success(request, _("Source recorded as it is now; re-read the texts."))
    elif action == "submit":
        posts.submit_for_approval(post, user=user)
        messages.success(request, _("Submitted for approval."))
    elif action == "approve":
        posts.approve_post(post, approver=user)
        messages.success(request, _("Approved. Scheduled deliveries can go out."))
    elif action == "reject":
        posts.reject_post(post, approver=user, note=form.cleaned_data["note"])
        messages.success(request, _("Sent back to its author."))
    elif action == "repeat":
        recurrence.set_repeat_rule(
            post,
            every_weeks=form.cleaned_data["every_weeks"],
            until=form.cleaned_data["until"],
            user=user,
        )
        messages.success(request, _("Repeat rule saved."))
    elif action == "stop_repeating":
        recurrence.stop_repeating(post, user=user)
        messages.success(
            request, _("The post no longer repeats; repeats not out yet are cancelled.")
        )
    elif action == "schedule":
        count = _schedule(post, form, user=user)
        messages.success(
            request,
            ngettext(
                "Scheduled for %(count)s account.",
                "Scheduled for %(count)s accounts.",
                count,
            )
            % {"count": count},
        )
    return done


@needs(CHANGE_POST)
def post_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a post and its deliveries not yet out, after a confirmation."""
    post = get_object_or_404(Post, pk=pk)
    if request.method == "POST":
        posts.cancel_post(post, user=_user(request))
        messages.success(request, _("Post cancelled; nothing more goes out."))
        return redirect("social_admin:post", pk=post.pk)
    return render(
        request,
        "social/confirm.html",
        _context(
            _("Cancel %(post)s") % {"post": post},
            "doc-full",
            question=_(
                "Cancel this post? Its scheduled deliveries will not go out; posts "
                "already published stay on the networks. This cannot be undone."
            ),
            confirm_label=_("Cancel the post"),
            cancel_url=reverse("social_admin:post", args=[post.pk]),
            cancel_label=_("Keep the post"),
        ),
    )


def _schedule(post: Post, form: ScheduleForm, *, user: Any) -> int:
    """The local time in the chosen zone, or in each account audience's own."""
    data = form.cleaned_data
    made = waves.schedule_at_local_time(
        post,
        accounts=list(data["accounts"]),
        local_date=data["date"],
        local_time=data["time"],
        time_zone=data["time_zone"],
        not_after_delay=form.not_after_delay(),
        user=user,
    )
    return len(made)


# --- Deliveries, take-downs, the pause switch ---------------------------------------


@needs(VIEW_DELIVERY)
def delivery_index(request: HttpRequest) -> HttpResponse:
    form = DeliveryFilterForm(request.GET or None)
    rows = Delivery.objects.select_related("post", "account").order_by("-due_at", "-pk")
    if form.is_valid():
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["account"]:
            rows = rows.filter(account=form.cleaned_data["account"])
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    latest = metrics.latest_by_delivery(page.object_list)
    for delivery in page.object_list:
        delivery.reach = latest.get(delivery.pk)
    return render(
        request,
        "social/delivery_index.html",
        _context(
            _("Deliveries"),
            "list-ul",
            form=form,
            deliveries=page,
            query_string=query.urlencode(),
            can_change=request.user.has_perm(CHANGE_DELIVERY),
            retryable=deliveries.RETRYABLE,
            on_network=ON_NETWORK,
            cancellable=deliveries.CANCELLABLE,
        ),
    )


@needs(VIEW_DELIVERY)
def delivery_calendar(request: HttpRequest) -> HttpResponse:
    """Month or week of deliveries, by day in the viewer's zone; no JavaScript."""
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    viewer_zone = _viewer_zone(request)
    view = data.get("view") or calendar.MONTH
    anchor = data.get("date") or timezone.now().astimezone(viewer_zone).date()
    previous, following = calendar.previous_and_next(view, anchor)
    query = request.GET.copy()

    def link(**changes: str) -> str:
        values = query.copy()
        for key, value in changes.items():
            values[key] = value
        return f"?{values.urlencode()}"

    return render(
        request,
        "social/calendar.html",
        _context(
            _("Calendar"),
            "date",
            form=form,
            view=view,
            anchor=anchor,
            weeks=calendar.calendar_days(
                view=view, anchor=anchor, viewer_zone=viewer_zone, filters=data
            ),
            attention=calendar.needing_attention(data)[:PER_PAGE],
            viewer_zone=str(viewer_zone),
            previous_url=link(date=previous.isoformat(), view=view),
            next_url=link(date=following.isoformat(), view=view),
            month_url=link(view=calendar.MONTH, date=anchor.isoformat()),
            week_url=link(view=calendar.WEEK, date=anchor.isoformat()),
            languages=settings.LANGUAGES,
        ),
    )


@needs(VIEW_DELIVERY)
def export_pack(request: HttpRequest) -> HttpResponse:
    """The day's export pack as a ZIP download (?date=YYYY-MM-DD&language=es)."""
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        messages.error(request, _("Choose a day for the export pack."))
        return redirect("social_admin:calendar")
    languages = [
        code for code in request.GET.getlist("language") if code in language_codes()
    ]
    response = HttpResponse(
        export.build_pack(day=day, languages=languages or None),
        content_type="application/zip",
    )
    suffix = "-".join(languages) or "all"
    response["Content-Disposition"] = (
        f'attachment; filename="migrantscount-social-{day.isoformat()}-{suffix}.zip"'
    )
    return response


def _viewer_zone(request: HttpRequest) -> ZoneInfo:
    """The zone of the viewer's Wagtail profile, else the site's."""
    profile = getattr(request.user, "wagtail_userprofile", None)
    name = getattr(profile, "current_time_zone", "") or settings.TIME_ZONE
    return calendar.zone(name)


@require_POST
@needs(CHANGE_DELIVERY)
def delivery_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=pk)
    services = {
        "retry": (deliveries.retry_delivery, _("Delivery %(id)s will be tried again.")),
        "cancel": (deliveries.cancel_delivery, _("Delivery %(id)s cancelled.")),
        "done": (
            deliveries.mark_takedown_done,
            _("Take-down of delivery %(id)s marked done."),
        ),
    }
    if action not in services:
        raise PermissionDenied
    service, message = services[action]
    try:
        service(delivery, user=_user(request))
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, message % {"id": delivery.pk})
    fallback = reverse(
        "social_admin:takedowns" if action == "done" else "social_admin:deliveries"
    )
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/admin/") else fallback)


@needs(VIEW_DELIVERY)
def takedown_index(request: HttpRequest) -> HttpResponse:
    rows = (
        Delivery.objects.filter(
            status=Delivery.Status.MANUAL_TAKEDOWN, takedown_done_at__isnull=True
        )
        .select_related("post", "account")
        .order_by("delete_requested_at", "pk")
    )
    done = (
        Delivery.objects.filter(takedown_done_at__isnull=False)
        .select_related("account", "takedown_done_by")
        .order_by("-takedown_done_at")[:20]
    )
    return render(
        request,
        "social/takedown_index.html",
        _context(
            _("Manual takedowns"),
            "warning",
            deliveries=rows,
            done=done,
            can_change=request.user.has_perm(CHANGE_DELIVERY),
        ),
    )


@needs(VIEW_SWITCH)
def sending(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.user.has_perm(CHANGE_SWITCH):
            raise PermissionDenied
        paused = request.POST.get("paused") == "1"
        accounts.set_dispatch_paused(paused=paused, user=_user(request))
        messages.success(
            request,
            _("All sending paused.") if paused else _("Sending resumed."),
        )
        return redirect("social_admin:sending")
    switch = DispatchSwitch.objects.filter(pk=1).first()
    return render(
        request,
        "social/sending.html",
        _context(
            _("Sending"),
            "sliders",
            is_paused=bool(switch and switch.is_paused),
            switch=switch,
            can_change=request.user.has_perm(CHANGE_SWITCH),
            waiting=Delivery.objects.filter(status=Delivery.Status.SCHEDULED).count(),
            paused_accounts=Account.objects.filter(is_paused=True),
        ),
    )
