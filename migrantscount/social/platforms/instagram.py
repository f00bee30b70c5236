"""Instagram professional accounts, through the Graph API (`graph.py`).

Two ways in, chosen by `SOCIAL_INSTAGRAM_LOGIN`:

- **Instagram Login** (`"instagram"`, no Facebook Page needed): the person
  authorises at `www.instagram.com/oauth/authorize` with
  `instagram_business_basic` and `instagram_business_content_publish`; the code
  becomes a short-lived token at `api.instagram.com/oauth/access_token`, exchanged
  at once for a long-lived one (`ig_exchange_token`, 60 days), which `refresh`
  renews (`ig_refresh_token`, once it is at least 24 hours old). Calls go to
  `graph.instagram.com`. This API cannot delete posts: withdrawal makes a
  manual-takedown entry.
- **Facebook Login** (`"facebook"`): the professional account linked to a Page,
  found through the Page (`instagram_business_account`), posted to with the Page
  token (no expiry) on `graph.facebook.com`. Deleting is tried
  (`DELETE /{ig-media-id}`, which Meta's reference does not list but answers for
  accounts with `instagram_manage_contents`); a refusal makes a manual-takedown
  entry.

Publishing: the publishing quota is read first (`content_publishing_limit`:
`quota_usage` of `config.quota_total` in `config.quota_duration`; Meta's pages say
25, 50 and 100 posts per 24 hours in different places, so the number is read,
never assumed) and a spent quota waits an hour. Each image is stored where Meta can
fetch it (`PUBLIC_MEDIA_BASE_URL`), a container is made (`POST /{ig-user}/media`
with `image_url`, `caption` and `alt_text`; a carousel of children for several
images), polled until `status_code` is `FINISHED` (publishing earlier fails with
error 9007 / 2207027), then published (`POST /{ig-user}/media_publish`). No
idempotency key exists: `lookup` reads the account's own media since the send.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from . import facebook, graph, limits
from .base import (
    Action,
    Budget,
    Connection,
    Draft,
    Identity,
    Metrics,
    OAuthClient,
    PlatformError,
    RemoteRef,
    TokenSet,
)

KEY = "instagram"
NAME = "Instagram"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (
    # The lowest number Meta's current reference gives (media_publish: 50 / 24 h);
    # the account's own quota is read before each publication.
    Budget("posts", 50, timedelta(hours=24)),
    Budget("calls", 4_800, timedelta(hours=24)),
)
INSTAGRAM_SCOPES = ("instagram_business_basic", "instagram_business_content_publish")
FACEBOOK_SCOPES = (
    "instagram_basic",
    "instagram_content_publish",
    "instagram_manage_insights",
    "pages_show_list",
    "pages_read_engagement",
)
CONTAINER_WAIT_SECONDS = 60.0


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def login() -> str:
    return str(settings.SOCIAL_INSTAGRAM_LOGIN)


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    # PUBLIC_MEDIA_BASE_URL is checked at scheduling (services.posts) and by
    # `graph.publish_image` at publishing, which refuses without it.
    return limits.check(draft, KEY, variant=NAME)


def cost(action: Action, draft: Draft | None) -> dict[str, int]:
    images = len(draft.media) if draft is not None else 1
    if action == Action.PUBLISH:
        # Quota, containers, polls, the publication and its permalink.
        return {"posts": 1, "calls": 4 + 2 * images + (1 if images > 1 else 0)}
    return {"calls": 1}


def _user(connection: Connection) -> str:
    return connection.credentials["user_id"]


def _url(connection: Connection, path: str) -> str:
    return graph.versioned(connection.base_url or graph.instagram_graph_url(), path)


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    _check_quota(connection)
    media_id = graph.publish_container(
        connection,
        draft.media,
        network=NAME,
        url=functools.partial(_url, connection),
        container_path=f"{_user(connection)}/media",
        publish_path=f"{_user(connection)}/media_publish",
        form={"caption": draft.text},
        image={},
        status_field="status_code",
        wait_seconds=CONTAINER_WAIT_SECONDS,
    )
    return _ref(connection, media_id)


def _check_quota(connection: Connection) -> None:
    graph.check_quota(
        connection,
        _url(connection, f"{_user(connection)}/content_publishing_limit"),
        network=NAME,
        spent_message=_(
            "Instagram's publishing limit for this account is used up "
            "(%(used)s of %(total)s posts in 24 hours); trying again later."
        ),
    )


def _ref(connection: Connection, media_id: str) -> RemoteRef:
    return graph.published_ref(
        connection,
        _url(connection, media_id),
        media_id,
        network=NAME,
        field="permalink",
    )


def lookup(
    connection: Connection,
    draft: Draft,
    *,
    idempotency_key: str,
    sent_at: datetime,
) -> RemoteRef | None:
    return graph.find_recent(
        connection,
        _url(connection, f"{_user(connection)}/media"),
        network=NAME,
        text_field="caption",
        time_field="timestamp",
        link_field="permalink",
        text=draft.text,
        sent_at=sent_at,
    )


def delete(connection: Connection, ref: RemoteRef) -> None:
    if connection.credentials.get("login") != "facebook":
        raise PlatformError(
            _(
                "Instagram does not let accounts connected through Instagram Login "
                "delete posts: take it down by hand."
            ),
            permanent=True,
        )
    graph.delete(connection, _url(connection, ref.remote_id), network=NAME)


def metrics(connection: Connection, ref: RemoteRef) -> Metrics:
    body = graph.call(
        "GET",
        _url(connection, ref.remote_id),
        network=NAME,
        connection=connection,
        params={"fields": "like_count,comments_count"},
    )
    values = {
        "like_count": int(body.get("like_count") or 0),
        "comments_count": int(body.get("comments_count") or 0),
    }
    try:
        insights = graph.call(
            "GET",
            _url(connection, f"{ref.remote_id}/insights"),
            network=NAME,
            connection=connection,
            params={"metric": "views,shares"},
        )
    except PlatformError as error:
        if error.needs_reconnect or error.retry_at is not None:
            raise
        insights = {}  # insights need a permission some accounts lack
    values.update(graph.insight_values(insights))
    return graph.metrics_from(
        values,
        likes="like_count",
        replies="comments_count",
        reposts="shares",
        views="views",
    )


# --- OAuth -------------------------------------------------------------------------


def authorization_url(client: OAuthClient, *, state: str, code_challenge: str) -> str:
    if login() == "facebook":
        return facebook.authorization_url(
            OAuthClient(
                client.client_id,
                client.client_secret,
                client.redirect_uri,
                client.scopes or FACEBOOK_SCOPES,
            ),
            state=state,
            code_challenge=code_challenge,
        )
    # Instagram Login documents no PKCE; the state is still checked.
    return graph.with_query(
        f"{graph.instagram_www_url()}/oauth/authorize",
        client_id=client.client_id,
        redirect_uri=client.redirect_uri,
        state=state,
        response_type="code",
        scope=",".join(client.scopes or INSTAGRAM_SCOPES),
    )


def exchange_code(client: OAuthClient, *, code: str, code_verifier: str) -> TokenSet:
    if login() == "facebook":
        tokens = facebook.exchange_code(client, code=code, code_verifier=code_verifier)
        return TokenSet(
            access_token=tokens.access_token,
            expires_at=tokens.expires_at,
            refresh_expires_at=tokens.refresh_expires_at,
            extra={"login": "facebook"},
        )
    body, user_id = graph.long_lived_token(
        client,
        code=code,
        network=NAME,
        code_url=f"{graph.instagram_api_url()}/oauth/access_token",
        exchange_url=f"{graph.instagram_graph_url()}/access_token",
        grant_type="ig_exchange_token",
    )
    return _instagram_tokens(body, user_id)


def _instagram_tokens(body: dict[str, Any], user_id: str) -> TokenSet:
    access_token, expires_at = graph.token_set_values(body)
    extra = {"login": "instagram"}
    if user_id:
        extra["user_id"] = user_id
    # A long-lived token refreshed before its 60 days are over lasts 60 more, so no
    # person is needed while the refreshes work (a failed one tells the owners).
    return TokenSet(access_token=access_token, expires_at=expires_at, extra=extra)


def identities(client: OAuthClient, tokens: TokenSet) -> list[Identity]:
    if tokens.extra.get("login") == "facebook":
        return [
            Identity(
                remote_id=str(page["instagram_business_account"]["id"]),
                handle="@"
                + str(
                    page["instagram_business_account"].get("username")
                    or page["instagram_business_account"]["id"]
                ),
                credentials={
                    "access_token": str(page["access_token"]),
                    "user_id": str(page["instagram_business_account"]["id"]),
                    "page_id": str(page["id"]),
                    "login": "facebook",
                },
                base_url=graph.graph_url(),
            )
            for page in facebook.pages(tokens)
            if page.get("access_token") and page.get("instagram_business_account")
        ]
    body = graph.call(
        "GET",
        graph.versioned(graph.instagram_graph_url(), "me"),
        network=NAME,
        token=tokens.access_token,
        params={"fields": "user_id,username"},
    )
    user_id = str(body.get("user_id") or body.get("id") or tokens.extra.get("user_id"))
    return [
        Identity(
            remote_id=user_id,
            handle="@" + str(body.get("username") or user_id),
            credentials={
                "access_token": tokens.access_token,
                "user_id": user_id,
                "login": "instagram",
            },
            base_url=graph.instagram_graph_url(),
            expires_at=tokens.expires_at,
        )
    ]


def refresh(client: OAuthClient, connection: Connection) -> TokenSet:
    if connection.credentials.get("login") == "facebook":
        return facebook.refresh(client, connection)
    body = graph.call(
        "GET",
        f"{connection.base_url or graph.instagram_graph_url()}/refresh_access_token",
        network=NAME,
        params={
            "grant_type": "ig_refresh_token",
            "access_token": connection.credentials["access_token"],
        },
    )
    return _instagram_tokens(body, "")
