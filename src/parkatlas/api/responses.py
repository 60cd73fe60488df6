"""A route's pydantic result sent as JSON as it is.

FastAPI checks a returned model against the route's `response_model` once more (a dump to
Python objects, a validation, a second dump) before it writes the JSON; for a page of 50
sites that is more work than building the page. A route whose core already returns that
very model can return `model_json(result)` instead and keep `response_model=` in its
decorator for the OpenAPI document: the body is the same JSON.
"""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def model_json(model: BaseModel, status_code: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")
