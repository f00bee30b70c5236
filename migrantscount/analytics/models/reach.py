"""Web reach as aggregated counts: one row per day and combination of page, language,
referrer domain and UTM tags, holding how many views it had (analytics/counting.py).

No row holds anything about a reader: no cookie, IP address, user agent or
identifier is ever written; an empty string means "none" (a direct visit, no tag).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Sizes the counter truncates to before a value reaches a row.
PATH_LENGTH = 200
DOMAIN_LENGTH = 100
TAG_LENGTH = 64
DIMENSIONS = (
    "day",
    "path",
    "language",
    "referrer_domain",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
)


class PageViewCount(models.Model):
    """Views of one page on one day, from one referrer domain and set of UTM tags."""

    day = models.DateField(_("day"))
    path = models.CharField(_("page"), max_length=PATH_LENGTH)
    language = models.CharField(_("language"), max_length=8, blank=True)
    referrer_domain = models.CharField(
        _("referrer domain"), max_length=DOMAIN_LENGTH, blank=True
    )
    utm_source = models.CharField(_("utm_source"), max_length=TAG_LENGTH, blank=True)
    utm_medium = models.CharField(_("utm_medium"), max_length=TAG_LENGTH, blank=True)
    utm_campaign = models.CharField(
        _("utm_campaign"), max_length=TAG_LENGTH, blank=True
    )
    utm_content = models.CharField(_("utm_content"), max_length=TAG_LENGTH, blank=True)
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("page view count")
        verbose_name_plural = _("page view counts")
        constraints = [
            models.UniqueConstraint(fields=DIMENSIONS, name="analytics_reach_unique")
        ]
        indexes = [models.Index(fields=["day"], name="analytics_reach_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.path} ({self.language}): {self.views}"
