"""Every error the API can give has the problem-details shape and content type."""

import logging

import pytest
from rest_framework.throttling import BaseThrottle

from tests.api.problems import assert_problem
from trygga.events.api import views

BASE = "/api/v1/municipalities/0484"


def test_errors__unknown_api_url__404_problem_not_html(as_user, people):
    client = as_user(people["viewer"])
    assert_problem(client.get("/api/v1/nothing-here/"), 404, "not_found")
    assert_problem(client.get(f"{BASE}/events/not-a-number/"), 404, "not_found")
    assert_problem(client.post("/api/v2/"), 404, "not_found")


def test_errors__method_not_allowed__405_problem_with_allow_header(as_user, people):
    response = as_user(people["coordinator"]).delete(f"{BASE}/events/")
    body = assert_problem(response, 405, "method_not_allowed")
    assert "DELETE" in body["detail"]
    assert "POST" in response["Allow"]


def test_errors__unacceptable_format__406_problem(as_user, people):
    response = as_user(people["viewer"]).get(f"{BASE}/events/", HTTP_ACCEPT="text/csv")
    assert_problem(response, 406, "not_acceptable")


def test_errors__form_encoded_body__415_problem(as_user, people):
    response = as_user(people["reporter"]).post(
        f"{BASE}/events/", "category=graffiti", content_type="application/x-www-form-urlencoded"
    )
    assert_problem(response, 415, "unsupported_media_type")


def test_errors__malformed_json__400_problem(as_user, people):
    response = as_user(people["reporter"]).post(
        f"{BASE}/events/", "{not json", content_type="application/json"
    )
    assert_problem(response, 400, "parse_error")


class _Refuse(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return False

    def wait(self) -> float:
        return 30


def test_errors__throttled__429_problem_with_retry_after(as_user, people, monkeypatch):
    monkeypatch.setattr(views.SourceListView, "throttle_classes", [_Refuse])
    response = as_user(people["viewer"]).get(f"{BASE}/sources/")
    assert_problem(response, 429, "throttled")
    assert response["Retry-After"] == "30"


def test_errors__unexpected_exception__500_problem_logged_without_internals(
    as_user, people, monkeypatch, caplog
):
    def broken(municipality):
        raise RuntimeError("hemlig intern detalj")

    monkeypatch.setattr(views, "sources_for", broken)
    with caplog.at_level(logging.ERROR, logger="trygga.api"):
        response = as_user(people["viewer"]).get(f"{BASE}/sources/")
    body = assert_problem(response, 500, "server_error")
    assert "hemlig" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    assert body["instance"] == f"{BASE}/sources/"
    record = next(r for r in caplog.records if r.name == "trygga.api")
    assert record.exc_info is not None
    assert "hemlig intern detalj" in caplog.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_errors__anonymous__403_problem_says_not_authenticated(api, municipality, method):
    response = getattr(api, method)(f"{BASE}/events/")
    body = assert_problem(response, 403, "not_authenticated")
    assert body["detail"]


def test_errors__validation_problem__lists_errors_with_field_message_code(as_user, people):
    response = as_user(people["reporter"]).post(f"{BASE}/events/", {}, format="json")
    body = assert_problem(response, 400, "invalid")
    assert body["title"] == "Ogiltig indata"
    assert {e["field"] for e in body["errors"]} == {"category", "occurred_from", "lon", "lat"}
    assert all(e["code"] == "required" for e in body["errors"])
