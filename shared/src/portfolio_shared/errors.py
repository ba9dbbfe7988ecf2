"""Error answers every service sends: a readable `detail` and the fields at fault (422 naming
each field, 4xx from routes via `ApiError`, never a 500's internals), documented in OpenAPI as
sent; and the fast JSON body and response helpers of hot routes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from pydantic_core import to_json


class FieldError(BaseModel):
    field: str = Field(description="dotted path of the offending field, e.g. `instances.3.tenure`")
    message: str
    type: str | None = None
    input: Any = None


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer: a readable summary and, where it applies, the fields at fault."""

    detail: str
    errors: list[FieldError] | None = None


def document_errors(app: FastAPI) -> None:
    """Make the OpenAPI schema describe the error answers this service really sends: the 422
    body, and on every operation that takes a body, 400 (unreadable body) and 413 (too large,
    from the service middleware)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components["ErrorBody"] = body
            # FastAPI's 422 schema, and the name `json_body_openapi` routes point at: the body sent.
            components["HTTPValidationError"] = body
            components.pop("ValidationError", None)
            error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    if "requestBody" not in operation:
                        continue
                    responses = operation.setdefault("responses", {})
                    responses.setdefault(
                        "400", {"description": "the body cannot be read", "content": error}
                    )
                    responses.setdefault(
                        "413", {"description": "the body exceeds the size limit", "content": error}
                    )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def error_responses(described: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each status the route itself raises, with the error body."""
    return {status: {"model": ErrorBody, "description": text} for status, text in described.items()}


class ApiError(Exception):
    """Raise from a route for a 4xx answer that names the offending field."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


class BodyTooLargeError(Exception):
    """Raised while streaming a body without Content-Length that exceeds the limit."""


def error_response(
    status: int, message: str, field: str | None = None, errors: list[dict[str, Any]] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"detail": message}
    if errors is not None:
        body["errors"] = errors
    elif field is not None:
        body["errors"] = [{"field": field, "message": message}]
    return JSONResponse(body, status_code=status)


def _field_name(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"} and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) if parts else "body"


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Pydantic errors as `{field, message, type}` items; `field` is a dotted path such as
    `instances.3.tenure`."""
    out = []
    for err in exc.errors():
        item = {
            "field": _field_name(err.get("loc", ())),
            "message": err.get("msg", "invalid"),
            "type": err.get("type", "value_error"),
        }
        if "input" in err and not isinstance(err["input"], dict | list):
            value = err["input"]
            # Echo the offending scalar, but never one JSON cannot carry (NaN, inf, bytes).
            if (isinstance(value, float) and not math.isfinite(value)) or isinstance(value, bytes):
                value = repr(value)
            item["input"] = value
        out.append(item)
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        return error_response(422, f"invalid request: {fields}", errors=errors)

    @app.exception_handler(ApiError)
    async def _on_api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.field)

    @app.exception_handler(BodyTooLargeError)
    async def _on_too_large(_: Request, exc: BodyTooLargeError) -> JSONResponse:
        return error_response(413, str(exc), "body")


ModelT = TypeVar("ModelT", bound=BaseModel)


async def parse_body(request: Request, model: type[ModelT]) -> ModelT:
    """Validate a JSON body straight from bytes with pydantic-core (no intermediate dict).

    For hot routes: errors surface exactly like FastAPI's own (422 naming `body.<field>`).
    Pair it with `openapi_extra=json_body_openapi(model)` so the schema still documents the body.
    """
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(
            [{**err, "loc": ("body", *err.get("loc", ()))} for err in exc.errors()]
        ) from None


def json_body_openapi(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting a required JSON body of `model` (self-contained schema), and
    the 422 that `parse_body` answers when it does not validate."""
    schema = model.model_json_schema()
    if "$defs" in schema:
        raise ValueError(f"{model.__name__} needs $defs; declare it as a FastAPI body instead")
    invalid = {
        "description": "Validation Error",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
        },
    }
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
        "responses": {"422": invalid},
    }


def json_response(content: Any, status_code: int = 200) -> Response:
    """Serialise once with pydantic-core (models, dicts, lists alike) and skip FastAPI's
    response re-validation; declare `response_model=` on the route to document the shape."""
    return Response(to_json(content), status_code=status_code, media_type="application/json")
