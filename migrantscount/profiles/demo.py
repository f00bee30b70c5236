"""The country profiles as a step of `manage.py build_demo` (see pages.demo)."""

from migrantscount.data.models import Country
from migrantscount.pages.demo import DemoStepNotReady, register_demo_step

from .services import build_country_pages


@register_demo_step
def country_pages_demo_step() -> str:
    if not Country.objects.oas_members().exists():
        # The OAS member list comes with the reference data; nothing to build yet.
        # Not recorded as built: the next build_demo tries again.
        raise DemoStepNotReady(
            "Country pages: none yet (run `manage.py load_reference_data` first)."
        )
    report = build_country_pages()
    return (
        f"Country pages: {len(report.created)} created, "
        f"{len(report.translated)} translations made."
    )
