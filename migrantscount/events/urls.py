from django.urls import path

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.interview_index, name="index"),
    path("feed/atom/", feeds.InterviewsAtomFeed(), name="feed_atom"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("<uuid:uid>/", views.interview_detail, name="detail"),
    path("<uuid:uid>/interview.ics", views.interview_calendar, name="ics"),
]
