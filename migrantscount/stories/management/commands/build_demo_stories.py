from django.core.management.base import BaseCommand

from migrantscount.stories.demo import example_stories_demo_step


class Command(BaseCommand):
    help = (
        "Create the fictional example stories and their translations (idempotent; "
        "build_demo also does this)."
    )

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(example_stories_demo_step())
