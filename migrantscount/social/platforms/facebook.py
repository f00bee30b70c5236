"""Facebook Pages, through the Graph API (`graph.py`).

- Connecting: Facebook Login (`/dialog/oauth`, with a PKCE S256 challenge, which
  Facebook Login's OIDC code flow accepts) asks for `pages_show_list`,
  `pages_manage_posts`, `pages_read_engagement` and `read_insights`; the code
  becomes a short-lived user token, exchanged at once for a long-lived one
  (`fb_exchange_token`, about 60 days). `identities` lists the Pages it manages
  (`/me/accounts`) with their Page tokens: a Page token obtained from a long-lived
  user token has no expiry, so the account stores the Page token and no expiry.
  It still dies when the person changes their password or removes the app (Graph
  error 190): the account then needs reconnecting.
- Publishing: text (and link) to `POST /{page-id}/feed`; one image to
  `POST /{page-id}/photos` with the text as `message` and `alt_text_custom`;
  several images are uploaded unpublished and attached to one feed post
  (`attached_media`). No idempotency key exists: after an ambiguous failure,
  `lookup` reads the Page's `published_posts` since the send. Facebook refuses an
  identical text twice in a row with error 506 ("Duplicate status message"): when
  that answers a retry, the earlier post is looked up and taken as this one.
- Limits: Pages calls made with a Page token count against the Business Use Case
  limit (4,800 calls x engaged users per 24 h); the `X-Business-Use-Case-Usage`
  and `X-App-Usage` headers are read on every answer and hold the account at
  100 % until `estimated_time_to_regain_access`. Facebook documents no per-Page
  number of posts; the budget below paces calls at the BUC floor.
- Deleting: `DELETE /{post-id}`; a post already gone (error 100, subcode 33)
  counts as deleted.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from . import graph, limits
from .base import (
    Action,
    Budget,
    Connection,
    Draft,
    Identity,
    Media,
    Metrics,
    OAuthClient,
    RemoteRef,
    TokenSet,
)

KEY = "facebook"
NAME = "Facebook"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (Budget("calls", 4_800, timedelta(hours=24)),)
SCOPES = (
    "pages_show_list",
    "pages_manage_posts",
    "pages_read_engagement",
    "read_insights",
)
DUPLICATE = 506


def new_idempotency_key() -> str:
    # Not sent (the Graph API has none); kept so every delivery has one.
    return str(uuid.uuid4())


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    return limits.check(draft, KEY, variant=NAME)


def cost(action: Action, draft: Draft | None) -> dict[str, int]:
    images = len(draft.media) if draft is not None else 0
    if action == Action.PUBLISH:
        return {"calls": 1 + (images if images > 1 else 0)}
    return {"calls": 1}


def _page(connection: Connection) -> str:
    return connection.credentials["page_id"]


def _url(connection: Connection, path: str) -> str:
    return graph.versioned(connection.base_url or graph.graph_url(), path)


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    try:
        post_id = _create(connection, draft)
    except graph.GraphError as error:
        if graph.error_code(error)[0] != DUPLICATE:
            raise
        # A retry of a post Facebook already took: find that one.
        found = lookup(
            connection,
            draft,
            idempotency_key=idempotency_key,
            sent_at=datetime.now(UTC) - timedelta(hours=24),
        )
        if found is None:
            raise
        return found
    return _ref(connection, post_id)


def _create(connection: Connection, draft: Draft) -> str:
    page = _page(connection)
    if len(draft.media) == 1:
        body = _upload(connection, draft.media[0], message=draft.text, published=True)
        return str(body.get("post_id") or body["id"])
    form: dict[str, str] = {"message": draft.text}
    if draft.link:
        form["link"] = draft.link
    for number, media in enumerate(draft.media):
        photo = _upload(connection, media, message="", published=False)
        form[f"attached_media[{number}]"] = json.dumps({"media_fbid": photo["id"]})
    body = graph.call(
        "POST",
        _url(connection, f"{page}/feed"),
        network=NAME,
        connection=connection,
        data=form,
        ambiguous_after_send=True,
    )
    return str(body["id"])


def _upload(
    connection: Connection, media: Media, *, message: str, published: bool
) -> dict[str, Any]:
    form = {"alt_text_custom": media.alt_text, "published": str(published).lower()}
    if message:
        form["message"] = message
    return graph.call(
        "POST",
        _url(connection, f"{_page(connection)}/photos"),
        network=NAME,
        connection=connection,
        data=form,
        files={"source": ("image", media.content, media.mime_type)},
        ambiguous_after_send=published,
    )


def _ref(connection: Connection, post_id: str) -> RemoteRef:
    return graph.published_ref(
        connection,
        _url(connection, post_id),
        post_id,
        network=NAME,
        field="permalink_url",
        fallback_url=f"https://www.facebook.com/{post_id}",
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
        _url(connection, f"{_page(connection)}/published_posts"),
        network=NAME,
        text_field="message",
        time_field="created_time",
        link_field="permalink_url",
        text=draft.text,
        sent_at=sent_at,
    )


def delete(connection: Connection, ref: RemoteRef) -> None:
    graph.delete(connection, _url(connection, ref.remote_id), network=NAME)


def metrics(connection: Connection, ref: RemoteRef) -> Metrics:
    """Reactions, comments and shares of the post (Facebook reports no
    impressions for a Page post outside Page Insights)."""
    body = graph.call(
        "GET",
        _url(connection, ref.remote_id),
        network=NAME,
        connection=connection,
        params={
            "fields": "shares,reactions.limit(0).summary(total_count),"
            "comments.limit(0).summary(total_count)"
        },
    )
    values = {
        "reactions": _summary(body, "reactions"),
        "comments": _summary(body, "comments"),
        "shares": int((body.get("shares") or {}).get("count") or 0),
    }
    return graph.metrics_from(
        values, likes="reactions", replies="comments", reposts="shares"
    )


def _summary(body: dict[str, Any], edge: str) -> int:
    return int(((body.get(edge) or {}).get("summary") or {}).get("total_count") or 0)


# --- OAuth -------------------------------------------------------------------------


def authorization_url(client: OAuthClient, *, state: str, code_challenge: str) -> str:
    scopes = client.scopes or SCOPES
    return graph.with_query(
        graph.versioned(graph.facebook_www_url(), "dialog/oauth"),
        client_id=client.client_id,
        redirect_uri=client.redirect_uri,
        state=state,
        response_type="code",
        scope=",".join(scopes),
        code_challenge=code_challenge,
        code_challenge_method="S256",
    )


def exchange_code(client: OAuthClient, *, code: str, code_verifier: str) -> TokenSet:
    """The code for a short-lived user token, then that for a long-lived one."""
    token_url = graph.versioned(graph.graph_url(), "oauth/access_token")
    short = graph.call(
        "GET",
        token_url,
        network=NAME,
        params={
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "redirect_uri": client.redirect_uri,
            "code": code,
            "code_verifier": code_verifier,
        },
    )
    short_token, _expiry = graph.token_set_values(short)
    return long_lived_user_token(client, short_token)


def long_lived_user_token(client: OAuthClient, token: str) -> TokenSet:
    body = graph.call(
        "GET",
        graph.versioned(graph.graph_url(), "oauth/access_token"),
        network=NAME,
        params={
            "grant_type": "fb_exchange_token",
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "fb_exchange_token": token,
        },
    )
    access_token, expires_at = graph.token_set_values(body)
    # A long-lived user token cannot be refreshed without the person: at its
    # expiry they log in again. The Page tokens taken from it do not expire.
    return TokenSet(
        access_token=access_token,
        expires_at=expires_at,
        refresh_expires_at=expires_at,
    )


def pages(tokens: TokenSet) -> list[dict[str, Any]]:
    """The Pages the user token manages, with their Page tokens."""
    body = graph.call(
        "GET",
        graph.versioned(graph.graph_url(), "me/accounts"),
        network=NAME,
        token=tokens.access_token,
        params={
            "fields": "id,name,access_token,tasks,"
            "instagram_business_account{id,username}",
            "limit": "100",
        },
    )
    return list(body.get("data") or [])


def identities(client: OAuthClient, tokens: TokenSet) -> list[Identity]:
    return [
        Identity(
            remote_id=str(page["id"]),
            handle=str(page.get("name") or page["id"]),
            credentials={
                "access_token": str(page["access_token"]),
                "page_id": str(page["id"]),
            },
            base_url=graph.graph_url(),
            expires_at=None,
        )
        for page in pages(tokens)
        if page.get("access_token") and "CREATE_CONTENT" in (page.get("tasks") or [])
    ]


def refresh(client: OAuthClient, connection: Connection) -> TokenSet:
    """A Page token does not expire and cannot be refreshed: this checks it still
    works, and a dead one (error 190) needs a person to reconnect."""
    graph.call(
        "GET",
        _url(connection, "me"),
        network=NAME,
        connection=connection,
        params={"fields": "id"},
    )
    return TokenSet(access_token=connection.credentials["access_token"])
