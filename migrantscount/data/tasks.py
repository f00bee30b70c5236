from django_tasks import task

from .models import ImportJob
from .services import jobs


@task
def run_import_job(job_id: int) -> None:
    jobs.run_import_job(ImportJob.objects.get(pk=job_id))
