"""Apply policy-list rules to the protected rooms, and the moderators' commands on lists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from bot.adapters.base import PlatformError
from bot.moderation.policy_bans import PolicyBan, PolicyOutcome

if TYPE_CHECKING:
    from nio import MatrixRoom

    from bot.adapters.base import Router
    from bot.adapters.matrix.actions import RoomActions
    from bot.adapters.matrix.policy import PolicyLists, PolicyRule
    from bot.adapters.matrix.rooms import RoomDirectory

HELP = (
    "Policy commands: lists · watch <room> [name] · unwatch <list> · list create <name> · "
    "ban <list> <entity> [reason] · unban <list> <entity> · policies [--dry-run]"
)
_VERBS = frozenset({"lists", "watch", "unwatch", "list", "policies"})


class Host(Protocol):
    """What the enforcer needs from the adapter."""

    policies: PolicyLists
    actions: RoomActions
    router: Router | None

    @property
    def rooms(self) -> RoomDirectory:
        """Return the rooms the adapter serves, by community."""
        ...

    async def is_moderator(self, community: str, user_id: str) -> bool:
        """Tell whether a user moderates a community."""
        ...

    def protected(self, community: str) -> list[MatrixRoom]:
        """Return a community's protected rooms, largest first."""
        ...

    async def tell(self, community: str, text: str) -> None:
        """Post a notice in a community's management room."""
        ...


class PolicyEnforcer:
    """Ban what the watched lists ban, in every protected room, largest rooms first."""

    def __init__(self, host: Host) -> None:
        self._host = host
        #: Called with the watched lists (room ID -> name) after a moderator changed them.
        self.listeners: list[Callable[[dict[str, str]], Awaitable[None]]] = []

    @property
    def _lists(self) -> PolicyLists:
        return self._host.policies

    async def _lists_changed(self) -> None:
        self._host.rooms.policy_rooms = set(self._lists.names)
        for listener in self.listeners:
            await listener(dict(self._lists.names))

    async def adopt(self, names: dict[str, str]) -> None:
        """Watch exactly these lists (room ID -> name), then apply the rules of new ones."""
        added = [room_id for room_id in names if room_id not in self._lists.names]
        for room_id in [r for r in self._lists.names if r not in names]:
            await self._lists.unwatch(room_id)
        for room_id in added:
            try:
                await self._lists.watch(room_id, names[room_id])
            except PlatformError as err:
                for community in self._host.rooms.communities:
                    await self._host.tell(community, f"Cannot watch the list {room_id}: {err}")
        self._host.rooms.policy_rooms = set(self._lists.names)
        if added:
            await self.apply()

    async def check_newcomer(self, community: str, user_id: str) -> None:
        """Ban at once a member who joins while a watched list bans them."""
        rule = self._lists.banning(user_id)
        if rule is None or await self._host.is_moderator(community, user_id):
            return
        line = await self._record_ban(community, user_id, rule, dry_run=False)
        if line:
            await self._host.tell(community, f"On joining: {line[2:]}")

    async def _record_ban(
        self, community: str, user_id: str, rule: PolicyRule, *, dry_run: bool
    ) -> str | None:
        """Have the ban recorded as a case and carried out; return the line that says so."""
        router = self._host.router
        if router is None:
            return f"- not banning {user_id}: no case can be recorded ({_describe(rule)})"
        ban = PolicyBan(
            community=community,
            user_id=user_id,
            policy_list=self._lists.names.get(rule.list_room, rule.list_room),
            list_id=rule.list_room,
            entity=rule.entity,
            reason=rule.reason,
            dry_run=dry_run,
        )
        return _line(user_id, rule, await router.policy_ban(ban))

    async def apply(
        self, rules: list[PolicyRule] | None = None, *, dry_run: bool = False
    ) -> list[str]:
        """Apply ban rules (all by default) in every community; say what was or would be done."""
        chosen = self._lists.rules() if rules is None else [r for r in rules if r.is_ban]
        done: list[str] = []
        for community in self._host.rooms.communities:
            lines = await self._apply_in(community, chosen, dry_run=dry_run)
            if lines:
                head = "Dry run, nothing done:" if dry_run else "Policy lists applied:"
                await self._host.tell(community, "\n".join([head, *lines]))
            done += lines
        return done

    def _targets(self, rooms: list[MatrixRoom], rules: list[PolicyRule]) -> dict[str, PolicyRule]:
        targets: dict[str, PolicyRule] = {}
        for rule in rules:
            if rule.kind == "user" and not rule.is_glob:
                targets.setdefault(rule.entity, rule)  # banned even before they show up
            if rule.kind in ("user", "server"):
                for room in rooms:
                    for user_id in room.users:
                        if rule.matches_user(user_id):
                            targets.setdefault(user_id, rule)
        return targets

    async def _apply_in(
        self, community: str, rules: list[PolicyRule], *, dry_run: bool
    ) -> list[str]:
        rooms = self._host.protected(community)
        lines = []
        for user_id, rule in self._targets(rooms, rules).items():
            if await self._host.is_moderator(community, user_id):
                lines.append(f"- not banning {user_id}, a moderator ({_describe(rule)})")
            elif line := await self._record_ban(community, user_id, rule, dry_run=dry_run):
                lines.append(line)
        if any(rule.kind == "server" for rule in rules):
            deny = self._lists.denied_servers()
            if dry_run:
                lines.append(f"- would set the server ACL to deny {', '.join(deny) or 'nobody'}")
            elif changed := await self._host.actions.server_acl(rooms, deny):
                lines.append(f"- server ACL now denies {', '.join(deny)} ({changed} rooms)")
        return lines

    async def command(self, community: str, author: str, text: str) -> str | None:
        """Run a policy-list command, or return None when the text is not one."""
        words = text.split()
        if not words:
            return None
        verb, args = words[0].lower(), words[1:]
        on_list = verb in ("ban", "unban") and len(args) >= 2 and self._lists.room_of(args[0])
        if verb not in _VERBS and not on_list:
            return None  # the command router's business
        if not await self._host.is_moderator(community, author):
            return "Only moderators may use policy lists."
        handlers: dict[str, Callable[[list[str]], Awaitable[str]]] = {
            "lists": self._show,
            "watch": self._watch,
            "unwatch": self._unwatch,
            "list": self._create,
            "policies": self._apply_now,
            "ban": self._ban,
            "unban": self._unban,
        }
        try:
            return await handlers[verb](args)
        except PlatformError as err:
            return f"That did not work: {err}"

    async def _show(self, _args: list[str]) -> str:
        if not self._lists.names:
            return "No policy list is watched: `watch <room>` or `list create <name>`."
        return "\n".join(f"- {n} ({r})" for r, n in sorted(self._lists.names.items()))

    async def _watch(self, args: list[str]) -> str:
        if not args:
            return HELP
        room_id = await self._lists.watch(args[0], args[1] if len(args) > 1 else None)
        await self._lists_changed()
        done = await self.apply()
        return f"Watching {args[0]} ({room_id}); {len(done)} policy actions."

    async def _unwatch(self, args: list[str]) -> str:
        if not args:
            return HELP
        room_id = await self._lists.unwatch(args[0])
        await self._lists_changed()
        return f"No longer watching {args[0]}." if room_id else f"{args[0]} is not watched."

    async def _create(self, args: list[str]) -> str:
        if len(args) < 2 or args[0] != "create":
            return HELP
        room_id = await self._lists.create(args[1])
        await self._lists_changed()
        return f"Created the policy list {args[1]} ({room_id})."

    async def _apply_now(self, args: list[str]) -> str:
        done = await self.apply(dry_run="--dry-run" in args or "dry-run" in args)
        return f"{len(done)} policy actions (listed above)." if done else "Nothing to do."

    def _rule_target(self, args: list[str]) -> tuple[str, str, str] | str:
        room_id = self._lists.room_of(args[0])
        if room_id is None:
            return f"{args[0]} is not a watched list."
        entity = args[1]
        kind = "user" if entity.startswith("@") else "room" if entity[0] in "!#" else "server"
        return room_id, kind, entity

    async def _ban(self, args: list[str]) -> str:
        target = self._rule_target(args)
        if isinstance(target, str):
            return target
        room_id, kind, entity = target
        reason = " ".join(args[2:]) or "banned by a moderator"
        rule = await self._lists.add_rule(room_id, kind, entity, reason)
        done = await self.apply([rule])
        return f"Added to {args[0]}: ban {entity} ({reason}); {len(done)} policy actions."

    async def _unban(self, args: list[str]) -> str:
        target = self._rule_target(args)
        if isinstance(target, str):
            return target
        room_id, kind, entity = target
        if await self._lists.remove_rule(room_id, kind, entity):
            return (
                f"Rule on {entity} removed from {args[0]} (existing bans stay; `unban` lifts them)."
            )
        return f"{args[0]} has no rule on {entity}."


def _line(user_id: str, rule: PolicyRule, outcome: PolicyOutcome) -> str | None:
    """Say what a policy ban did, or None when it was done before."""
    case = f"case #{outcome.case_number}"
    rule_text = _describe(rule)
    if outcome.status == "banned":
        return f"- banned {user_id} ({case}, {rule_text})"
    if outcome.status == "would_ban":
        return f"- would ban {user_id} (dry-run {case}, {rule_text})"
    if outcome.status == "pending":
        return f"- banning {user_id} ({case}, {rule_text}): not done yet, retried"
    if outcome.status == "failed":
        return f"- could not ban {user_id} ({case}, {rule_text}): {outcome.detail}"
    return None


def _describe(rule: PolicyRule) -> str:
    why = f": {rule.reason}" if rule.reason else ""
    return f"rule {rule.kind} {rule.entity}{why}"
