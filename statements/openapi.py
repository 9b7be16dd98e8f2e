"""The API's description, OpenAPI 3.1, generated and never written by hand: its parameters
from the lists' FilterSets (filters.py: each filter's meaning and the JSON Schema of its
values), its records from the exports' field declarations (exports/fields.py: each key's
shape and meaning), so that a filter or a field added there is in the API and here at once.
"""

from django.conf import settings

from .cursors import DEFAULT_LIMIT, MOST
from .exports import EXPORTS
from .exports.kinds import OBJECTS, SHAPE_SCHEMAS, ref, strings
from .filters import KeyField

API_VERSION = "1"
PREFIX = "/api/v1"
COUNTRY_CODE = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
SLUG = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
# The records with a page of their own, by what names them in its address.
RECORD_KEYS = {
    "statements": ("id", {"type": "integer", "minimum": 1}),
    "agreements": ("id", {"type": "integer", "minimum": 1}),
    "events": ("slug", SLUG),
    "actors": ("slug", SLUG),
}
URL = {"type": "string", "format": "uri"}
URL_OR_NULL = {"type": ["string", "null"], "format": "uri"}

INTRODUCTION = """\
The published statements, agreements, events and actors of Demarche, read only.

Each list takes the filters of its page (the same names, values and meanings) and is read
page by page: follow `next` (and `previous`) until it is null. A cursor names a row, so a page
deep in the list costs what the first does, and the pages hold exactly the rows of the list's
JSON export, in the same order. A wrong filter is a 400 naming each parameter and its problem.
Answers carry an ETag and Last-Modified: send If-None-Match to be answered 304 when nothing
changed. Any origin may read the API (CORS)."""


def description(base):
    schemas = {**OBJECTS, **shared_schemas()}
    paths = {}
    for spec in EXPORTS.values():
        name = record_name(spec)
        schemas[name] = record_schema(spec, base)
        schemas[f"{name}Page"] = page_schema(spec.name, name)
        paths[f"{PREFIX}/{spec.name}/"] = {"get": list_operation(spec, name)}
        key, key_schema = RECORD_KEYS[spec.name]
        paths[f"{PREFIX}/{spec.name}/{{{key}}}/"] = {
            "get": record_operation(spec, name, key, key_schema)
        }
    for hubs, (name, parameter, schema, about) in HUBS.items():
        paths[f"{PREFIX}/{hubs}/{{{parameter}}}/"] = {
            "get": hub_operation(name, parameter, schema, about)
        }
    paths[f"{PREFIX}/openapi.json"] = {"get": description_operation()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Demarche API",
            "version": API_VERSION,
            "description": INTRODUCTION,
            "license": {
                "name": settings.DATA_LICENCE["title"],
                "identifier": settings.DATA_LICENCE["name"],
            },
        },
        "servers": [{"url": base}],
        "paths": paths,
        "components": {"schemas": schemas, "responses": RESPONSES},
    }


def record_name(spec):
    return spec.model.__name__


def record_schema(spec, base):
    properties = {}
    for key in spec.keys(base):
        schema = {**SHAPE_SCHEMAS[key.shape], "description": key.description}
        if key.choices:
            schema["enum"] = list(key.choices)
        properties[key.name] = schema
    return {
        "type": "object",
        "description": f"A published {spec.model._meta.verbose_name}, as in the JSON export",
        "properties": properties,
        "required": list(properties),
    }


def page_schema(list_name, record):
    return {
        "type": "object",
        "properties": {
            "list": {"type": "string", "const": list_name},
            "url": {**URL, "description": "This page's address"},
            "license": ref("Licence"),
            "count": {"$ref": "#/components/schemas/Count"},
            "limit": {"type": "integer", "description": "The most rows a page holds"},
            "next": {**URL_OR_NULL, "description": "The next page, or null on the last"},
            "previous": {**URL_OR_NULL, "description": "The previous page, or null on the first"},
            "results": {"type": "array", "items": ref(record)},
        },
        "required": ["list", "url", "license", "count", "limit", "next", "previous", "results"],
    }


def shared_schemas():
    counted = {"type": "integer", "minimum": 0}
    return {
        "Count": {
            "type": "object",
            "description": "How many rows the filters match: exactly `value` when `exact`, "
            "else more than `value` (a list is counted up to a bound, as its page counts it)",
            "properties": {"value": counted, "exact": {"type": "boolean"}},
            "required": ["value", "exact"],
        },
        "Licence": {
            "type": "object",
            "description": "The licence of the data: its SPDX name, address and title",
            **strings("name", "path", "title"),
        },
        "Error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "errors": {
                    "type": "array",
                    "description": "Each wrong parameter and what is wrong with it",
                    "items": strings("parameter", "problem"),
                },
            },
            "required": ["status", "message"],
        },
        "Counted": {
            "type": "object",
            "description": "A forum or theme, with the number of statements counted",
            "properties": {
                "slug": SLUG,
                "name": {"type": "string"},
                "url": URL,
                "statements": counted,
            },
            "required": ["slug", "name", "url", "statements"],
        },
        "CountedCountry": {
            "type": "object",
            "description": "A country, with the number of statements or agreements counted",
            "properties": {
                "code": COUNTRY_CODE,
                "name": {"type": "string"},
                "url": URL,
                "statements": counted,
                "agreements": counted,
            },
            "required": ["code", "name", "url"],
        },
        "Year": {
            "type": "object",
            "properties": {
                "year": {"type": "integer"},
                "statements": counted,
                "agreements": counted,
            },
            "required": ["year", "statements", "agreements"],
        },
        "CountryHub": hub_schema(
            {"code": COUNTRY_CODE},
            {
                "statements_by_forum": counted_list("Counted"),
                "statements_by_theme": counted_list("Counted"),
                "agreement_partners": counted_list("CountedCountry"),
                "agreements": {**URL, "description": "Its agreements, in the API"},
            },
        ),
        "ForumHub": hub_schema(
            {"slug": SLUG},
            {
                "acronym": {"type": "string"},
                "statements_by_country": counted_list("CountedCountry"),
                "events": {**URL, "description": "Its events, in the API"},
            },
        ),
        "ThemeHub": hub_schema(
            {"slug": SLUG},
            {
                "statements_by_country": counted_list("CountedCountry"),
                "agreements": {**URL, "description": "Its agreements, in the API"},
            },
        ),
    }


def counted_list(name):
    return {"type": "array", "items": ref(name)}


def hub_schema(key, properties):
    every = {
        **key,
        "name": {"type": "string"},
        "url": {**URL, "description": "The hub's page"},
        **properties,
        "years": {
            "type": "array",
            "items": ref("Year"),
            "description": "Statements and agreements by year",
        },
        "statements": {**URL, "description": "Its statements, in the API"},
    }
    return {"type": "object", "properties": every, "required": list(every)}


# The hubs, by the first part of their address: their schema, key and what they answer.
HUBS = {
    "countries": (
        "CountryHub",
        "code",
        COUNTRY_CODE,
        "A country's hub: its statements and agreements counted",
    ),
    "forums": (
        "ForumHub",
        "slug",
        SLUG,
        "A forum's hub: its statements counted by country and year",
    ),
    "themes": (
        "ThemeHub",
        "slug",
        SLUG,
        "A theme's hub: its statements counted by country and year",
    ),
}

RESPONSES = {
    "BadRequest": {
        "description": "Some parameters are wrong: each is named with its problem",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "NotFound": {
        "description": "There is no such published record",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "NotModified": {"description": "Nothing changed since the ETag given in If-None-Match"},
}


def answer(schema, description):
    return {
        "description": description,
        "headers": {
            "API-Version": {"schema": {"type": "string"}, "description": "This API's version"},
            "ETag": {"schema": {"type": "string"}, "description": "For If-None-Match"},
        },
        "content": {"application/json": {"schema": schema}},
    }


def list_operation(spec, name):
    noun = spec.model._meta.verbose_name_plural
    return {
        "operationId": f"list_{spec.name}",
        "summary": f"The published {noun}, filtered and sorted as on their page",
        "parameters": [*filter_parameters(spec.filterset_class), *paging_parameters()],
        "responses": {
            "200": answer(ref(f"{name}Page"), f"A page of {noun}"),
            "304": {"$ref": "#/components/responses/NotModified"},
            "400": {"$ref": "#/components/responses/BadRequest"},
        },
    }


def filter_parameters(filterset_class):
    """A query parameter for each filter of `filterset_class`, described by the filter."""
    parameters = []
    for name, declared in filterset_class.base_filters.items():
        field_class = declared.field_class
        meaning = declared.extra.get("help_text") or str(declared.label or name)
        if name == "sort":
            sorts = [*filterset_class.sorts, "relevance"]
            schema = {"type": "string", "enum": sorts, "default": filterset_class.default_sort}
            parameters.append(parameter(name, schema, meaning))
        elif issubclass(field_class, KeyField):
            item = declared.extra.get("item") or {"type": "string"}
            schema = {"type": "array", "items": item, "uniqueItems": True}
            parameters.append(parameter(name, schema, f"{meaning} (repeat it for several)"))
        else:
            parameters.append(parameter(name, field_class.item, meaning))
    return parameters


def parameter(name, schema, description, where="query"):
    found = {"name": name, "in": where, "description": description, "schema": schema}
    if where == "path":
        found["required"] = True
    elif schema.get("type") == "array":
        found.update(style="form", explode=True)
    return found


def paging_parameters():
    limit = {"type": "integer", "minimum": 1, "maximum": MOST, "default": DEFAULT_LIMIT}
    cursor = {"type": "string"}
    return [
        parameter("limit", limit, "The most rows a page holds"),
        parameter("cursor", cursor, "Where the page starts: from a next or previous link"),
    ]


def record_operation(spec, name, key, key_schema):
    noun = spec.model._meta.verbose_name
    return {
        "operationId": f"get_{noun.replace(' ', '_')}",
        "summary": f"One published {noun}, with its related records",
        "parameters": [parameter(key, key_schema, f"The {noun}'s {key}", where="path")],
        "responses": {
            "200": answer(ref(name), f"The {noun}"),
            "304": {"$ref": "#/components/responses/NotModified"},
            "404": {"$ref": "#/components/responses/NotFound"},
        },
    }


def hub_operation(name, key, key_schema, about):
    hub = name.removesuffix("Hub").lower()
    return {
        "operationId": f"get_{hub}_hub",
        "summary": about,
        "parameters": [parameter(key, key_schema, f"The {hub}'s {key}", where="path")],
        "responses": {
            "200": answer(ref(name), about),
            "304": {"$ref": "#/components/responses/NotModified"},
            "404": {"$ref": "#/components/responses/NotFound"},
        },
    }


def description_operation():
    return {
        "operationId": "get_description",
        "summary": "This description",
        "responses": {"200": answer({"type": "object"}, "OpenAPI 3.1")},
    }
