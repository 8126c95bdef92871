"""Every address pattern the public can reach, read from the site's URL resolver, so that a
test of "every public path" covers a route as soon as it is added.

The admin site is left out (every page of it asks for a sign-in first); the sign-in's second
step, the password reset, the API with its schema and documentation, robots.txt, the
sitemap and every page in every language are in. A route is its text between parameters:
each parameter has a name and the converter that matches it, and the language prefix of
the translated pages is a parameter too (`language`).
"""

import re
from dataclasses import dataclass
from urllib.parse import quote_from_bytes

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import PathConverter, StringConverter
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

LANGUAGE = "language"
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NOT_PUBLIC = {"admin"}


@dataclass(frozen=True)
class Parameter:
    name: str
    converter: object  # a Django path converter; None for the language prefix


@dataclass(frozen=True)
class Route:
    name: str  # "contributions:document"
    parts: tuple[str | Parameter, ...]

    @property
    def parameters(self) -> list[Parameter]:
        return [part for part in self.parts if isinstance(part, Parameter)]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api-1:")

    def url(self, values: dict[str, bytes]) -> str:
        """The address with these raw bytes in its parameters, percent-encoded as a client
        sends them (NUL as %00, invalid UTF-8 as it is, byte for byte)."""
        return "/" + "".join(
            part if isinstance(part, str) else quote_from_bytes(values[part.name], safe="")
            for part in self.parts
        )

    def __str__(self) -> str:
        return (
            self.name
            + " /"
            + "".join(part if isinstance(part, str) else f"<{part.name}>" for part in self.parts)
        )


def _route_parts(pattern) -> tuple[str | Parameter, ...]:
    if isinstance(pattern, LocalePrefixPattern):
        return (Parameter(LANGUAGE, None), "/")
    if isinstance(pattern, RegexPattern) and pattern.regex.pattern == "^$":
        return ()
    if isinstance(pattern, RegexPattern) and "rest" in pattern.regex.groupindex:
        # The addresses from before the groups: any page's address after the language.
        return (Parameter("rest", PathConverter()),)
    if not isinstance(pattern, RoutePattern):
        raise TypeError(f"A pattern this walk does not know: {pattern!r}")
    route, parts, position = str(pattern), [], 0
    for found in _PARAMETER.finditer(route):
        parts.append(route[position : found.start()])
        converter = pattern.converters.get(found["name"], StringConverter())
        parts.append(Parameter(found["name"], converter))
        position = found.end()
    parts.append(route[position:])
    return tuple(part for part in parts if part != "")


def _walk(patterns, prefix: tuple, namespace: str) -> list[Route]:
    routes = []
    for pattern in patterns:
        parts = prefix + _route_parts(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace in _NOT_PUBLIC:
                continue
            inner = ":".join(name for name in (namespace, pattern.namespace) if name)
            routes += _walk(pattern.url_patterns, parts, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(part for part in (namespace, pattern.name or "") if part)
            routes.append(Route(name, parts))
    return routes


def public_routes() -> list[Route]:
    return _walk(get_resolver().url_patterns, (), "")
