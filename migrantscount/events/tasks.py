from django_tasks import task

from . import sync
from .models import Interview


@task
def sync_interview(interview_id: int) -> None:
    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is not None:
        sync.sync_interview(interview)
