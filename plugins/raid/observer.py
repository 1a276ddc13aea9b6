"""The raid observer: keep joins, new members' first messages and message ids for clean."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final

from bot.events import Event, MemberJoined, MessageCreated, MessageEdited
from plugins.raid.facts import (
    JOIN_MEMORY,
    MEMBERSHIP_MEMORY,
    Usage,
    account_age,
    joined_key,
    joins_key,
    messages_key,
    posted_key,
    usage_of,
)

if TYPE_CHECKING:
    from bot.config_models import CommunityBase
    from bot.context import Context
    from bot.registry import Services
    from bot.state import StateStore

_USAGE_CACHE_SIZE: Final = 256


class RaidObserver:
    """See every join and message before the rules, and keep only what the rules use."""

    events: ClassVar[tuple[type[Event], ...]] = (MemberJoined, MessageCreated)

    def __init__(self, state: StateStore) -> None:
        self._state = state
        # Keyed by the community config object: a reload brings new objects, so new usage.
        self._usage: dict[int, tuple[CommunityBase, Usage]] = {}

    def usage(self, community: CommunityBase) -> Usage:
        """Return what this community's rules use, computed once per config."""
        cached = self._usage.get(id(community))
        if cached is not None and cached[0] is community:
            return cached[1]
        if len(self._usage) >= _USAGE_CACHE_SIZE:
            self._usage.clear()
        usage = usage_of(community)
        self._usage[id(community)] = (community, usage)
        return usage

    async def observe(self, ctx: Context) -> None:
        """Record the join or the message, as far as this community's rules need it."""
        usage = self.usage(ctx.community)
        event = ctx.event
        if isinstance(event, MemberJoined):
            if usage.tracks_joins:
                await self._joined(event)
            return
        if not isinstance(event, MessageCreated) or isinstance(event, MessageEdited):
            return  # an edit keeps its message id: it is already recorded
        state = self._state
        community, member = event.community, event.member.id
        if usage.clean_window is not None:
            await state.hit(
                messages_key(community, member),
                event.ts,
                usage.clean_window,
                value=f"{event.room}\t{event.message_id}",
            )
        if usage.tracks_first_messages:
            await self._first_message(ctx, event)

    async def _joined(self, event: MemberJoined) -> None:
        state = self._state
        community, member = event.community, event.member.id
        await state.hit(joins_key(community), event.ts, JOIN_MEMORY, value=member)
        # The first join counts: joining one more Matrix room of the community is not new.
        await state.put_if_absent(
            joined_key(community, member), event.ts.isoformat(), event.ts, MEMBERSHIP_MEMORY
        )

    async def _first_message(self, ctx: Context, event: MessageCreated) -> None:
        state = self._state
        community, member = event.community, event.member.id
        age = account_age(ctx.member, event.ts)
        young = age is not None and age < MEMBERSHIP_MEMORY
        if not young and await state.get(joined_key(community, member), event.ts) is None:
            return  # neither a young account nor a join seen lately: nobody to watch
        # The first message counts, in one atomic step when processes share the store.
        await state.put_if_absent(
            posted_key(community, member), event.message_id, event.ts, MEMBERSHIP_MEMORY
        )


def raid_observer(services: Services) -> RaidObserver:
    """Build the raid observer for one engine."""
    return RaidObserver(services.state)
