"""Fixtures of the security tests: `world` is built once per module, inside a transaction
that is rolled back when the module ends; each test runs in a savepoint inside it (the
`db` fixture), so what one test writes never reaches the next."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.security.world import World, build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(media),
            TWO_FACTOR_REQUIRED_ROLES=[],
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        world = build()
        for role, user in world.people.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            world.cookies[role] = "; ".join(f"{k}={m.value}" for k, m in client.cookies.items())
        yield world
        transaction.set_rollback(True)
