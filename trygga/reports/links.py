"""Links that leave Trygga in mails: the reporter's tracking page.

Mails are sent after the transaction, with no request at hand, so the base address is the
setting PUBLIC_BASE_URL. The tracking page must be served at TRACKING_PATH (the pages mount
their view there; a test in tests/reports checks the path shape).
"""

from django.conf import settings

TRACKING_PATH = "/felanmalan/folj/{token}/"


def tracking_path(token: str) -> str:
    return TRACKING_PATH.format(token=token)


def tracking_url(token: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + tracking_path(token)
