"""Placeholders: ``${path}`` inside strings of definitions and workloads, parsed and rendered.

Paths are ``.``-separated names or bracketed JSON strings: ``${shared.db.host}`` is
``${shared['db'].host}`` is ``${["shared"]["db"]["host"]}``. ``$\\{path}`` writes a literal
``${path}``. A string that is exactly one placeholder takes the value's own type (number,
object, ...); otherwise values are written into the string (non-strings as JSON). If any
placeholder in a string refers to a secret, the whole result is a secret.

Resource references have their own grammar after ``resources.``: a selector
``type[.class][#id]`` (or a chain ``a>b`` / ``a<b``), then ``outputs.<key>...`` or ``guresid``;
use the bracket form when the id contains dots: ``${resources['dns#shared.api'].outputs.host}``.

This module is pure: parsing and rendering take everything they need as arguments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_NAME = re.compile(r"[A-Za-z0-9_\-/]+")
_SELECTOR_PART = re.compile(r"^(?P<type>[a-z0-9][a-z0-9/_-]*)(?:\.(?P<class>[a-z0-9][a-z0-9_-]*))?(?:#(?P<id>.+))?$")
ROOTS = ("resources", "context", "values", "shared", "externals", "modules")


class PlaceholderError(ValueError):
    """A placeholder that cannot be parsed or resolved; ``location`` says where it is."""

    def __init__(self, message: str, *, location: str = "", placeholder: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.placeholder = placeholder

    def at(self, location: str) -> PlaceholderError:
        return PlaceholderError(self.message, location=location, placeholder=self.placeholder)

    def __str__(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"{self.message}{where}" + (f" (in ${{{self.placeholder}}})" if self.placeholder else "")


@dataclass(frozen=True)
class ResourceRef:
    """One step of a resource selector: ``None`` class or id mean "the current resource's"."""

    type: str
    class_: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Placeholder:
    text: str
    """The placeholder as written between ``${`` and ``}``."""
    path: tuple[str, ...]
    """For non-resource placeholders: the parsed path, root first."""
    refs: tuple[ResourceRef, ...] = ()
    """For ``resources``: the selector chain (one element for a plain reference)."""
    directions: tuple[str, ...] = ()
    """For chains: ``>`` (what the previous depends on) or ``<`` (what depends on it), one per step."""
    attribute: tuple[str, ...] = ()
    """For ``resources``: ``("outputs", key, ...)`` or ``("guresid",)``."""

    @property
    def root(self) -> str:
        return "resources" if self.refs else self.path[0]


@dataclass(frozen=True)
class Rendered:
    value: Any
    secret: bool = False


Lookup = Callable[[Placeholder], Rendered]


@dataclass
class _Cursor:
    text: str
    pos: int = 0
    segments: list[str] = field(default_factory=list)


def _split_path(text: str) -> list[str]:
    """``a.b['c.d']["e"]`` -> ``["a", "b", "c.d", "e"]``."""
    cur = _Cursor(text)
    while cur.pos < len(text):
        ch = text[cur.pos]
        if ch == "[":
            cur.pos = _bracket(cur)
        elif ch == ".":
            if cur.pos == 0 or cur.pos == len(text) - 1:
                raise PlaceholderError("empty path segment", placeholder=text)
            cur.pos += 1
            if text[cur.pos] in ".[":
                raise PlaceholderError("empty path segment", placeholder=text)
        else:
            match = _NAME.match(text, cur.pos)
            if match is None:
                raise PlaceholderError(f"unexpected character {ch!r}", placeholder=text)
            cur.segments.append(match.group())
            cur.pos = match.end()
    if not cur.segments:
        raise PlaceholderError("empty placeholder", placeholder=text)
    return cur.segments


def _bracket(cur: _Cursor) -> int:
    text = cur.text
    if cur.pos + 1 >= len(text) or text[cur.pos + 1] not in "'\"":
        raise PlaceholderError("a bracket must hold a quoted name", placeholder=text)
    quote = text[cur.pos + 1]
    end = text.find(quote + "]", cur.pos + 2)
    if end < 0:
        raise PlaceholderError("unclosed bracket", placeholder=text)
    raw = text[cur.pos + 2 : end]
    cur.segments.append(json.loads(f'"{raw}"') if quote == '"' else raw)
    return end + 2


def parse(text: str) -> Placeholder:
    """Parse the inside of ``${...}``; raises ``PlaceholderError`` for anything malformed."""
    stripped = text.strip()
    dotted = _DOTTED_RESOURCE.match(stripped)
    if dotted is not None:  # selectors in dot form may hold '#', '>' and '<'
        attribute = _split_path(dotted["attr"])
        return _resource(text, dotted["sel"], tuple(attribute))
    segments = _split_path(stripped)
    root = segments[0]
    if root not in ROOTS:
        raise PlaceholderError(f"unknown placeholder root '{root}'", placeholder=text)
    if root != "resources":
        if len(segments) < 2:
            raise PlaceholderError(f"'{root}' needs a name after it", placeholder=text)
        return Placeholder(text=text, path=tuple(segments))
    return _parse_resource(text, segments[1:])


def _parse_resource(text: str, rest: list[str]) -> Placeholder:
    if len(rest) < 2 or rest[1] not in ("outputs", "guresid"):
        raise PlaceholderError("a resource reference needs '.outputs.<key>' or '.guresid'", placeholder=text)
    return _resource(text, rest[0], tuple(rest[1:]))


def _resource(text: str, selector: str, attribute: tuple[str, ...]) -> Placeholder:
    if attribute[0] == "outputs" and len(attribute) < 2:
        raise PlaceholderError("'.outputs' needs a key", placeholder=text)
    if attribute[0] == "guresid" and len(attribute) > 1:
        raise PlaceholderError("'.guresid' takes no key", placeholder=text)
    parts = re.split(r"([<>])", selector)
    refs = tuple(_parse_ref(p, text) for p in parts[0::2])
    return Placeholder(text=text, path=("resources",), refs=refs, directions=tuple(parts[1::2]), attribute=attribute)


def _parse_ref(part: str, text: str) -> ResourceRef:
    match = _SELECTOR_PART.match(part)
    if match is None:
        raise PlaceholderError(f"malformed resource selector '{part}'", placeholder=text)
    return ResourceRef(type=match["type"], class_=match["class"], id=match["id"])


_DOTTED_RESOURCE = re.compile(r"^resources\.(?P<sel>[^\[\]'\"]+?)\.(?P<attr>(?:outputs|guresid)(?:[.\[].*)?)$")
_TOKEN = re.compile(r"\$\\\{|\$\{")


def scan(text: str) -> list[tuple[int, int, str]]:
    """Placeholders in ``text`` as ``(start, end, inside)``; escaped ``$\\{`` ones are skipped."""
    found = []
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        if match.group() == "$\\{":
            pos = match.end()
            continue
        end = _closing_brace(text, match.end())
        if end < 0:
            raise PlaceholderError("unclosed placeholder", placeholder=text[match.start() :])
        found.append((match.start(), end + 1, text[match.end() : end]))
        pos = end + 1
    return found


def _closing_brace(text: str, start: int) -> int:
    quote = None
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "}":
            return i
    return -1


def placeholders_in(value: Any, location: str = "") -> list[tuple[str, Placeholder]]:  # noqa: ANN401 - any JSON
    """Every placeholder in a JSON value, with the location of the string that holds it."""
    out: list[tuple[str, Placeholder]] = []
    for loc, text in _strings(value, location):
        for _, _, inside in _scan_at(text, loc):
            try:
                out.append((loc, parse(inside)))
            except PlaceholderError as exc:
                raise exc.at(loc) from exc
    return out


def _scan_at(text: str, location: str) -> list[tuple[int, int, str]]:
    try:
        return scan(text)
    except PlaceholderError as exc:
        raise exc.at(location) from exc


def _strings(value: Any, location: str) -> list[tuple[str, str]]:  # noqa: ANN401
    if isinstance(value, str):
        return [(location, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{location}.{k}" if location else str(k))]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{location}[{i}]")]
    return []


def render(value: Any, lookup: Lookup, location: str = "") -> Rendered:  # noqa: ANN401 - any JSON
    """Render every placeholder in a JSON value. ``secret`` is true if any string used a secret.

    Errors from ``lookup`` (raise ``PlaceholderError``) come back with their location."""
    if isinstance(value, str):
        return _render_string(value, lookup, location)
    if isinstance(value, dict):
        items = {k: render(v, lookup, f"{location}.{k}" if location else str(k)) for k, v in value.items()}
        return Rendered({k: r.value for k, r in items.items()}, any(r.secret for r in items.values()))
    if isinstance(value, list):
        parts = [render(v, lookup, f"{location}[{i}]") for i, v in enumerate(value)]
        return Rendered([r.value for r in parts], any(r.secret for r in parts))
    return Rendered(value)


def _render_string(text: str, lookup: Lookup, location: str) -> Rendered:
    spans = _scan_at(text, location)
    if not spans:
        return Rendered(_unescape(text))
    resolved = []
    for start, end, inside in spans:
        try:
            resolved.append((start, end, lookup(parse(inside))))
        except PlaceholderError as exc:
            raise PlaceholderError(exc.message, location=location, placeholder=inside) from exc
    if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(text):
        return resolved[0][2]
    out, pos, secret = [], 0, False
    for start, end, rendered in resolved:
        out.append(_unescape(text[pos:start]))
        out.append(rendered.value if isinstance(rendered.value, str) else json.dumps(rendered.value))
        secret = secret or rendered.secret
        pos = end
    out.append(_unescape(text[pos:]))
    return Rendered("".join(out), secret)


def _unescape(text: str) -> str:
    return text.replace("$\\{", "${")
