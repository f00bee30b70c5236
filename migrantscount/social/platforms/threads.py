"""Threads, through its own Graph host `graph.threads.net` (`graph.py`).

- Connecting: `threads.com/oauth/authorize` (the Authorization Window's current
  address) with `threads_basic`,
  `threads_content_publish`, `threads_delete` and `threads_manage_insights` (the
  docs name no PKCE for Threads; the state is checked). The code becomes a
  short-lived token (`POST /oauth/access_token`, one hour), exchanged at once for a
  long-lived one (`th_exchange_token`, 60 days). `refresh` renews it
  (`th_refresh_token`) once it is at least 24 hours old; a token not refreshed
  within its 60 days is dead and a person must connect again.
- Publishing: the quota is read first (`threads_publishing_limit`: 250 posts per
  24 hours, `quota_usage` and `config.quota_total`; a spent quota waits an hour),
  then a container (`POST /{user}/threads`, `media_type` TEXT, IMAGE with
  `image_url` and `alt_text`, or a CAROUSEL of children), polled until its
  `status` is FINISHED, then `POST /{user}/threads_publish`. A post whose replies
  are limited (story posts, by default) is sent with `reply_control=mentioned_only`.
  Images are fetched by Meta from `PUBLIC_MEDIA_BASE_URL`. No idempotency key:
  `lookup` reads the profile's own threads since the send.
- Deleting: `DELETE /{media-id}`, at most 100 per 24 hours per profile.
- Metrics: `/{media-id}/insights` (views, likes, replies, reposts, quotes, shares).
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from . import graph, limits
from .base import (
    Action,
    Budget,
    Connection,
    Draft,
    Identity,
    Metrics,
    OAuthClient,
    RemoteRef,
    TokenSet,
)

KEY = "threads"
NAME = "Threads"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (
    Budget("posts", 250, timedelta(hours=24)),
    Budget("deletes", 100, timedelta(hours=24)),
)
SCOPES = (
    "threads_basic",
    "threads_content_publish",
    "threads_delete",
    "threads_manage_insights",
)
CONTAINER_WAIT_SECONDS = 60.0


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    # PUBLIC_MEDIA_BASE_URL is checked at scheduling (services.posts) and by
    # `graph.publish_image` at publishing, which refuses without it.
    return limits.check(draft, KEY, variant=NAME)


def cost(action: Action, draft: Draft | None) -> dict[str, int]:
    if action == Action.PUBLISH:
        return {"posts": 1}
    if action == Action.DELETE:
        return {"deletes": 1}
    return {}


def _user(connection: Connection) -> str:
    return connection.credentials["user_id"]


def _url(connection: Connection, path: str) -> str:
    return graph.versioned(
        connection.base_url or graph.threads_graph_url(),
        path,
        graph.threads_version(),
    )


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    _check_quota(connection)
    form = {"text": draft.text, "media_type": "TEXT"}
    if draft.limit_replies:
        # Story posts: only accounts the post mentions may reply (as on Bluesky).
        form["reply_control"] = "mentioned_only"
    media_id = graph.publish_container(
        connection,
        draft.media,
        network=NAME,
        url=functools.partial(_url, connection),
        container_path=f"{_user(connection)}/threads",
        publish_path=f"{_user(connection)}/threads_publish",
        form=form,
        image={"media_type": "IMAGE"},
        status_field="status",
        wait_seconds=CONTAINER_WAIT_SECONDS,
    )
    return _ref(connection, media_id)


def _check_quota(connection: Connection) -> None:
    graph.check_quota(
        connection,
        _url(connection, f"{_user(connection)}/threads_publishing_limit"),
        network=NAME,
        spent_message=_(
            "The Threads publishing limit for this profile is used up "
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
        _url(connection, f"{_user(connection)}/threads"),
        network=NAME,
        text_field="text",
        time_field="timestamp",
        link_field="permalink",
        text=draft.text,
        sent_at=sent_at,
    )


def delete(connection: Connection, ref: RemoteRef) -> None:
    graph.delete(connection, _url(connection, ref.remote_id), network=NAME)


def metrics(connection: Connection, ref: RemoteRef) -> Metrics:
    body = graph.call(
        "GET",
        _url(connection, f"{ref.remote_id}/insights"),
        network=NAME,
        connection=connection,
        params={"metric": "views,likes,replies,reposts,quotes,shares"},
    )
    return graph.metrics_from(
        graph.insight_values(body),
        likes="likes",
        replies="replies",
        reposts="reposts",
        quotes="quotes",
        views="views",
    )


# --- OAuth -------------------------------------------------------------------------


def authorization_url(client: OAuthClient, *, state: str, code_challenge: str) -> str:
    return graph.with_query(
        f"{graph.threads_www_url()}/oauth/authorize",
        client_id=client.client_id,
        redirect_uri=client.redirect_uri,
        state=state,
        response_type="code",
        scope=",".join(client.scopes or SCOPES),
    )


def exchange_code(client: OAuthClient, *, code: str, code_verifier: str) -> TokenSet:
    body, user_id = graph.long_lived_token(
        client,
        code=code,
        network=NAME,
        code_url=f"{graph.threads_graph_url()}/oauth/access_token",
        exchange_url=f"{graph.threads_graph_url()}/access_token",
        grant_type="th_exchange_token",
    )
    return _tokens(body, user_id)


def _tokens(body: dict[str, Any], user_id: str) -> TokenSet:
    access_token, expires_at = graph.token_set_values(body)
    # Refreshed within its 60 days it lasts 60 more: no person is needed while the
    # refreshes work (a failed one tells the owners at once).
    return TokenSet(
        access_token=access_token,
        expires_at=expires_at,
        extra={"user_id": user_id} if user_id else {},
    )


def identities(client: OAuthClient, tokens: TokenSet) -> list[Identity]:
    body = graph.call(
        "GET",
        graph.versioned(graph.threads_graph_url(), "me", graph.threads_version()),
        network=NAME,
        token=tokens.access_token,
        params={"fields": "id,username"},
    )
    user_id = str(body["id"])
    return [
        Identity(
            remote_id=user_id,
            handle="@" + str(body.get("username") or user_id),
            credentials={"access_token": tokens.access_token, "user_id": user_id},
            base_url=graph.threads_graph_url(),
            expires_at=tokens.expires_at,
        )
    ]


def refresh(client: OAuthClient, connection: Connection) -> TokenSet:
    body = graph.call(
        "GET",
        f"{connection.base_url or graph.threads_graph_url()}/refresh_access_token",
        network=NAME,
        params={
            "grant_type": "th_refresh_token",
            "access_token": connection.credentials["access_token"],
        },
    )
    return _tokens(body, "")
