import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from migrantscount.data.services.imports import DataImportError, import_file
from migrantscount.data.services.reference import load_reference_data

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "files"
# The import-format files shipped with the code, in a sensible order.
SHIPPED_FILES = [
    "undesa_migrant_stock/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    "undesa_migrant_stock/gdiviz_stocks_converted.csv",
    # Rev.2024 supersedes Rev.2020 where it has figures (not refugees, not the
    # split by sex of origin x destination), which stays as an older vintage.
    "undesa_migrant_stock_2024/undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx",
    "undesa_migrant_stock_2024/undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx",
    "undesa_migrant_stock_2024/"
    "undesa_2024_ims_destination_and_origin_table1_both_sexes_extract.xlsx",
    "wdi_remittances/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv",
    "wdi_remittances/personal-remittances-paid.xls",
    "wdi_remittances/remittances-received-percent-gdp.xls",
    "wdi_gdp/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_9865.csv",
    "remittance_prices/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv",
    "remittance_prices/sending-cost-to-country.xls",
    "remittance_prices/sending-cost-from-country.xls",
    "knomad_remittances/remittance-inflows.xlsx",
    "knomad_remittances/remittance-outflows.xlsx",
    "bilateral_remittance_matrix/WB_Bilateral_Remittance_Estimates_2017.xlsx",
]


def shipped_paths() -> list[Path]:
    return [SHIPPED_DIR / name for name in SHIPPED_FILES]


class Command(BaseCommand):
    help = (
        "Import official data files (UN DESA, WDI, RPW, KNOMAD). Each file is one "
        "transaction; a file already imported is skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="Import the files shipped in data/files/.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Re-read files already imported."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print reports as JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = list(options["paths"]) + (shipped_paths() if options["shipped"] else [])
        if not paths:
            raise CommandError("Name one or more files, or pass --shipped.")
        load_reference_data()
        failures = []
        for path in paths:
            try:
                report = import_file(path, force=options["force"])
            except DataImportError as error:
                failures.append(str(error))
                self.stderr.write(f"error: {error}")
                continue
            if options["json"]:
                self.stdout.write(json.dumps(report.as_dict()))
            elif options["verbosity"] > 0:
                self.stdout.write(
                    f"{report.file}: {report.status}; {report.dataset} {report.vintage}; "
                    f"{report.records_written} records, {report.missing_values} missing, "
                    f"{len(report.unknown_areas)} unknown areas"
                    + (
                        f" ({', '.join(report.unknown_areas)})"
                        if report.unknown_areas
                        else ""
                    )
                )
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be imported.")
