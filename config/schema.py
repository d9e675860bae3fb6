"""The OpenAPI side of the API's conventions: every operation documents its problem responses.

Kept apart from `config.api` because drf-spectacular's AutoSchema imports DRF's generic
views, which import `config.api` for the pagination class (a circular import otherwise).
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

from config.api import PROBLEM_CONTENT_TYPE, ProblemSerializer, ValidationProblemSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names each field.",
    "403": "Not logged in (`not_authenticated`), wrong credentials (`authentication_failed`) "
    "or not allowed (`permission_denied`). Session authentication comes first, so DRF answers "
    "403 rather than 401 to a caller without valid credentials.",
    "404": "Not found, or not visible to the caller: the two are not told apart.",
    "default": "Any other error (401, 405, 406, 413, 415, 429, 500), as problem details.",
}


class AutoSchema(SpectacularAutoSchema):
    """Adds the problem responses every operation can give, so no view has to list them."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses

        def add(code: str, serializer: type[serializers.Serializer]) -> None:
            if code not in responses:
                response = self._get_response_for_code(
                    serializer, code, (PROBLEM_CONTENT_TYPE,), direction
                )
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response

        if self.method in ("POST", "PUT", "PATCH"):
            add("400", ValidationProblemSerializer)
        auth = self.get_auth()
        if auth and {} not in auth:
            add("403", ProblemSerializer)
        if "{" in self.path:
            add("404", ProblemSerializer)
        add("default", ProblemSerializer)
        return responses
