"""GET /api/v1/municipalities/ and /municipalities/{code}/: only the caller's own."""

from tests.api.problems import assert_problem
from tests.factories import UserFactory

URL = "/api/v1/municipalities/"


def test_municipalities__member__lists_own_municipality_with_values(
    as_user, people, municipality, stockholm
):
    response = as_user(people["viewer"]).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == [
        {
            "code": "0484",
            "name": "Eskilstuna",
            "county": {"code": "04", "name": "Södermanlands län"},
            "h3_resolution": 9,
            "population": None,
        }
    ]


def test_municipalities__member_elsewhere__sees_only_that_municipality(as_user, people, outsider):
    response = as_user(outsider).get(URL)
    assert [m["code"] for m in response.json()] == ["0180"]


def test_municipalities__inactive_municipality__not_listed(as_user, people, municipality):
    municipality.is_active = False
    municipality.save()
    assert as_user(people["administrator"]).get(URL).json() == []


def test_municipalities__superuser__lists_every_active_municipality(
    as_user, municipality, stockholm
):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    response = as_user(admin).get(URL)
    assert [m["code"] for m in response.json()] == ["0484", "0180"]


def test_municipalities__anonymous__refused_with_problem(api, municipality):
    assert_problem(api.get(URL), 403, "not_authenticated")


def test_municipalities__basic_authentication__accepted(api, people):
    api.credentials(HTTP_AUTHORIZATION=_basic("lasare1", "korrekt-häst-batteri"))
    assert api.get(URL).status_code == 200


def test_municipalities__basic_authentication_wrong_password__refused(api, people):
    api.credentials(HTTP_AUTHORIZATION=_basic("lasare1", "fel-lösenord"))
    assert_problem(api.get(URL), 403, "authentication_failed")


def test_municipality__member__one_with_values(as_user, people):
    response = as_user(people["reporter"]).get(f"{URL}0484/")
    assert response.status_code == 200
    assert response.json()["name"] == "Eskilstuna"


def test_municipality__missing_and_not_member__same_404(as_user, people, outsider):
    """A non-member cannot tell an existing municipality from a missing one."""
    client = as_user(outsider)
    not_member = assert_problem(client.get(f"{URL}0484/"), 404, "not_found")
    missing = assert_problem(client.get(f"{URL}9999/"), 404, "not_found")
    assert not_member["detail"] == missing["detail"]


def test_municipalities__query_count_constant(
    as_user, people, stockholm, django_assert_num_queries
):
    client = as_user(people["viewer"])
    # session, user, municipalities, counties
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200


def _basic(username: str, password: str) -> str:
    import base64

    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return f"Basic {token}"
