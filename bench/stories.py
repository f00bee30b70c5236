"""Submit 1,000 stories, each with a 1600 × 1200 photo carrying EXIF/GPS, through the
public form handler (Django test client: middleware, CSRF-exempt client, form
validation, sanitising, photo re-encoding, encryption, SQLite writes).

The baseline, measured in the same run, is the same handler with text-only submissions
(no photo): the ratio says what the photo pipeline costs on top of the form itself.

Last line: submissions_per_s=… text_only_per_s=… photo_ratio=…
"""

import os
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-stories-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrantscount.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["STORIES_PRIVATE_MEDIA_ROOT"] = str(TMP / "private")
os.environ.pop("TEST_DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from PIL import Image  # noqa: E402

from migrantscount.stories.models import Submission  # noqa: E402

COUNT = int(os.environ.get("BENCH_STORIES", "1000"))
BASELINE_COUNT = int(os.environ.get("BENCH_STORIES_BASELINE", "300"))


def photo_bytes() -> bytes:
    noise = Image.effect_noise((1600, 1200), 60)
    image = Image.merge("RGB", (noise, noise.rotate(90, expand=False), noise))
    exif = Image.Exif()
    exif[0x013B] = "Artist"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (4.0, 36.0, 35.0), "W", (74.0, 4.0, 54.0)
    output = BytesIO()
    image.save(output, "JPEG", quality=90, exif=exif)
    return output.getvalue()


def form_data(number: int) -> dict[str, object]:
    return {
        "title": f"Historia {number}",
        "text": "Llegué a Bogotá y abrí una panadería con mi hermana. " * 20,
        "name": "Ana",
        "age_bracket": "25_34",
        "origin_country": "VEN",
        "residence_country": "COL",
        "sector": "commerce",
        "sdgs": ["8", "10"],
        "contact": "ana@example.org",
        "name_display": "first_name",
        "allows_website": "on",
        "allows_photo": "on",
        "consent_version": "1",
        "consent_given": "on",
    }


def submit(client: Client, number: int, photo: bytes | None) -> None:
    data = form_data(number)
    if photo is not None:
        data["photo"] = SimpleUploadedFile("foto.jpg", photo, "image/jpeg")
    response = client.post(
        "/es/stories/share/",
        data,
        # One address per person: the per-address limit is not what is measured.
        REMOTE_ADDR=f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
    )
    if response.status_code != 302:
        raise SystemExit(f"submission {number} refused: {response.status_code}")


def main() -> None:
    call_command("migrate", verbosity=0)
    # Countries with coordinates, as `make run` loads them: each submission looks up
    # the distance from home.
    call_command("load_reference_data", verbosity=0)
    photo = photo_bytes()
    client = Client()
    started = time.perf_counter()
    for number in range(BASELINE_COUNT):
        submit(client, COUNT + number, None)
    baseline_elapsed = time.perf_counter() - started
    started = time.perf_counter()
    for number in range(COUNT):
        submit(client, number, photo)
    elapsed = time.perf_counter() - started
    stored = Submission.objects.exclude(photo="").count()
    assert stored == COUNT, stored
    per_s = COUNT / elapsed
    baseline_per_s = BASELINE_COUNT / baseline_elapsed
    print(f"photo: {len(photo) / 1024:.0f} KiB JPEG 1600x1200 with EXIF/GPS")
    print(
        f"{COUNT} submissions in {elapsed:.1f} s ({elapsed / COUNT * 1000:.1f} ms each); "
        f"{BASELINE_COUNT} text-only in {baseline_elapsed:.1f} s"
    )
    print(
        f"submissions_per_s={per_s:.1f} text_only_per_s={baseline_per_s:.1f} "
        f"photo_ratio={baseline_per_s / per_s:.2f}"
    )


if __name__ == "__main__":
    main()
