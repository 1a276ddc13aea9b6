"""Refuse Discord roles and members named in the config by name: only ids identify them.

Anyone allowed to create roles or change their nickname can copy a name, so a permission,
an exemption or the on-call ping keyed by a name could be taken over. Members carry their
role ids (bot.adapters.discordbot.translate), and the config must use the same ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from bot.adapters.discordbot.render import plain_id, snowflake
from bot.config import Problem

if TYPE_CHECKING:
    from bot.config import Config
    from bot.config_models import CommunityBase
    from bot.yamlsource import Path_

ROLE_HINT = (
    "give the role's id, not its name (a name can be copied by anyone who may create roles): "
    "turn on Developer Mode, then Server Settings → Roles → right-click → Copy Role ID"
)
USER_HINT = "give the member's id (Developer Mode on, right-click them → Copy User ID)"
ON_CALL_HINT = "give the on-call role as <@&role id> (or a member as <@user id>), not a name"


def name_problems(config: Config) -> list[Problem]:
    """Return a problem for each role or member a Discord community names rather than ids."""
    problems = []
    for name, community in config.communities.items():
        if community.platform != "discord":
            continue
        base: Path_ = ("communities", name)
        for path, value, hint in _references(community):
            if not _is_id(value, on_call=path == ("on_call",)):
                where = (*base, *path)
                line = config.source.line_of(where)
                dotted = ".".join(str(p) for p in where)
                problems.append(Problem(config.source.file, line, dotted, f"{value!r}: {hint}"))
    return problems


def _is_id(value: str, *, on_call: bool) -> bool:
    text = value.strip()
    if on_call:
        return snowflake(text) is not None
    return plain_id(text) is not None


def _references(community: CommunityBase) -> Iterator[tuple[Path_, str, str]]:
    """Yield (key path, value, hint) of every role and member the community names."""
    mods = community.moderators
    yield from _listed(("moderators", "roles"), mods.roles, ROLE_HINT)
    yield from _listed(("moderators", "users"), mods.users, USER_HINT)
    for command, who in community.permissions.items():
        yield from _listed(("permissions", command, "roles"), who.roles, ROLE_HINT)
        yield from _listed(("permissions", command, "users"), who.users, USER_HINT)
    if community.on_call:
        yield ("on_call",), community.on_call, ON_CALL_HINT
    for index, override in enumerate(community.overrides):
        yield from _listed(("overrides", index, "roles"), override.roles or [], ROLE_HINT)
        yield from _listed(("overrides", index, "users"), override.users or [], USER_HINT)
        for rule, partial in override.rules.items():
            exempt = _exempt_roles(partial)
            yield from _listed(("overrides", index, "rules", rule, *_EXEMPT), exempt, ROLE_HINT)
    for rule, settings in community.rules.items():
        yield from _listed(("rules", rule, *_EXEMPT), settings.conditions.exempt_roles, ROLE_HINT)


_EXEMPT = ("conditions", "exempt_roles")


def _exempt_roles(partial: Mapping[str, Any]) -> list[str]:
    conditions = partial.get("conditions")
    roles = conditions.get("exempt_roles") if isinstance(conditions, Mapping) else None
    return [str(r) for r in roles] if isinstance(roles, list) else []


def _listed(path: Path_, values: list[str], hint: str) -> Iterator[tuple[Path_, str, str]]:
    for index, value in enumerate(values):
        yield (*path, index), value, hint
