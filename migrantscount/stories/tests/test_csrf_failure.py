"""A refused form token on the public form keeps what the person typed, in the
form's language; elsewhere, a translated page instead of Django's technical one."""

import pytest
from django.test import Client

from .factories import form_data

pytestmark = pytest.mark.django_db


def test_an_expired_token_brings_the_form_back_with_the_text(settings) -> None:
    client = Client(enforce_csrf_checks=True)
    data = form_data(
        title="Mi viaje a Bogotá", text="Llegué en 2019 y abrí una panadería."
    )
    response = client.post("/es/stories/share/", data)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Mi viaje a Bogotá" in html and "abrí una panadería" in html
    assert 'name="csrfmiddlewaretoken"' in html  # a fresh token to send it again
    assert "CSRF verification failed" not in html


def test_a_refused_token_elsewhere_is_a_page_in_the_url_language() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fr/stories/status/unknown-token/", {"x": "1"})
    assert response.status_code == 403
    assert "CSRF verification failed" not in response.content.decode()
