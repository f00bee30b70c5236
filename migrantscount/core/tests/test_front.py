"""The request body cap in front of Django (core.front) and in-memory uploads."""

from io import BytesIO

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from migrantscount.core.front import cap_request_body, refusal


def environ(method: str = "POST", path: str = "/en/stories/share/", **extra: object):
    return {"REQUEST_METHOD": method, "PATH_INFO": path, **extra}


def test_bodies_over_the_cap_and_chunked_bodies_are_refused(settings) -> None:
    settings.MIGRANTSCOUNT_MAX_REQUEST_BYTES = 1000
    settings.MIGRANTSCOUNT_MAX_ADMIN_REQUEST_BYTES = 5000
    assert refusal(environ(CONTENT_LENGTH="1000")) is None
    assert refusal(environ(CONTENT_LENGTH="1001")) == 413
    assert refusal(environ(path="/admin/documents/", CONTENT_LENGTH="4000")) is None
    assert refusal(environ(HTTP_TRANSFER_ENCODING="chunked")) == 411
    assert refusal(environ(CONTENT_LENGTH="lots")) == 400
    assert refusal(environ(method="GET", CONTENT_LENGTH="99999")) is None


def test_the_refusal_never_reads_the_body_and_speaks_the_form_language(
    settings,
) -> None:
    settings.MIGRANTSCOUNT_MAX_REQUEST_BYTES = 1000

    class Unreadable:
        def read(self, *args: object) -> bytes:
            raise AssertionError("the body was read")

    statuses = []
    app = cap_request_body(lambda env, start: [b"django"])
    body = b"".join(
        app(
            environ(path="/pt/stories/share/", CONTENT_LENGTH="5000000")
            | {"wsgi.input": Unreadable()},
            lambda status, headers: statuses.append(status),
        )
    )
    assert statuses == ["413 Content Too Large"]
    assert "grande demais" in body.decode()
    assert b'lang="pt"' in body


def test_a_phone_photo_stays_in_memory_never_spooled_to_disk(settings) -> None:
    photo = BytesIO(b"\xff\xd8" + b"x" * (8 * 1024 * 1024))  # 8 MB, above Django's 2.5
    photo.name = "phone.jpg"
    request: WSGIRequest = RequestFactory().post("/en/stories/share/", {"photo": photo})
    assert isinstance(request.FILES["photo"], InMemoryUploadedFile)
