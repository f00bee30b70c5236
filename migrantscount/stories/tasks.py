from django_tasks import task

from migrantscount.core.lib import crypto

from . import notifications
from .models import Submission


@task
def send_receipt(submission_id: int, sealed_token: str) -> None:
    """`sealed_token`: the status token encrypted with the site's keys, so the
    queue table never holds a usable status link."""
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or submission.is_withdrawn:
        return
    notifications.send_receipt(submission, token=crypto.decrypt(sealed_token))


@task
def send_decision(submission_id: int, status: str) -> None:
    submission = Submission.objects.filter(pk=submission_id, status=status).first()
    if submission is not None:
        notifications.send_decision(submission)
