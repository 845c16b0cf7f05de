"""OpenAPI 3 description of the check-in API, served at /api/v1/openapi.json."""

from __future__ import annotations

from dashboard.services.checkin_desk import CONCERNS, OUTCOMES, TARGET_GROUPS
from planner.languages import CODES as LANGUAGE_CODES

LOCATIONS = ("infopoint", "centre")

_DATETIME = {
    "type": "string",
    "format": "date-time",
    "description": ("RFC 3339 with an offset (any zone; stored on the centre's clock, its zone a setting, "
                    "Europe/Berlin by default). "
                    "A time without an offset is read as the centre's local time."),
    "example": "2026-11-25T09:30:00+01:00",
}
# Answers carry the centre's offset (+01:00 in winter, +02:00 in summer).
_DATETIME_OUT = {**_DATETIME, "description": "RFC 3339 with the centre's offset (its zone a setting, Europe/Berlin by default)"}

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["field", "code", "message"],
            "properties": {
                "field": {"type": "string", "nullable": True, "description": "the field, header or parameter at fault"},
                "code": {"type": "string"},
                "message": {"type": "string", "description": "German / English"},
            },
        }
    },
    "example": {"error": {"field": "target_group", "code": "unknown",
                          "message": "Unbekannter Wert. / Unknown value."}},
}

_TICKET = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "status_url", "print_url"],
    "properties": {
        "number": {"type": "string", "pattern": "^[A-Z]{1,4}-[0-9]{3,}$",
                   "description": "the day's number in the visit's queue, as printed"},
        "status_url": {"type": "string", "pattern": "^/ticket/[A-Za-z0-9_-]+$",
                       "description": "the visitor's own status page (no login; valid on the ticket's day)"},
        "print_url": {"type": "string", "pattern": "^/ticket/[A-Za-z0-9_-]+/druck$",
                      "description": "the 80 mm print view with the QR code (staff login of the reception)"},
    },
    "example": {"number": "B-042", "status_url": "/ticket/3q2x…", "print_url": "/ticket/3q2x…/druck"},
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


# Refusals on meaning: the request fits this document, the server refuses what it says.
_UNPROCESSABLE_POST = _error(
    "the request fits the schema but is refused on its meaning; `error.field` names the field: "
    "`arrived_at` with code `future` (more than 5 minutes ahead of the centre's clock) or `too_early` "
    "(more than 7 days ago)"
)
_UNPROCESSABLE_PATCH = _error(
    "the request fits the schema but is refused on its meaning; `error.field` names the field: "
    "`called_at`/`finished_at` with code `future`, `too_early` (before 2000), `before_arrival`, "
    "`before_call`, `too_late` (more than 24 hours after the arrival) or `not_called` (a finish "
    "before any call); `finished_at` with code `missing` (an outcome other than `left` needs it)"
)


def _visit_response(description: str, headers: dict | None = None, schema: str = "Visit") -> dict:
    answer = {"description": description,
              "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    if headers:
        answer["headers"] = headers
    return answer


OPENAPI: dict = {
    "openapi": "3.0.3",
    "info": {
        "title": "MigraDo Ops – Check-in API",
        "version": "1.0.0",
        "description": (
            "Arrivals from ticket machines and calls/finishes from desk systems. Every request "
            "carries a device token (`Authorization: Bearer …`) that an administrator creates and "
            "revokes on the Admin page. A visit holds no personal data."
        ),
    },
    "servers": [{"url": "/"}],
    "security": [{"deviceToken": []}],
    "paths": {
        "/api/v1/visits": {
            "post": {
                "operationId": "createVisit",
                "summary": "Record an arrival",
                "description": (
                    "The `Idempotency-Key` header is required: a retried request with the same key "
                    "returns the visit of the first one (200) and never creates a second visit. The answer "
                    "carries the visit's queue ticket (its number for the day, e.g. `B-042`, the visitor's "
                    "status page and the print view); a retry returns the same ticket."
                ),
                "parameters": [
                    {
                        "name": "Idempotency-Key", "in": "header", "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[\\x21-\\x7e]+$"},
                        "description": "a unique value per arrival chosen by the device, e.g. a UUID",
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewVisit"}}},
                },
                "responses": {
                    "201": {**_visit_response("the visit was created, with its ticket",
                                              {"Location": {"schema": {"type": "string"}}}, "NewVisitAnswer"),
                            "links": {"UpdateVisit": {"operationId": "updateVisit",
                                                      "parameters": {"id": "$response.body#/id"},
                                                      "description": "call, finish or mark the new visit as left"}}},
                    "200": _visit_response("a retry: the visit created by the first request with this key, "
                                           "with the same ticket",
                                           {"Idempotent-Replayed": {"schema": {"type": "string", "enum": ["true"]}}},
                                           "NewVisitAnswer"),
                    "400": _error("the body, a field or the Idempotency-Key header breaks this document "
                                  "(not JSON, unknown field, wrong type, value outside its list, no date-time)"),
                    "401": _error("device token missing, unknown or revoked"),
                    "409": _error("the Idempotency-Key was used for a different arrival"),
                    "422": _UNPROCESSABLE_POST,
                },
            }
        },
        "/api/v1/visits/{id}": {
            "patch": {
                "operationId": "updateVisit",
                "summary": "Call, finish, or record interpreter use",
                "description": (
                    "`called_at` calls the visitor (sets the wait); `finished_at` finishes the consultation "
                    "with `outcome` (default `served`) and `video_interpreter`; `outcome: left` alone marks a "
                    "waiting visitor who left unseen."
                ),
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer", "format": "int32", "minimum": 1}}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VisitUpdate"}}},
                },
                "responses": {
                    "200": _visit_response("the updated visit"),
                    "400": _error("the body or a field breaks this document"),
                    "401": _error("device token missing, unknown or revoked"),
                    "404": _error("no such visit, or one of another place (a device sees only its own)"),
                    "409": _error("the visit is not in a state for this change (already called or closed)"),
                    "422": _UNPROCESSABLE_PATCH,
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3 document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }
        },
    },
    "components": {
        "securitySchemes": {
            "deviceToken": {"type": "http", "scheme": "bearer", "description": "device token from the Admin page"}
        },
        "schemas": {
            "NewVisit": {
                "type": "object",
                "additionalProperties": False,
                "required": ["location", "target_group", "language", "concern"],
                "properties": {
                    "location": {"type": "string", "enum": list(LOCATIONS)},
                    "target_group": {"type": "string", "enum": list(TARGET_GROUPS)},
                    "language": {"type": "string", "enum": sorted(LANGUAGE_CODES),
                                 "description": "ISO 639-1 code, or ISO 639-3 for Dari, Sorani, Kurmanji, Romani, Syriac"},
                    "concern": {"type": "string", "enum": list(CONCERNS)},
                    "arrived_at": {**_DATETIME, "description": _DATETIME["description"] + " Default: the time the "
                                   "request arrives; at most 7 days ago."},
                },
            },
            "VisitUpdate": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    "called_at": _DATETIME,
                    "finished_at": _DATETIME,
                    "outcome": {"type": "string", "enum": list(OUTCOMES)},
                    "video_interpreter": {"type": "boolean"},
                },
            },
            "Visit": {
                "type": "object",
                "required": ["id", "location", "arrived_at", "target_group", "language", "concern",
                             "video_interpreter"],
                "properties": {
                    "id": {"type": "integer"},
                    "location": {"type": "string", "enum": list(LOCATIONS)},
                    "arrived_at": _DATETIME_OUT,
                    "called_at": {**_DATETIME_OUT, "nullable": True},
                    "finished_at": {**_DATETIME_OUT, "nullable": True},
                    "target_group": {"type": "string", "enum": list(TARGET_GROUPS)},
                    "language": {"type": "string"},
                    "concern": {"type": "string"},
                    "video_interpreter": {"type": "boolean"},
                    "outcome": {"type": "string", "enum": list(OUTCOMES), "nullable": True},
                    "wait_minutes": {"type": "number", "nullable": True},
                    "service_minutes": {"type": "number", "nullable": True},
                },
            },
            "Ticket": _TICKET,
            "Error": _ERROR,
        },
    },
}
_SCHEMAS = OPENAPI["components"]["schemas"]
# What POST answers: the visit and its ticket.
_SCHEMAS["NewVisitAnswer"] = {
    **_SCHEMAS["Visit"],
    "required": [*_SCHEMAS["Visit"]["required"], "ticket"],
    "properties": {**_SCHEMAS["Visit"]["properties"], "ticket": {"$ref": "#/components/schemas/Ticket"}},
}
