"""Typing help for views."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind a login or permission check, whose user is signed
    in. For type checkers only: Django still passes an ordinary HttpRequest."""

    user: User
