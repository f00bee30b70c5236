from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginFailure(models.Model):
    """One failed sign-in, kept only for the throttling window, then pruned."""

    username = models.CharField(_("username"), max_length=150)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("login failure")
        verbose_name_plural = _("login failures")
        indexes = [models.Index(fields=["username", "ip_address", "failed_at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.ip_address} {self.failed_at:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """Last sign of life of a background process (the worker, the scheduler)."""

    class Source(models.TextChoices):
        WORKER = "worker", _("Task worker")
        SCHEDULER = "scheduler", _("Scheduler")

    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, primary_key=True
    )
    beat_at = models.DateTimeField(_("last beat at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.source} {self.beat_at.isoformat()}"
