from django.core.management.base import BaseCommand

from migrantscount.stories.demo import build_example_stories
from migrantscount.stories.models import Story


class Command(BaseCommand):
    help = "Create the fictional example stories and their translations (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        stories = build_example_stories()
        total = Story.objects.filter(is_example=True, live=True).count()
        self.stdout.write(
            f"{len(stories)} example stories; {total} live rows in all languages"
        )
