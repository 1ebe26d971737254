"""The API reference page: the OpenAPI schema rendered as an accessible page in the service's layout.

Swagger UI, which django-ninja offers, fails WCAG 2.1 AA (contrast, nested controls, no page language); this
page shows the same operations, parameters and responses as plain semantic HTML. The machine-readable
schema stays at ``openapi.json``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hoanhap.api.urls import api
from hoanhap.core.access import public_view

PREFIX = "/api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _resolve(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        merged = {
            **_resolve(schema["allOf"][0], components),
            **{k: v for k, v in schema.items() if k != "allOf"},
        }
        return merged
    return schema


def type_text(schema: dict[str, Any], components: dict[str, Any]) -> str:
    """A short human description of a JSON-schema type: ``string``, ``one of: current, legacy``, …"""
    schema = _resolve(schema, components)
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    if "anyOf" in schema:
        parts = [type_text(part, components) for part in schema["anyOf"]]
        return " or ".join(part for part in parts if part != "null") + (
            " (optional)" if "null" in parts else ""
        )
    if schema.get("type") == "array":
        return "list of " + type_text(schema.get("items", {}), components)
    if "$ref" in schema or "properties" in schema:
        return schema.get("title", "object")
    text = str(schema.get("type", "object"))
    return f"{text} ({schema['format']})" if "format" in schema else text


def _fields(schema: dict[str, Any], components: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(schema, components)
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": type_text(prop, components),
            "required": name in required,
            "description": prop.get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def operations() -> list[dict[str, Any]]:
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    components = schema.get("components", {}).get("schemas", {})
    result = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            body = (
                operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            result.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "authenticated": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "location": p["in"],
                            "required": p.get("required", False),
                            "type": type_text(p.get("schema", {}), components),
                            "default": p.get("schema", {}).get("default", ""),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _fields(body, components) if body else [],
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "fields": _fields(response["content"]["application/json"]["schema"], components)
                            if "content" in response
                            else [],
                        }
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
    return result


@public_view
def api_reference_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "api/reference.html", {"operations": operations(), "schema_url": f"{PREFIX}openapi.json"}
    )
