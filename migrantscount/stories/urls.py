from django.urls import path

from . import feeds, views

app_name = "stories"

urlpatterns = [
    path("", views.story_index, name="index"),
    path("feed/rss/", feeds.StoriesRssFeed(), name="feed_rss"),
    path("feed/atom/", feeds.StoriesAtomFeed(), name="feed_atom"),
    path("share/", views.share, name="submit"),
    path("status/<str:token>/", views.status, name="status"),
    path("<slug:slug>/", views.story_detail, name="detail"),
    path("<slug:slug>/card-<str:hashtag>.png", views.story_card, name="card"),
]
