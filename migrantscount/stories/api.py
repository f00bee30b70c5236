"""Published stories in the open API (/api/v1/stories/): public fields only.

Never the submission, its reference or anything the person did not agree to show;
a Story holds only consented, redacted fields in the first place.
"""

import re

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from migrantscount.api.common import Pagination, PublicReadView, query_params
from migrantscount.api.schema import read_responses
from migrantscount.core.lib.languages import language_codes

from .models import Story


class StoryListApi(PublicReadView):
    class Input(serializers.Serializer):
        language = serializers.ChoiceField(
            choices=list(language_codes()), required=False
        )
        # Untrimmed, as in the data API, so the schema says exactly what is accepted.
        origin = serializers.RegexField(
            re.compile(r"^[A-Za-z]{3}\Z", re.ASCII),
            required=False,
            trim_whitespace=False,
        )
        destination = serializers.RegexField(
            re.compile(r"^[A-Za-z]{3}\Z", re.ASCII),
            required=False,
            trim_whitespace=False,
        )
        q = serializers.CharField(required=False, max_length=100, trim_whitespace=False)

    @extend_schema_serializer(component_name="Story")
    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        translation_key = serializers.UUIDField()
        language = serializers.CharField()
        original_language = serializers.CharField()
        title = serializers.CharField()
        quote = serializers.CharField()
        body = serializers.CharField()
        name = serializers.CharField(source="name_display")
        origin = serializers.CharField(source="origin_country")
        destination = serializers.CharField(source="destination_country")
        distance_km = serializers.IntegerField(allow_null=True)
        sector = serializers.CharField()
        sdgs = serializers.ListField(
            source="sdg_numbers", child=serializers.IntegerField()
        )
        is_example = serializers.BooleanField()
        url = serializers.SerializerMethodField()
        published_at = serializers.DateTimeField(source="first_published_at")

        def get_url(self, story: Story) -> str:
            return self.context["request"].build_absolute_uri(story.get_absolute_url())

    @extend_schema(
        summary="Published migrants' stories",
        description="Public fields of published stories only, oldest first. "
        "language: the story's language; origin, destination: ISO3 codes; "
        "q: words the story contains.",
        operation_id="listStory",
        parameters=[Input],
        responses=read_responses(Output(many=True)),
    )
    def get(self, request: Request) -> Response:
        # A plain dict: an empty value (?q=) is refused as in the rest of the API.
        params = self.Input(data=query_params(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        stories = Story.objects.public().select_related("locale").order_by("pk")
        if data.get("language"):
            stories = stories.filter(locale__language_code=data["language"])
        if data.get("origin"):
            stories = stories.filter(origin_country=data["origin"].upper())
        if data.get("destination"):
            stories = stories.filter(destination_country=data["destination"].upper())
        if data.get("q"):
            # Ranked, best first; stemmed in the language asked for, else in each.
            stories = stories.matching(data["q"], language=data.get("language"))
        return self.paginate(request, stories, self.Output)

    def paginate(self, request: Request, queryset, serializer):
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(
            serializer(page, many=True, context={"request": request}).data
        )


urlpatterns = [path("stories/", StoryListApi.as_view(), name="stories")]
