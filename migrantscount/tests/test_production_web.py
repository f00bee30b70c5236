"""The web process exactly as `make run` starts it (the "web:" line of scripts/run.sh,
real granian, production settings): what it serves from disk, and what it refuses."""

import http.client
import json
import re
import subprocess
from io import BytesIO

import pytest
import requests
from PIL import Image

from .helpers import (
    BIN,
    ROOT,
    free_port,
    migrate_and_collect,
    production_env,
    start,
    stop,
    wait_for_port,
)

# The site runs in its own processes on its own SQLite file: once is enough.
pytestmark = pytest.mark.own_processes


def run_sh_command(name: str, **variables: str) -> list[str]:
    """One line of scripts/run.sh's process table, as bash expands it."""
    import shlex

    text = (ROOT / "scripts" / "run.sh").read_text()
    table = re.search(r"^processes=\(\n(.*?)^\)", text, re.MULTILINE | re.DOTALL)
    assert table, "scripts/run.sh has no processes=( ... ) table"
    assignments = "".join(
        f"{key}={shlex.quote(value)}\n" for key, value in variables.items()
    )
    script = f'{assignments}processes=(\n{table.group(1)})\nprintf "%s\\n" "${{processes[@]}}"'
    lines = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    line = next(line for line in lines if line.startswith(f"{name}:"))
    argv = shlex.split(line.partition(":")[2])
    if argv[0] in {"granian", "python"}:
        argv[0] = str(BIN / argv[0])
    return argv


def jpeg_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production-web")
    port = free_port()
    env = production_env(tmp_path, port)
    migrate_and_collect(env)
    media, private = tmp_path / "media", tmp_path / "private-media"
    files = {
        media / "images" / "photo.fill-8x8.jpg": jpeg_bytes(),
        media
        / "stories"
        / "cards"
        / "story-1-2-migrantscount.png": b"\x89PNG\r\n\x1a\n",
        media / "data_imports" / "officer-upload.csv": b"secret,import\n",
        media / "original_images" / "editor-upload.jpg": jpeg_bytes(),
        media / "documents" / "private-report.pdf": b"%PDF-1.4",
        private / "stories" / "submission.jpg.enc": b"gAAAAA-encrypted",
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    web = start(run_sh_command("web", PORT=str(port)), env, tmp_path / "web.log")
    try:
        wait_for_port(port, timeout=60)
        yield {"base": f"http://127.0.0.1:{port}", "port": port, "tmp": tmp_path}
    finally:
        stop(web)


def raw_get(port: int, path: str) -> http.client.HTTPResponse:
    """A GET whose path is sent exactly as written (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_compressed_static_files_reach_the_browser_readable(site):
    """make run served site.css gzipped twice (the page cache kept whitenoise's
    pre-compressed answer and compressed it again): every page showed unstyled."""
    manifest = json.loads(
        (site["tmp"] / "static" / "staticfiles.json").read_text(encoding="utf-8")
    )
    hashed = manifest["paths"]["css/site.css"]
    expected = (site["tmp"] / "static" / hashed).read_bytes()
    for _ in range(3):  # a miss, then what any cache in the way would serve
        response = requests.get(
            f"{site['base']}/static/{hashed}",
            headers={"Accept-Encoding": "gzip"},
            timeout=30,
        )
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.content == expected  # requests decodes gzip once


def test_published_photo_renditions_are_served_with_long_cache_headers(site):
    response = requests.get(
        f"{site['base']}/media/images/photo.fill-8x8.jpg", timeout=30
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.content == jpeg_bytes()
    max_age = re.search(r"max-age=(\d+)", response.headers["Cache-Control"])
    assert max_age and int(max_age.group(1)) >= 86_400
    assert "public" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_share_cards_are_served(site):
    response = requests.get(
        f"{site['base']}/media/stories/cards/story-1-2-migrantscount.png", timeout=30
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "path",
    [
        "/media/data_imports/officer-upload.csv",
        "/media/original_images/editor-upload.jpg",
        "/media/documents/private-report.pdf",
        "/media/images/../data_imports/officer-upload.csv",
        "/media/images/%2e%2e/data_imports/officer-upload.csv",
        "/media/images/..%2fdata_imports/officer-upload.csv",
        "/media/images/../../private-media/stories/submission.jpg.enc",
        "/media/images/%2e%2e/%2e%2e/private-media/stories/submission.jpg.enc",
        "/media/images/",
        "/media/images",
        "/private-media/stories/submission.jpg.enc",
    ],
)
def test_private_media_and_data_uploads_are_never_served(site, path):
    response = raw_get(site["port"], path)
    assert response.status in {301, 302, 404}, path
    if response.status != 404:  # a redirect must not lead to the file either
        location = response.getheader("Location")
        assert requests.get(site["base"] + location, timeout=30).status_code == 404


def raw_request(port: int, head: str, body: bytes = b"") -> tuple[int, str, float]:
    """Send a request head (and at most a little body), return status, text, seconds."""
    import socket
    import time

    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            if b"</html>" in received:
                break
    status = int(received.split(b" ", 2)[1])
    return status, received.decode(errors="replace"), time.monotonic() - started


def test_an_oversized_upload_is_refused_before_its_body_is_read(site):
    head = (
        "POST /es/stories/share/ HTTP/1.1\nHost: 127.0.0.1\n"
        "Content-Type: multipart/form-data; boundary=x\n"
        f"Content-Length: {50 * 1024 * 1024}\n"
    )
    status, text, seconds = raw_request(site["port"], head, b"--x\r\n")
    assert status == 413
    assert "demasiado grande" in text  # in the form's language
    assert seconds < 5  # answered without waiting for 50 MB


def test_a_chunked_upload_without_length_is_refused(site):
    head = (
        "POST /fr/stories/share/ HTTP/1.1\nHost: 127.0.0.1\n"
        "Content-Type: multipart/form-data; boundary=x\n"
        "Transfer-Encoding: chunked\n"
    )
    status, _text, _seconds = raw_request(site["port"], head, b"5\r\n--x\r\n\r\n")
    assert status == 411


def test_a_form_within_the_cap_reaches_django(site):
    response = requests.post(
        f"{site['base']}/en/stories/share/", data={"title": "x"}, timeout=30
    )
    assert response.status_code == 403  # Django's CSRF check answered, not the cap


# granian builds each request's WSGI environ as a copy of the process environment
# updated with the request (granian.wsgi._callback_wrapper, pinned granian 2.8.9): this
# runs that code on the real application module, in a process with production settings.
REQUEST_ENVIRON = """
import json
import migrantscount.wsgi
from django.conf import settings
from granian.wsgi import _callback_wrapper

seen = {}

def application(environ, start_response):
    seen.update(environ)
    start_response("200 OK", [])
    return [b""]

class Protocol:
    def response_bytes(self, status, headers, body):
        pass

scope = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": ""}
_callback_wrapper(application, {})(Protocol(), scope)
print(json.dumps({
    "environ": sorted(seen),
    "secret_key": settings.SECRET_KEY,
    "database": str(settings.DATABASES["default"]["NAME"]),
}))
"""


def test_no_request_environ_holds_the_secrets(tmp_path):
    env = production_env(tmp_path, free_port(), EMAIL_URL="smtp://user:pw@127.0.0.1:25")
    done = subprocess.run(
        [str(BIN / "python"), "-c", REQUEST_ENVIRON],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # The settings still hold them ...
    assert seen["secret_key"] == env["SECRET_KEY"]
    assert seen["database"] == str(tmp_path / "db.sqlite3")
    # ... and no request sees them, while the rest of the environment is still there.
    for name in (
        "SECRET_KEY",
        "MIGRANTSCOUNT_ENCRYPTION_KEYS",
        "DATABASE_URL",
        "EMAIL_URL",
    ):
        assert name in env and name not in seen["environ"], name
    assert {"DJANGO_SETTINGS_MODULE", "PATH_INFO", "SITE_URL"} <= set(seen["environ"])


def test_every_secret_the_settings_read_is_forgotten():
    """A new secret read from the environment must join SECRET_VARIABLES, or every
    request's environ would carry it again (names ending in KEY, KEYS, SECRET, TOKEN,
    PASSWORD or PASSPHRASE, and the URLs that hold a password)."""
    from migrantscount.settings.env import SECRET_VARIABLES

    read = set()
    for path in (ROOT / "migrantscount" / "settings").glob("*.py"):
        read |= set(re.findall(r'env_[a-z]+\(\s*"([A-Z0-9_]+)"', path.read_text()))
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_URL"} <= read  # the scan works
    not_secret = {"MIGRANTSCOUNT_REACH_MAX_KEYS"}  # how many counting keys to hold
    secret = {
        name
        for name in read - not_secret
        if re.search(r"(KEY|KEYS|SECRET|TOKEN|PASSWORD|PASSPHRASE)$", name)
    }
    assert secret | {"DATABASE_URL", "EMAIL_URL"} <= set(SECRET_VARIABLES)
