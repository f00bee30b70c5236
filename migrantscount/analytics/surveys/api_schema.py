"""The shapes of the surveys API's records (open_data.py builds them as dicts), for
its OpenAPI description only: nothing is serialized through these classes."""

from typing import Any

from rest_framework import serializers

from ..models.surveys import SurveyResponse
from ..statistics import MIN_CELL


class SurveyWaveSerializer(serializers.Serializer[Any]):
    """A closed wave: its questionnaire, design and results (open_data.wave_record)."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    is_simulated = serializers.BooleanField()
    simulated_note = serializers.CharField(allow_blank=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField(allow_null=True)
    languages = serializers.ListField(child=serializers.CharField())
    countries = serializers.ListField(
        child=serializers.CharField(), help_text="ISO3 codes."
    )
    previous_wave = serializers.SlugField(
        allow_null=True, help_text="The slug of the wave this one is compared with."
    )
    experiment = serializers.DictField(
        help_text="treatment, percent_assigned_to_campaign_item."
    )
    notes = serializers.ListField(child=serializers.CharField())
    questionnaire = serializers.DictField(
        help_text="Every question and answer in en, es, fr and pt."
    )
    results = serializers.DictField(
        help_text="Counts, the acceptance index and shares with 95% intervals; "
        "groups of too few responses are suppressed."
    )
    links = serializers.DictField(
        child=serializers.URLField(),
        help_text="self, responses, responses_csv and the results page.",
    )


class SurveyWaveDetailSerializer(SurveyWaveSerializer):
    method = serializers.DictField(
        help_text="The index's scoring, the intervals, suppression, sample and design."
    )


class SurveyResponseSerializer(serializers.Serializer[Any]):
    """One anonymous answer sheet (open_data.response_records); one more
    `campaign_<key>` answer (1 to 5) per campaign item of the wave."""

    number = serializers.IntegerField(min_value=1)
    is_simulated = serializers.BooleanField()
    arm = serializers.ChoiceField(choices=SurveyResponse.Arm.choices)
    campaign_item_shown = serializers.BooleanField()
    language = serializers.CharField()
    living = serializers.CharField(allow_blank=True)
    neighbour = serializers.CharField(allow_blank=True)
    relative = serializers.CharField(allow_blank=True)
    acceptance_index = serializers.IntegerField(
        allow_null=True, min_value=0, max_value=9
    )
    perceived_percent = serializers.IntegerField(
        allow_null=True, min_value=0, max_value=100
    )
    perceived_country = serializers.CharField(allow_blank=True)
    country = serializers.CharField(
        allow_blank=True,
        help_text=f"Country of residence; blank (as is age_bracket) where fewer than "
        f"{MIN_CELL} responses of the wave share both.",
    )
    age_bracket = serializers.CharField(allow_blank=True)
