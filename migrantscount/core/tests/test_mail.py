import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.test.utils import override_settings
from django.utils import translation

from migrantscount.core.services.mail import send_templated_mail
from migrantscount.settings.base import email_from_url

TEMPLATES_DIR = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def test_templates(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR],
        }
    ]


CONTEXT = {"sent_at": datetime.date(2026, 12, 18), "amount": 1234.5}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Yes Dec. 18, 2026 1,234.50"),
        ("es", "Sí 18 de diciembre de 2026 1\xa0234,50"),
        ("fr", "Oui 18 décembre 2026 1\xa0234,50"),
        ("pt", "Sim 18 de Dezembro de 2026 1.234,50"),
    ],
)
def test_message_is_rendered_in_the_recipient_language(language, expected) -> None:
    with translation.override("en"):
        send_templated_mail(
            to=["ana@example.org"],
            template_prefix="core_tests/greeting",
            context=CONTEXT,
            language=language,
        )
        assert translation.get_language() == "en"
    message = mail.outbox[-1]
    assert message.body.strip() == expected
    assert message.to == ["ana@example.org"]
    assert message.extra_headers["Content-Language"] == language
    assert message.subject.startswith("[Migrants Count] ")
    assert "\n" not in message.subject


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "console:",
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
        ),
        (
            "submission://mailer%40oas.org:s%3Acret@smtp.example.org",
            {
                "EMAIL_HOST": "smtp.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "mailer@oas.org",
                "EMAIL_HOST_PASSWORD": "s:cret",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtps://relay:2465", {"EMAIL_PORT": 2465, "EMAIL_USE_SSL": True}),
    ],
)
def test_email_url_is_parsed(url, expected) -> None:
    parsed = email_from_url(url)
    assert {key: parsed[key] for key in expected} == expected


def test_unknown_email_url_scheme_is_a_clear_error() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme"):
        email_from_url("carrier-pigeon://coop")


@override_settings(EMAIL_SUBJECT_PREFIX="")
def test_html_alternative_is_optional() -> None:
    message = send_templated_mail(
        to=["a@example.org"],
        template_prefix="core_tests/greeting",
        context=CONTEXT,
        language="en",
    )
    assert message.alternatives == []
