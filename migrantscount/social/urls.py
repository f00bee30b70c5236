"""Admin URLs of the social app, mounted under /admin/social/ by wagtail_hooks."""

from django.urls import path

from . import connect_views, views, views_approval, views_waves

app_name = "social_admin"

urlpatterns = [
    path("", views.post_index, name="posts"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/cancel/", views.post_cancel, name="post_cancel"),
    path("posts/<int:pk>/history/", views_approval.post_history, name="post_history"),
    path(
        "posts/<int:pk>/variants/<int:account_pk>/",
        views_approval.variant_edit,
        name="variant_edit",
    ),
    path("accounts/", views.account_index, name="accounts"),
    path("accounts/connect/bluesky/", views.connect_bluesky, name="connect_bluesky"),
    path("accounts/connect/mastodon/", views.connect_mastodon, name="connect_mastodon"),
    path(
        "accounts/connect/mastodon/callback/",
        views.mastodon_callback,
        name="mastodon_callback",
    ),
    path("connect/<str:network>/", connect_views.connect_oauth, name="connect_oauth"),
    path(
        "connect/<str:network>/callback/",
        connect_views.oauth_callback,
        name="oauth_callback",
    ),
    path(
        "connect/<str:network>/choose/",
        connect_views.oauth_choose,
        name="oauth_choose",
    ),
    path("accounts/channels/new/", views.add_channel, name="add_channel"),
    path("accounts/<int:pk>/", views.account_edit, name="account"),
    path("accounts/<int:pk>/pause/", views.account_pause, name="account_pause"),
    path(
        "accounts/<int:pk>/disconnect/",
        views.account_disconnect,
        name="account_disconnect",
    ),
    path("deliveries/", views.delivery_index, name="deliveries"),
    path("calendar/", views.delivery_calendar, name="calendar"),
    path("calendar/pack/", views.export_pack, name="export_pack"),
    path(
        "deliveries/<int:pk>/time/",
        views_waves.delivery_reschedule,
        name="delivery_reschedule",
    ),
    path(
        "deliveries/<int:pk>/<str:action>/",
        views.delivery_action,
        name="delivery_action",
    ),
    path("waves/new/", views_waves.wave_create, name="wave_create"),
    path("takedowns/", views.takedown_index, name="takedowns"),
    path("sending/", views.sending, name="sending"),
]
