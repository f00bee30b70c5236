"""Bad input costs nothing: the address limit before any photo is decoded, and the
pixel count read from the header before decoding (memory measured in a subprocess)."""

import json
import subprocess
import sys
from io import BytesIO

import pytest
from PIL import Image

from migrantscount.stories.forms import submission as submission_forms

from .factories import form_data, upload


def flat_png(width: int, height: int) -> bytes:
    buffer = BytesIO()
    Image.new("L", (width, height), 255).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A PNG of 40 megapixels that weighs a few dozen kilobytes."""
    return flat_png(8000, 5000)


@pytest.mark.django_db
def test_refused_forms_count_and_the_limit_is_checked_before_decoding(
    client, settings, monkeypatch, bomb
) -> None:
    settings.STORIES_ATTEMPTS_PER_IP_PER_HOUR = 3
    decoded = []
    real = submission_forms.process_photo

    def counting(*args, **kwargs):
        decoded.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(submission_forms, "process_photo", counting)
    statuses = []
    for _attempt in range(5):
        data = form_data(text="short", allows_photo="on", photo=upload(bomb, "b.png"))
        response = client.post("/en/stories/share/", data, REMOTE_ADDR="203.0.113.9")
        statuses.append(response.status_code)
    assert statuses == [400, 400, 400, 429, 429]
    assert len(decoded) == 3  # the refused attempts were not decoded
    assert "short" in response.content.decode()  # the text is kept


def test_a_small_file_with_huge_dimensions_is_refused_from_its_header(bomb) -> None:
    from migrantscount.stories.photos import PhotoError, process_photo

    assert len(bomb) < 100_000
    with pytest.raises(PhotoError, match="too large"):
        process_photo(BytesIO(bomb), size=len(bomb))


BURST = """
import json, resource, sys, time
from io import BytesIO
import django
django.setup()
from migrantscount.stories.photos import PhotoError, process_photo
bomb = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
for _ in range(6):
    try:
        process_photo(BytesIO(bomb), size=len(bomb))
    except PhotoError:
        pass
print(json.dumps({
    "peak_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
    "cpu_s": time.process_time() - started,
}))
"""


def test_a_burst_of_pixel_bombs_costs_a_worker_little_memory_and_cpu(bomb) -> None:
    result = subprocess.run(
        [sys.executable, "-c", BURST],
        input=bomb,
        capture_output=True,
        check=True,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "migrantscount.settings.test",
        },
    )
    figures = json.loads(result.stdout.decode().strip().splitlines()[-1])
    print("burst of 6 x 40 MP PNG:", figures)  # noqa: T201 - the measured figures
    assert figures["peak_growth_mb"] < 20
    assert figures["cpu_s"] < 0.5
