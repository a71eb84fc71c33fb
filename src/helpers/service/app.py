"""The web application of ``vigie serve``: Perspective's endpoints on FastAPI.

Every answer, errors included, is in Google's shape and carries ``X-Vigie-Model-Version``. Nothing a
client sends is logged or kept, apart from what ``comments:suggestscore`` keeps with ``--store`` (a text
hash, never the text). Logs hold counts and timings.
"""

from __future__ import annotations

import json
import logging
import os
import time
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .batch import Part, format_batch, parse_batch, part_error
from .contract import AnalyzeRequest, ApiError, bad_json, invalid, parse_analyze, parse_suggestion
from .discovery import discovery_document, openapi_schema
from .keys import ApiKey, RateLimiter, load_keys

log = logging.getLogger("helpers.service")
#: Largest request body read (a 20,480-byte comment in JSON, with room for its context).
MAX_BODY_BYTES = 1 << 20
#: Largest batch body read.
MAX_BATCH_BYTES = 16 << 20
SETTINGS_ENV = "VIGIE_SERVE_SETTINGS"


@dataclass(frozen=True)
class ServiceSettings:
    """What one ``vigie serve`` runs with (passed to each worker process through the environment)."""

    keys_file: str | None = None
    store: str | None = None
    precise: bool = False
    workers: int = 1
    calibration: str | None = None

    def to_env(self) -> str:
        """The settings as the JSON a worker reads from :data:`SETTINGS_ENV`."""
        return json.dumps(asdict(self))


class _Service:
    """What the routes share: the scorer (loaded once per worker), keys, rates, the suggestion spool."""

    def __init__(self, settings: ServiceSettings) -> None:
        from .batching import MicroBatcher
        from .scorer import Scorer
        from .suggestions import SuggestionSpool

        self.settings = settings
        self.keys: dict[str, ApiKey] = load_keys(settings.keys_file) if settings.keys_file else {}
        self.limiter = RateLimiter(1.0 / max(settings.workers, 1))
        self.scorer = Scorer(settings.precise, settings.calibration)
        self.scorer.warm()
        self.batcher = MicroBatcher(self.scorer.analyze)
        self.spool = SuggestionSpool(Path(settings.store)) if settings.store else None
        self.requests = 0

    def headers(self) -> dict[str, str]:
        return {"X-Vigie-Model-Version": self.scorer.version}

    def check_key(self, key: str | None) -> None:
        """Refuse a missing or unknown key (when keys are required) and a key past its rate."""
        if not self.keys:
            return
        if not key:
            raise ApiError(403, "PERMISSION_DENIED", "The request is missing a valid API key.")
        found = self.keys.get(key)
        if found is None:
            raise ApiError(403, "PERMISSION_DENIED", "API key not valid. Please pass a valid API key.")
        if not self.limiter.allow(found):
            raise ApiError(429, "RESOURCE_EXHAUSTED", f"Quota exceeded for key '{found.name}': "
                           f"{found.requests_per_second:g} requests per second.",
                           retry_after=self.limiter.retry_after(found))


def _key(request_query: dict[str, list[str]] | None, request: Request) -> str | None:
    if request_query is not None:
        values = request_query.get("key")
        if values:
            return values[0]
    return request.query_params.get("key") or request.headers.get("x-goog-api-key")


def _check_alt(query: dict[str, list[str]] | Any) -> None:
    alt = query.get("alt") if hasattr(query, "get") else None
    alt = alt[0] if isinstance(alt, list) else alt
    if alt not in (None, "json"):
        raise invalid(f"Invalid value for 'alt': {alt!r}; only json is served.", field_path="alt")


def _json_body(raw: bytes) -> Any:
    if len(raw) > MAX_BODY_BYTES:
        raise invalid(f"Request payload size exceeds the limit: {MAX_BODY_BYTES} bytes.", field_path="")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise bad_json(f"Invalid JSON payload received. {str(exc)[:200]}") from None


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The application, its scorer loaded and warmed (a few seconds)."""
    settings = settings or ServiceSettings()
    service = _Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        service.batcher.close()
        if service.spool is not None:
            service.spool.flush(final=True)

    app = FastAPI(lifespan=lifespan, title="Vigie: Perspective-compatible comment analyzer (offline)",
                  version=service.scorer.version, docs_url=None, redoc_url=None,
                  description="Google Perspective's commentanalyzer v1alpha1 contract, served locally, in French and "
                              "English. See docs/perspective.md.")
    app.state.service = service

    def answer(body: dict, status: int = 200, extra: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(body, status_code=status, headers={**service.headers(), **(extra or {})})

    def error(exc: ApiError) -> JSONResponse:
        return answer(exc.body(), exc.code, {"Retry-After": str(exc.retry_after)} if exc.retry_after else None)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "INVALID_ARGUMENT")
        message = "Method not found." if exc.status_code == 404 else str(exc.detail)
        return error(ApiError(exc.status_code, status, message))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error(ApiError(500, "INTERNAL", "Internal error (logged on the server, without the comment)."))

    @app.get("/healthz", summary="Liveness: the model is loaded")
    async def healthz() -> JSONResponse:
        return answer({"status": "ok", "model": service.scorer.version, "requests": service.requests,
                       "batches": service.batcher.batches})

    async def analyze_parsed(requests: list[AnalyzeRequest]) -> list[dict | ApiError]:
        return await service.batcher.submit(requests)

    analyze_body = {"requestBody": {"required": True, "content": {"application/json": {
        "schema": openapi_schema("AnalyzeCommentRequest")}}}}

    @app.post("/v1alpha1/comments:analyze", summary="Score a comment (Perspective's comments.analyze)",
              openapi_extra=analyze_body)
    async def analyze(request: Request) -> JSONResponse:
        started = time.perf_counter()
        _check_alt(request.query_params)
        service.check_key(_key(None, request))
        parsed = parse_analyze(_json_body(await request.body()))
        result = (await analyze_parsed([parsed]))[0]
        service.requests += 1
        log.debug("analyze: %d attributes, %.1f ms", len(parsed.attributes), 1000 * (time.perf_counter() - started))
        if isinstance(result, ApiError):
            raise result
        return answer(result)

    suggest_body = {"requestBody": {"required": True, "content": {"application/json": {
        "schema": openapi_schema("SuggestCommentScoreRequest")}}}}

    @app.post("/v1alpha1/comments:suggestscore", summary="Suggest a score (kept as a text hash with --store)",
              openapi_extra=suggest_body)
    async def suggestscore(request: Request) -> JSONResponse:
        _check_alt(request.query_params)
        service.check_key(_key(None, request))
        return answer(suggest(_json_body(await request.body())))

    def suggest(body: Any) -> dict:
        text, values, lang, token = parse_suggestion(body)
        if service.spool is not None:
            service.spool.add(text, values, lang)
        return {"clientToken": token} if token is not None else {}

    @app.get("/$discovery/rest", summary="Discovery document (googleapiclient's discoveryServiceUrl)")
    async def discovery(request: Request, version: str = "v1alpha1") -> JSONResponse:
        if version != "v1alpha1":
            raise ApiError(404, "NOT_FOUND", f"Unknown API version {version!r}: this server serves v1alpha1.")
        return answer(discovery_document(str(request.base_url), service.scorer.version))

    @app.post("/batch", summary="Google batch requests (multipart/mixed), as new_batch_http_request() sends them",
              openapi_extra={"requestBody": {"content": {"multipart/mixed": {"schema": {"type": "string"}}}}})
    async def batch(request: Request) -> Response:
        raw = await request.body()
        if len(raw) > MAX_BATCH_BYTES:
            raise invalid(f"Batch payload size exceeds the limit: {MAX_BATCH_BYTES} bytes.", field_path="batch")
        parts = parse_batch(request.headers.get("content-type", ""), raw)
        answers: list[tuple[str, int, dict] | None] = [None] * len(parts)
        to_score: list[tuple[int, AnalyzeRequest]] = []
        for i, part in enumerate(parts):
            try:
                kind = _route(part)
                _check_alt(part.query)
                service.check_key(_key(part.query, request))
                if kind == "analyze":
                    to_score.append((i, parse_analyze(_json_body(part.body))))
                else:
                    answers[i] = (part.content_id, 200, suggest(_json_body(part.body)))
            except ApiError as exc:
                answers[i] = (part.content_id, *part_error(exc))
        results = await analyze_parsed([r for _, r in to_score]) if to_score else []
        for (i, _), result in zip(to_score, results):
            answers[i] = (parts[i].content_id, *(part_error(result) if isinstance(result, ApiError) else (200, result)))
        service.requests += len(parts)
        content_type, body = format_batch([a for a in answers if a is not None])
        return Response(body, media_type=content_type, headers=service.headers())

    log.info("vigie serve ready: model %s, %s, pid %d", service.scorer.version,
             f"{len(service.keys)} keys required" if service.keys else "no key required (loopback only)", os.getpid())
    return app


def _route(part: Part) -> str:
    if part.method != "POST":
        raise ApiError(405, "METHOD_NOT_ALLOWED", f"{part.method} is not allowed on {part.path}.")
    path = part.path.rstrip("/")
    for name in ("analyze", "suggestscore"):
        if path.endswith(f"/v1alpha1/comments:{name}"):
            return name
    raise ApiError(404, "NOT_FOUND", f"Method not found: {part.path}.")


def app_from_env() -> FastAPI:
    """The application of a worker process started by ``vigie serve --workers N`` (settings from the environment)."""
    raw = os.environ.get(SETTINGS_ENV)
    return create_app(ServiceSettings(**json.loads(raw)) if raw else None)
