import time

from django.core.management.base import BaseCommand

from migrantscount.pages.demo import run_demo_steps
from migrantscount.pages.demo.builder import build_demo


class Command(BaseCommand):
    help = (
        "Build the demo campaign site in English, Spanish, French and Portuguese: "
        "home page, institutional pages, press releases, menu, branding and footer, "
        "then what other apps add (the country profiles, the example stories). "
        "Safe to run again: what exists is left alone."
    )

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        summary = build_demo()
        for line in summary.lines():
            self.stdout.write(line)
        for line in run_demo_steps():
            self.stdout.write(line)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo site ready in {elapsed:.1f} s."))
