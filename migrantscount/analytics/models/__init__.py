"""Models by subtopic: `reach` (aggregated web counts) and `surveys` (perception
survey waves, items, responses). Each module's models are re-exported here."""

from .reach import PageViewCount  # noqa: F401
from .surveys import (  # noqa: F401
    CampaignItem,
    SurveyResponse,
    SurveyWave,
    SurveyWaveText,
)
