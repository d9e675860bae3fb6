"""Assertions on the API's error shape (RFC 9457 problem details)."""

from typing import Any

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is a problem of that status (and code); returns its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    if code is not None:
        assert body["code"] == code
    assert "Traceback" not in response.content.decode()
    return body


def field_errors(response: Any) -> dict[str, list[str]]:
    """A 400 problem's errors by field: {field: [code, ...]}."""
    body = assert_problem(response, 400, "invalid")
    fields: dict[str, list[str]] = {}
    for error in body["errors"]:
        assert set(error) == {"field", "message", "code"}
        assert error["message"]
        fields.setdefault(error["field"], []).append(error["code"])
    return fields
