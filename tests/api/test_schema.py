"""The OpenAPI schema at /api/schema/ and the Swagger UI at /api/docs/ (offline)."""

import re

import jsonschema
import yaml
from drf_spectacular.validation import validate_schema

from tests.api.problems import assert_problem


def _schema(api) -> dict:
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_schema__anonymous__valid_openapi_3(api, db):
    schema = _schema(api)
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")


def test_schema__yaml_by_default(api, db):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "Trygga API"


def test_schema__every_endpoint_documented(api, db):
    paths = _schema(api)["paths"]
    base = "/api/v1/municipalities/{code}/"
    assert set(paths) == {
        "/api/v1/municipalities/",
        base,
        f"{base}districts/",
        f"{base}districts.geojson",
        f"{base}districts/{{district_code}}/",
        f"{base}organisations/",
        f"{base}categories/",
        f"{base}sources/",
        f"{base}events/",
        f"{base}events/{{event_id}}/",
        *(
            f"{base}analysis/{name}/"
            for name in ("counts", "rates", "change", "patterns", "hotspots", "repeats")
        ),
    }


def test_schema__problem_components_used_for_errors(api, db):
    schema = _schema(api)
    components = schema["components"]["schemas"]
    assert {"Problem", "ValidationProblem", "FieldError"} <= set(components)
    assert "errors" in components["ValidationProblem"]["required"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "default" in responses, (method, path)
            assert "403" in responses, (method, path)
            for code, response in responses.items():
                if code.startswith(("2",)):
                    continue
                (media_type,) = response["content"]
                assert media_type == "application/problem+json", (method, path, code)


def test_schema__event_list__filters_pagination_and_400_documented(api, db):
    operation = _schema(api)["paths"]["/api/v1/municipalities/{code}/events/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"code", "from", "to", "district", "category", "source", "page", "page_size"} <= names
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/PaginatedEventList"}
    problem = operation["responses"]["400"]["content"]["application/problem+json"]["schema"]
    assert problem == {"$ref": "#/components/schemas/ValidationProblem"}


def test_schema__event_location__point_or_area(api, db):
    components = _schema(api)["components"]["schemas"]
    assert components["Location"]["discriminator"]["mapping"] == {
        "point": "#/components/schemas/PointLocation",
        "area": "#/components/schemas/AreaLocation",
    }
    assert "centroid" in components["AreaLocation"]["properties"]


def test_schema__districts__json_and_geojson_documented(api, db):
    operation = _schema(api)["paths"]["/api/v1/municipalities/{code}/districts/"]["get"]
    content = operation["responses"]["200"]["content"]
    assert content["application/geo+json"]["schema"] == {
        "$ref": "#/components/schemas/DistrictFeatureCollection"
    }
    assert content["application/json"]["schema"]["type"] == "array"


def test_swagger_ui__served_from_own_static_files_not_a_cdn(api, db):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert urls
    assert all(not url.startswith(("http://", "https://", "//")) for url in urls), urls
    assert "cdn" not in html.lower()
    bundle = next(url for url in urls if url.endswith("swagger-ui-bundle.js"))
    assert api.get(bundle).status_code == 200


def test_schema__error_bodies_match_the_documented_components(as_user, people):
    """Real error answers validate against the schema's Problem and ValidationProblem."""
    client = as_user(people["reporter"])
    components = _schema(client)["components"]

    def check(response, component: str) -> None:
        body = response.json()
        schema = {"$ref": f"#/components/schemas/{component}", "components": components}
        jsonschema.validate(body, schema)

    base = "/api/v1/municipalities/0484"
    invalid = client.post(f"{base}/events/", {"lat": 200}, format="json")
    assert_problem(invalid, 400)
    check(invalid, "ValidationProblem")
    for response in (
        client.get(f"{base}/events/999999/"),
        client.delete(f"{base}/events/"),
        client.get(f"{base}/events/", HTTP_ACCEPT="text/csv"),
        client.get("/api/v1/municipalities/9999/districts/"),
    ):
        assert response["Content-Type"] == "application/problem+json"
        check(response, "Problem")


def test_schema__generates_without_warnings(db, tmp_path):
    """What `trygga spectacular --validate --fail-on-warn` checks, so CI enforces it."""
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()  # count only this generation's warnings
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["paths"]
