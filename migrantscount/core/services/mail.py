"""Outgoing e-mail, rendered in the recipient's language."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(
    *,
    to: Sequence[str],
    template_prefix: str,
    context: dict[str, Any],
    language: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> EmailMultiAlternatives:
    """Render `<prefix>_subject.txt`, `<prefix>_body.txt` and, when present,
    `<prefix>_body.html` in `language`, then send the message with `attachments`
    (file name, content, MIME type), e.g. an interview's `.ics`."""
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers={"Content-Language": language},
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    for filename, content, mime_type in attachments:
        message.attach(filename, content, mime_type)
    message.send()
    return message
