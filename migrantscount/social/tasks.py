"""Background tasks of the social app: load by id, call a service."""

from django_tasks import task

from .models import Account
from .services import tokens


@task
def send_account_notice(account_id: int, kind: str) -> None:
    """E-mail an account's owners: "reconnect" (the network refused the credential)
    or "expiry" (only a person can renew it soon). Nothing when it no longer holds."""
    account = Account.objects.filter(pk=account_id).first()
    if account is None or kind not in tokens.NOTICES:
        return
    if kind == tokens.NOTICE_RECONNECT and not account.needs_reconnect:
        return
    if kind == tokens.NOTICE_EXPIRY and account.status != Account.Status.ACTIVE:
        return
    tokens.send_account_notice(account, kind=kind)
