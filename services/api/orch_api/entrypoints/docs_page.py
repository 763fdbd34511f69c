"""A readable reference of the API, rendered on the server from the OpenAPI document.

Plain HTML and CSS, no script and nothing fetched from elsewhere: the page works offline, on
machines that reach no CDN. Operations are grouped by tag; every schema is a table of its fields,
and types link to the schemas they name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from typing import Any

_COMPONENT = "#/components/"
_CODE_SPAN = re.compile(r"``(.+?)``|`([^`]+)`")
"""Markdown code spans, and reStructuredText's double-backquoted literals (docstrings use both)."""
_CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
nav { position: fixed; top: 0; bottom: 0; width: 290px; overflow-y: auto; padding: 20px 16px;
      background: #f6f8fa; border-right: 1px solid #d0d7de; font-size: 13px; }
nav h2 { font-size: 12px; text-transform: uppercase; color: #59636e; margin: 18px 0 6px; }
nav a { display: block; padding: 2px 0; color: #1f2328; text-decoration: none; }
nav a:hover { color: #0969da; }
main { margin-left: 290px; padding: 24px 40px 80px; max-width: 1100px; }
h1 { margin: 0 0 4px; } h2.tag { margin-top: 40px; border-bottom: 1px solid #d0d7de; padding-bottom: 6px; }
.op, .schema { border: 1px solid #d0d7de; border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.op h3, .schema h3 { margin: 0; font-size: 16px; font-weight: 600; }
.op h4 { margin: 14px 0 4px; font-size: 13px; color: #59636e; text-transform: uppercase; }
.method { display: inline-block; min-width: 64px; text-align: center; border-radius: 4px; padding: 1px 6px;
          margin-right: 8px; color: #fff; font-size: 12px; font-weight: 700; }
.get { background: #1f6feb; } .post { background: #1a7f37; } .put { background: #9a6700; }
.patch { background: #8250df; } .delete { background: #cf222e; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 1px 4px;
       border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #eaeef2; }
th { font-size: 12px; color: #59636e; font-weight: 600; }
.muted { color: #59636e; } .req { color: #cf222e; font-size: 12px; }
"""


def render_docs_page(document: dict[str, Any]) -> str:
    info = document["info"]
    title = f"{info['title']} {info['version']}"
    schemas = document.get("components", {}).get("schemas", {})
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = {t["name"]: [] for t in document.get("tags", [])}
    for path, method, operation in _operations(document):
        by_tag.setdefault(operation.get("tags", ["Other"])[0], []).append((path, method, operation))
    nav = "".join(f"<h2>{escape(tag)}</h2>" + "".join(_nav_link(op) for _, _, op in ops) for tag, ops in by_tag.items())
    nav += "<h2>Schemas</h2>" + "".join(f'<a href="#schema-{escape(n)}">{escape(n)}</a>' for n in schemas)
    body = "".join(
        f'<h2 class="tag" id="tag-{escape(tag)}">{escape(tag)}</h2>'
        + "".join(_operation(document, path, method, op) for path, method, op in ops)
        for tag, ops in by_tag.items()
    )
    body += '<h2 class="tag" id="schemas">Schemas</h2>' + "".join(_schema(n, s) for n, s in schemas.items())
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head>'
        f"<body><nav><strong>{escape(info['title'])}</strong>{nav}</nav><main>"
        f'<h1>{escape(info["title"])}</h1><p class="muted">Version {escape(info["version"])}. '
        f"{escape(info.get('summary', ''))} The machine-readable document: "
        f'<a href="openapi.json"><code>openapi.json</code></a> (OpenAPI {escape(document["openapi"])}).</p>'
        f"{body}</main></body></html>"
    )


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            yield path, method, operation


def _nav_link(operation: dict[str, Any]) -> str:
    return f'<a href="#op-{escape(operation["operationId"])}">{_text(operation.get("summary", ""))}</a>'


def _operation(document: dict[str, Any], path: str, method: str, operation: dict[str, Any]) -> str:
    heading = (
        f'<section class="op" id="op-{escape(operation["operationId"])}">'
        f'<h3><span class="method {escape(method)}">{escape(method.upper())}</span><code>{escape(path)}</code></h3>'
        f"<div>{_text(operation.get('summary', ''))}</div>"
    )
    parts = [heading]
    parameters = operation.get("parameters", [])
    if parameters:
        rows = "".join(
            f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
            f"<td>{_type(p.get('schema', {}))}</td><td>{_constraints(p.get('schema', {}))}</td></tr>"
            for p in parameters
        )
        parts.append(
            f"<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>notes</th></tr>{rows}</table>"
        )
    body = operation.get("requestBody")
    if body:
        parts.append(f"<h4>Request body</h4><div>{_content(body)}</div>")
    rows = "".join(
        f"<tr><td><code>{escape(status)}</code></td><td>{_text(answer.get('description', ''))}</td>"
        f"<td>{_content(answer)}</td></tr>"
        for status, answer in ((s, _resolve(document, r)) for s, r in operation.get("responses", {}).items())
    )
    parts.append(f"<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>{rows}</table>")
    return "".join(parts) + "</section>"


def _resolve(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    ref = item.get("$ref")
    if not isinstance(ref, str) or not ref.startswith(_COMPONENT):
        return item
    kind, name = ref.removeprefix(_COMPONENT).split("/", 1)
    resolved: dict[str, Any] = document["components"][kind][name]
    return resolved


def _content(item: dict[str, Any]) -> str:
    media = item.get("content", {})
    return ", ".join(f"{_type(m.get('schema', {}))} <span class='muted'>{escape(t)}</span>" for t, m in media.items())


def _schema(name: str, schema: dict[str, Any]) -> str:
    required = set(schema.get("required", []))
    rows = "".join(
        f"<tr><td><code>{escape(field)}</code>{' <span class=req>required</span>' if field in required else ''}</td>"
        f"<td>{_type(sub)}</td><td>{_text(sub.get('description', ''))} {_constraints(sub)}</td></tr>"
        for field, sub in schema.get("properties", {}).items()
    )
    if "properties" in schema:
        extra = "" if schema.get("additionalProperties", True) else "<p class='muted'>No other fields.</p>"
        shape = f"<table><tr><th>field</th><th>type</th><th>notes</th></tr>{rows}</table>{extra}"
    else:  # not an object with fields: a list, a single value (a root model)
        shape = f"<p>{_type(schema)} {_constraints(schema)}</p>"
    return (
        f'<section class="schema" id="schema-{escape(name)}"><h3>{escape(name)}</h3>'
        f"<p>{_text(schema.get('description', ''))}</p>{shape}</section>"
    )


def _type(schema: dict[str, Any]) -> str:  # noqa: PLR0911 - one case per JSON Schema shape
    if "$ref" in schema:
        name = escape(schema["$ref"].rsplit("/", 1)[-1])
        return f'<a href="#schema-{name}">{name}</a>'
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(_type(s) for s in schema[key])
    if "enum" in schema:
        return " | ".join(f"<code>{escape(json.dumps(v))}</code>" for v in schema["enum"])
    if "const" in schema:
        return f"<code>{escape(json.dumps(schema['const']))}</code>"
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map of {_type(schema['additionalProperties'])}"
    return escape(str(kind))


def _constraints(schema: dict[str, Any]) -> str:
    for key in ("anyOf", "oneOf"):  # a nullable field's constraints sit on its non-null branch
        for branch in schema.get(key, []):
            schema = {**branch, **schema}
    notes = [
        f"{label} <code>{escape(_literal(key, schema[key]))}</code>"
        for key, label in (
            ("pattern", "pattern"),
            ("format", "format"),
            ("minLength", "min length"),
            ("maxLength", "max length"),
            ("maxItems", "max items"),
            ("default", "default"),
        )
        if key in schema
    ]
    return f"<span class='muted'>{'; '.join(notes)}</span>" if notes else ""


def _literal(key: str, value: Any) -> str:  # noqa: ANN401 - any JSON value
    """Patterns and formats as written; defaults as the JSON a client would send."""
    return value if isinstance(value, str) and key != "default" else json.dumps(value)


def _text(description: str) -> str:
    """A description, escaped, with its `code spans` (the one bit of Markdown they use) shown as code."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m[1] or m[2]}</code>", escape(description))
