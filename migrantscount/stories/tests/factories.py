"""Test helpers: valid form data, photos with EXIF/GPS, submissions."""

from io import BytesIO
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from migrantscount.stories.models import ConsentText, Submission
from migrantscount.stories.services import submissions


def form_data(**overrides: Any) -> dict[str, Any]:
    consent = ConsentText.objects.filter(language="en").order_by("-version").first()
    data: dict[str, Any] = {
        "title": "From Caracas to Bogotá",
        "text": "I opened a bakery with my sister and now we employ six people.",
        "name": "Ana",
        "age_bracket": "25_34",
        "origin_country": "VEN",
        "residence_country": "COL",
        "sector": "commerce",
        "occupation": "Baker",
        "sdgs": ["8", "10"],
        "contact": "ana@example.org",
        "name_display": "first_name",
        "allows_website": "on",
        "allows_social": "on",
        "consent_version": str(consent.version if consent else 1),
        "consent_given": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def jpeg_with_gps(
    *, size: tuple[int, int] = (640, 480), artist: str = "Secret Artist"
) -> bytes:
    """A JPEG carrying EXIF: camera fields, an artist and a GPS position."""
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x013B] = artist  # Artist
    exif[0x010E] = "Taken at my home street"  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (4.0, 36.0, 35.0)
    gps[3] = "W"
    gps[4] = (74.0, 4.0, 54.0)
    output = BytesIO()
    image.save(output, "JPEG", exif=exif, comment=b"hidden comment")
    return output.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class SubmissionFactory(factory.django.DjangoModelFactory[Submission]):
    """A submission made through the service, so it is as the form makes it."""

    class Meta:
        model = Submission

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Submission:
        language = kwargs.pop("language", "en")
        consent = ConsentText.objects.get(language=language, version=1)
        story = submissions.StoryInput(
            title=kwargs.pop("title", "A title"),
            text=kwargs.pop("text", "A story long enough to be accepted."),
            name=kwargs.pop("name", "Ana"),
            age_bracket=kwargs.pop("age_bracket", "25_34"),
            origin_country=kwargs.pop("origin_country", "VEN"),
            residence_country=kwargs.pop("residence_country", "COL"),
            sector=kwargs.pop("sector", "commerce"),
            consent_text=consent,
            name_display=kwargs.pop("name_display", "first_name"),
            contact=kwargs.pop("contact", "ana@example.org"),
            allows_website=kwargs.pop("allows_website", True),
            **kwargs,
        )
        return submissions.submit_story(
            story, language=language, ip_address="10.0.0.1"
        ).submission


def processed_photo(**kwargs: Any):
    """A photo as the form stores it (EXIF and GPS removed)."""
    from migrantscount.stories.photos import process_photo

    content = jpeg_with_gps(**kwargs)
    return process_photo(BytesIO(content), size=len(content))
