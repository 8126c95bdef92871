"""The tokens in the links of alert mails, signed with the site's secret key
(`django.core.signing`); nothing is stored, so the database alone cannot forge one.

Each names a row: the pending request (confirmation), the subscriber (managing one's
alerts), the subscriber and the alerts a mail was sent for (one-click unsubscription).
A token stops working when its row is deleted: a confirmed or expired request, an address
removed with its last alert. A new subscription of the same address is a new row, which
the links of old mails do not name.

Tokens travel in the path of a URL; the pages that read them send only the site's origin
as a Referer, never their path, and are not cached or indexed, and gunicorn's access log
shows them redacted (cwgcop/access_log.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core import signing

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def _dump(value: Any, salt: str) -> str:
    # No timestamp: a link works as long as its row exists, and the same row always has
    # the same link.
    return signing.Signer(salt=salt).sign_object(value)


def _load(token: str, salt: str) -> Any:
    try:
        return signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None


def confirm_token(pending_id: int) -> str:
    return _dump(pending_id, CONFIRM_SALT)


def pending_of_confirm_token(token: str) -> int | None:
    value = _load(token, CONFIRM_SALT)
    return value if type(value) is int else None


def manage_token(subscriber_id: int) -> str:
    return _dump(subscriber_id, MANAGE_SALT)


def subscriber_of_manage_token(token: str) -> int | None:
    value = _load(token, MANAGE_SALT)
    return value if type(value) is int else None


def unsubscribe_token(subscriber_id: int, alert_ids: Iterable[int]) -> str:
    """A token that removes these alerts of this subscriber (those a mail was sent for)."""
    return _dump([subscriber_id, sorted(alert_ids)], UNSUBSCRIBE_SALT)


def alerts_of_unsubscribe_token(token: str) -> tuple[int, list[int]] | None:
    match _load(token, UNSUBSCRIBE_SALT):
        case [int(subscriber_id), list(alert_ids)] if all(type(i) is int for i in alert_ids):
            return subscriber_id, alert_ids
    return None
