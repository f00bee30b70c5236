from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_index, name="index"),
    path("<slug:slug>/", views.survey_form, name="form"),
    path("<slug:slug>/thanks/", views.survey_thanks, name="thanks"),
    path("<slug:slug>/results/", views.survey_results, name="results"),
]
