import time
from argparse import ArgumentParser

from django.core.management.base import BaseCommand
from django.db import transaction

from migrantscount.core.page_cache import warming_paused
from migrantscount.pages.demo import run_demo_step, run_demo_steps
from migrantscount.pages.demo.builder import remove_stray_redirects, site_demo_step


class Command(BaseCommand):
    help = (
        "Build the demo campaign site in English, Spanish, French and Portuguese: "
        "home page, institutional pages, press releases, menu, branding and footer, "
        "then what other apps add (the country profiles, the example stories). "
        "Each step runs once per database: later runs leave what editors edited, "
        "unpublished or deleted alone, and run only steps added since."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help=(
                "Run every step again, for developers: recreates deleted demo pages "
                "and example stories and republishes unpublished demo pages (live "
                "pages and existing translations are still left alone)."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        rebuild = bool(options["rebuild"])
        # Pages are published, translated and given their translated slugs in turn:
        # warming each as it goes would fetch URLs that no longer exist.
        with warming_paused():
            self.stdout.write(run_demo_step(site_demo_step, rebuild=rebuild))
            for line in run_demo_steps(rebuild=rebuild):
                self.stdout.write(line)
        # Every run, after the on-commit callbacks that create the redirects.
        transaction.on_commit(remove_stray_redirects)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo site ready in {elapsed:.1f} s."))
