"""A route's parameters, read back from its URL with its path template."""

from __future__ import annotations

import re
from urllib.parse import unquote

from discord.http import Route


class Params:
    """The parameters of a route, read back from its URL with the path template."""

    def __init__(self, route: Route) -> None:
        pattern = re.escape(route.path)
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/?]+)", pattern)
        found = re.fullmatch(pattern, route.url.removeprefix(Route.BASE).split("?", 1)[0])
        if found is None:
            raise AssertionError(f"{route.url} does not match {route.path}")
        self.values = {k: unquote(v) for k, v in found.groupdict().items()}

    def int(self, name: str) -> int:
        return int(self.values[name])

    def str(self, name: str) -> str:
        return self.values[name]
