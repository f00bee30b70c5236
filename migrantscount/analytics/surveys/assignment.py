"""Random assignment to the experiment's arms, drawn on the server.

The arm is drawn when the form is drawn (the item shown first depends on it), carried
in the signed form token so that it cannot be chosen by the respondent, and logged on
the response with the share it was drawn with.
"""

from __future__ import annotations

import random
import secrets

from ..models.surveys import SurveyResponse, SurveyWave

_SYSTEM_RANDOM = secrets.SystemRandom()


def assign_arm(wave: SurveyWave, *, rng: random.Random | None = None) -> str:
    """CAMPAIGN with probability treatment_percent/100, else PLACEBO; NONE without an
    experiment. `rng` is for tests; the site draws from the operating system."""
    if not wave.has_experiment:
        return SurveyResponse.Arm.NONE
    draw = (rng or _SYSTEM_RANDOM).random()
    percent = int(wave.treatment_percent)
    if draw < percent / 100:
        return SurveyResponse.Arm.CAMPAIGN
    return SurveyResponse.Arm.PLACEBO
