from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("share/", views.share, name="submit"),
    path("status/<str:token>/", views.status, name="status"),
]
