"""Trygga's own deployment checks (`trygga check --deploy`), beside Django's."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

DEVELOPMENT_KEY_PREFIX = "insecure-dev-key"


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Django only warns about short keys; the shipped development key is long, and public."""
    key = str(getattr(settings, "SECRET_KEY", ""))
    if key.startswith(DEVELOPMENT_KEY_PREFIX) or key.startswith("CHANGE"):
        return [
            Error(
                "SECRET_KEY is the public development key (or a placeholder).",
                hint="Set SECRET_KEY in the environment to a long random value "
                '(python3 -c "import secrets; print(secrets.token_urlsafe(50))").',
                id="trygga.E001",
            )
        ]
    return []
