"""Placeholders: parsing every documented form, rendering with types, escaping and secrets."""

from __future__ import annotations

from typing import Any

import pytest

from shared.placeholders import (
    Placeholder,
    PlaceholderError,
    Rendered,
    ResourceRef,
    parse,
    placeholders_in,
    render,
    scan,
)


class TestParse:
    @pytest.mark.parametrize(
        ("text", "refs", "attribute"),
        [
            ("resources.postgres.outputs.host", (ResourceRef("postgres"),), ("outputs", "host")),
            ("resources.postgres.admin.outputs.host", (ResourceRef("postgres", "admin"),), ("outputs", "host")),
            ("resources.dns#shared.api.outputs.host", (ResourceRef("dns", None, "shared.api"),), ("outputs", "host")),
            (
                "resources['dns#shared.api-dns'].outputs.host",
                (ResourceRef("dns", None, "shared.api-dns"),),
                ("outputs", "host"),
            ),
            (
                'resources["config.default#shared.env"].outputs.x',
                (ResourceRef("config", "default", "shared.env"),),
                ("outputs", "x"),
            ),
            ("resources.my-org/dns.outputs.host", (ResourceRef("my-org/dns"),), ("outputs", "host")),
            ("resources.postgres.admin#db.guresid", (ResourceRef("postgres", "admin", "db"),), ("guresid",)),
            ('resources.s3.outputs["a.b"]', (ResourceRef("s3"),), ("outputs", "a.b")),
        ],
    )
    def test_resource_references(self, text: str, refs: tuple[ResourceRef, ...], attribute: tuple[str, ...]) -> None:
        parsed = parse(text)

        assert ("resources", refs, attribute, ()) == (parsed.root, parsed.refs, parsed.attribute, parsed.directions)

    def test_selectors_keep_their_directions(self) -> None:
        parsed = parse("resources.workload>aws-policy<route.outputs.arn")

        assert (ResourceRef("workload"), ResourceRef("aws-policy"), ResourceRef("route")) == parsed.refs
        assert (">", "<") == parsed.directions

    @pytest.mark.parametrize(
        ("text", "path"),
        [
            ("context.app.id", ("context", "app", "id")),
            ("shared.users-db.name", ("shared", "users-db", "name")),
            ("shared['users-db'].name", ("shared", "users-db", "name")),
            ('["shared"]["users-db"]["name"]', ("shared", "users-db", "name")),
            ("values.API_KEY", ("values", "API_KEY")),
            ("externals.db.host", ("externals", "db", "host")),
            ("modules.api.service.name", ("modules", "api", "service", "name")),
        ],
    )
    def test_other_roots_are_paths(self, text: str, path: tuple[str, ...]) -> None:
        assert path == parse(text).path

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("foo.bar", "unknown placeholder root 'foo'"),
            ("values", "needs a name"),
            ("values..x", "empty path segment"),
            ("resources.x", "'.outputs.<key>' or '.guresid'"),
            ("resources.x.outputs", "needs a key"),
            ("resources.x.guresid.y", "takes no key"),
            ("resources.X!.outputs.a", "malformed resource selector"),
            ("shared['open.x", "unclosed bracket"),
        ],
    )
    def test_malformed_placeholders_say_what_is_wrong(self, text: str, reason: str) -> None:
        with pytest.raises(PlaceholderError, match=None) as caught:
            parse(text)

        assert reason in str(caught.value)


class TestScan:
    def test_finds_placeholders_and_skips_escaped_ones(self) -> None:
        assert [(2, 8, "x.y"), (17, 28, "values.k")] == scan("a ${x.y} b $\\{z} ${values.k}")

    def test_a_brace_inside_quotes_does_not_close_the_placeholder(self) -> None:
        assert [(0, 21, "shared['a}b'].host")] == scan("${shared['a}b'].host}xyz")

    def test_an_unclosed_placeholder_is_an_error(self) -> None:
        with pytest.raises(PlaceholderError):
            scan("x ${values.y")

    def test_locations_name_the_string_that_holds_the_placeholder(self) -> None:
        found = placeholders_in({"a": {"b": ["x", "${values.k}"]}})

        assert [("a.b[1]", "values.k")] == [(loc, ph.text) for loc, ph in found]


def _lookup(values: dict[str, Any], secrets: frozenset[str] = frozenset()) -> Any:
    def lookup(ph: Placeholder) -> Rendered:
        key = ph.path[1]
        if key not in values:
            raise PlaceholderError(f"no value '{key}'")
        return Rendered(values[key], key in secrets)

    return lookup


class TestRender:
    def test_a_lone_placeholder_keeps_the_type_of_its_value(self) -> None:
        assert Rendered(5432) == render("${values.port}", _lookup({"port": 5432}))
        assert Rendered({"a": [1]}) == render("${values.obj}", _lookup({"obj": {"a": [1]}}))

    def test_placeholders_inside_text_are_written_in(self) -> None:
        rendered = render(
            "postgres://${values.host}:${values.port}/${values.obj}",
            _lookup({"host": "db", "port": 1, "obj": {"x": 1}}),
        )

        assert Rendered('postgres://db:1/{"x": 1}') == rendered

    def test_a_string_with_a_secret_in_it_is_a_secret(self) -> None:
        rendered = render(
            {"url": "u:${values.pw}@h", "plain": "${values.host}"},
            _lookup({"pw": "s3", "host": "h"}, frozenset({"pw"})),
        )

        assert ({"url": "u:s3@h", "plain": "h"}, True) == (rendered.value, rendered.secret)

    def test_escaped_placeholders_are_written_literally(self) -> None:
        assert Rendered("${values.x} and y") == render("$\\{values.x} and ${values.y}", _lookup({"y": "y"}))

    def test_an_error_carries_the_location_and_the_placeholder(self) -> None:
        with pytest.raises(PlaceholderError) as caught:
            render({"env": {"A": "x-${values.missing}"}}, _lookup({}))

        assert ("env.A", "values.missing") == (caught.value.location, caught.value.placeholder)
        assert "no value 'missing' at env.A (in ${values.missing})" == str(caught.value)
