"""Files uploaded by data officers and imported by the worker."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A file uploaded by a data officer and imported by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        NEEDS_CONFIRMATION = "confirm", _("Needs confirmation")
        # The file does not say which dataset or edition it is, or when it was
        # released: a data officer confirms that before anything is imported.
        NEEDS_IDENTIFICATION = "identify", _("Needs confirmation of its edition")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Stage(models.TextChoices):
        READING = "reading", _("Reading the file")
        WRITING = "writing", _("Writing the figures")
        FINISHING = "finishing", _("Checking and finishing")

    file = models.FileField(_("file"), upload_to="data_imports/")
    original_name = models.CharField(_("file name"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Claims by a worker; a job whose worker died is re-queued once, then failed.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A file that would change or remove current figures waits for a data officer.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # What a data officer confirmed about a file that does not identify itself
    # (services.identity.Identity as JSON); the worker imports the file with it.
    identity = models.JSONField(_("confirmed edition"), default=dict, blank=True)
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition confirmed by"),
    )
    identified_at = models.DateTimeField(
        _("edition confirmed at"), null=True, blank=True
    )
    # How far the worker has got, written every few seconds (services.progress).
    progress_stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, blank=True
    )
    progress_done = models.PositiveIntegerField(_("units done"), default=0)
    progress_total = models.PositiveIntegerField(_("units in the stage"), default=0)
    progress_at = models.DateTimeField(_("progress updated at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def progress_fraction(self) -> float:
        """0 to 1 over the whole import: each stage has its share of the time
        (STAGE_SHARES); within a stage, the units done of its total."""
        if self.status == self.Status.DONE:
            return 1.0
        if self.status != self.Status.RUNNING or not self.progress_stage:
            return 0.0
        start = 0.0
        for stage, share in STAGE_SHARES.items():
            if stage == self.progress_stage:
                within = (
                    min(self.progress_done, self.progress_total) / self.progress_total
                    if self.progress_total
                    else 0.0
                )
                return start + share * within
            start += share
        return 0.0

    def seconds_left(self, now: dt.datetime) -> float | None:
        """Time left at the pace so far; None until a twentieth is done."""
        fraction = self.progress_fraction
        if self.status != self.Status.RUNNING or not self.started_at or fraction < 0.05:
            return None
        elapsed = max((now - self.started_at).total_seconds(), 0.0)
        return elapsed * (1 - fraction) / fraction


# Shares of an import's time by stage, measured on the shipped files (the Rev.2024
# extract: reading 2.3 s, writing and checking 1.0 s): reading dominates.
STAGE_SHARES = {
    ImportJob.Stage.READING: 0.6,
    ImportJob.Stage.WRITING: 0.35,
    ImportJob.Stage.FINISHING: 0.05,
}
