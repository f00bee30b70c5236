"""Admin views of the OAuth 2 connection (X, Facebook, Instagram, Threads, LinkedIn).

`/admin/social/connect/<network>/` asks for the audience and sends the person to
the network; the network sends them back to `.../callback/`; when the sign-in can
post as several identities (Pages, organisations), `.../choose/` lists them. What
waits between the steps (state, PKCE verifier, tokens) is kept in the session,
encrypted with the site's keys, and used once.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from migrantscount.core.lib import crypto
from migrantscount.data.models import Country

from .forms import IdentityChoiceForm, OAuthConnectForm
from .models import Account
from .platforms.base import PlatformError
from .services import accounts, oauth
from .services.connections import Audience
from .views import ADD_ACCOUNT, _audience_initial, _context, _report, _user, needs

START_KEY = "social_oauth_pending"
CHOOSE_KEY = "social_oauth_identities"


def _network(network: str) -> str:
    if not oauth.is_oauth(network):
        raise Http404
    return accounts.platform_for(network).NAME


def _seal(request: HttpRequest, key: str, value: dict[str, Any]) -> None:
    request.session[key] = crypto.encrypt(json.dumps(value))


def _unseal(request: HttpRequest, key: str) -> dict[str, Any]:
    sealed = request.session.pop(key, None)
    if not sealed:
        return {}
    try:
        value: dict[str, Any] = json.loads(crypto.decrypt(sealed))
    except (ValueError, TypeError):
        return {}
    return value


def _audience_json(audience: Audience) -> dict[str, Any]:
    return {
        "language": audience.language,
        "time_zone": audience.time_zone,
        "countries": [country.pk for country in audience.countries],
        "limit_story_replies": audience.limit_story_replies,
    }


def _audience(saved: dict[str, Any]) -> Audience:
    return Audience(
        language=saved["language"],
        time_zone=saved["time_zone"],
        countries=list(Country.objects.filter(pk__in=saved["countries"])),
        limit_story_replies=saved["limit_story_replies"],
    )


@needs(ADD_ACCOUNT)
def connect_oauth(request: HttpRequest, network: str) -> HttpResponse:
    name = _network(network)
    pk = request.GET.get("account") or request.POST.get("account") or ""
    account = (
        Account.objects.filter(pk=pk, platform=network).first()
        if str(pk).isdigit()
        else None
    )
    form = OAuthConnectForm(request.POST or None, initial=_audience_initial(account))
    if request.method == "POST" and form.is_valid():
        redirect_uri = request.build_absolute_uri(
            reverse("social_admin:oauth_callback", args=[network])
        )
        try:
            start = oauth.start_oauth(network, redirect_uri=redirect_uri)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            _seal(
                request,
                START_KEY,
                {
                    **start.pending,
                    "audience": _audience_json(form.audience()),
                    "account": account.pk if account else None,
                },
            )
            return redirect(start.authorize_url)
    title = (
        _("Reconnect %(account)s") % {"account": account}
        if account
        else _("Connect a %(network)s account") % {"network": name}
    )
    return render(
        request,
        "social/connect_form.html",
        _context(
            title,
            "user",
            form=form,
            account=account,
            network=network,
            network_name=name,
        ),
        status=400 if form.errors else 200,
    )


@needs(ADD_ACCOUNT)
def oauth_callback(request: HttpRequest, network: str) -> HttpResponse:
    """The network sends the person back with `code` and our `state` (or `error`)."""
    name = _network(network)
    pending = _unseal(request, START_KEY)
    state = request.GET.get("state", "")
    if (
        not pending
        or not state
        or state != pending.get("state")
        or (pending.get("network") != network)
    ):
        messages.error(
            request,
            _(
                "This answer from %(network)s does not belong to a connection started "
                "here (or it was already used). Start again."
            )
            % {"network": name},
        )
        return redirect("social_admin:accounts")
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(
            request,
            _("%(network)s did not authorise the connection: %(message)s")
            % {
                "network": name,
                "message": request.GET.get("error_description")
                or request.GET.get("error")
                or _("no code"),
            },
        )
        return redirect("social_admin:accounts")
    try:
        result = oauth.finish_oauth(pending, code=request.GET["code"])
    except (PlatformError, ValidationError) as error:
        _report(request, error)
        return redirect("social_admin:accounts")
    identities = result.identities
    reconnecting = Account.objects.filter(
        pk=pending.get("account") or 0, platform=network
    ).first()
    if reconnecting is not None and reconnecting.remote_id:
        same = [i for i in identities if i.remote_id == reconnecting.remote_id]
        identities = same or identities
    if not identities:
        messages.error(
            request,
            _(
                "This sign-in cannot post as any %(network)s account (for a Page or "
                "an organisation, the person must be one of its administrators)."
            )
            % {"network": name},
        )
        return redirect("social_admin:accounts")
    if len(identities) == 1:
        return _connect(request, network, pending, result.tokens, identities)
    _seal(
        request,
        CHOOSE_KEY,
        {
            "network": network,
            "audience": pending["audience"],
            "tokens": oauth.tokens_to_json(result.tokens),
            "identities": [oauth.identity_to_json(i) for i in identities],
        },
    )
    return redirect("social_admin:oauth_choose", network=network)


@needs(ADD_ACCOUNT)
def oauth_choose(request: HttpRequest, network: str) -> HttpResponse:
    """Which Pages or organisations the sign-in connects (one account each)."""
    name = _network(network)
    chosen = _unseal(request, CHOOSE_KEY)
    if not chosen or chosen.get("network") != network:
        messages.error(
            request,
            _("Nothing is waiting to be chosen here. Start the connection again."),
        )
        return redirect("social_admin:accounts")
    identities = [oauth.identity_from_json(data) for data in chosen["identities"]]
    choices = [(str(index), i.handle) for index, i in enumerate(identities)]
    data = request.POST if request.method == "POST" else None
    form = IdentityChoiceForm(data, choices=choices)
    if request.method == "POST" and form.is_valid():
        picked = [identities[int(index)] for index in form.cleaned_data["identities"]]
        tokens = oauth.tokens_from_json(chosen["tokens"])
        return _connect(request, network, chosen, tokens, picked)
    # Kept for the next answer (the form is shown again, or first shown).
    _seal(request, CHOOSE_KEY, chosen)
    return render(
        request,
        "social/oauth_choose.html",
        _context(
            _("Choose the %(network)s accounts to connect") % {"network": name},
            "user",
            form=form,
            network_name=name,
        ),
        status=400 if form.errors else 200,
    )


def _connect(
    request: HttpRequest,
    network: str,
    saved: dict[str, Any],
    tokens: Any,
    identities: list[Any],
) -> HttpResponse:
    audience = _audience(saved["audience"])
    for identity in identities:
        try:
            account = oauth.connect_identity(
                network,
                tokens=tokens,
                identity=identity,
                user=_user(request),
                audience=audience,
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(
                request, _("Connected %(account)s.") % {"account": account}
            )
    return redirect("social_admin:accounts")
