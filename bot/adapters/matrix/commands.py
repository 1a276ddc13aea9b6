"""Handle the management rooms: commands, reactions under reports, and the answers."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

from nio import Event as NioEvent
from nio import MatrixRoom, ReactionEvent, RoomMessageText

from bot.adapters.base import PlatformError
from bot.adapters.matrix import management
from bot.adapters.matrix.management import Said
from bot.adapters.matrix.render import DONE_EMOJI
from bot.adapters.matrix.rooms import room_name
from bot.adapters.matrix.shared import Part
from bot.adapters.matrix.translate import member_of, timestamp
from bot.events import Member
from bot.moderation.api import Press, Reply
from bot.moderation.reports import QUICK_EMOJI, quick_action_for
from bot.storage import StorageError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from bot.adapters.base import Router
    from bot.adapters.matrix.enforce import PolicyEnforcer
    from bot.adapters.matrix.members import Members
    from bot.adapters.matrix.shared import Shared

_PROMPT_KEY = "confirm_prompt:"


class Commands(Part):
    """Route what moderators say in the MatrixAdapter's management rooms."""

    def __init__(
        self,
        shared: Shared,
        members: Members,
        enforcer: PolicyEnforcer,
        prefixes: dict[str, str],
        *,
        is_bot: Callable[[str | None], bool],
        send_dm: Callable[[str, str, str], Awaitable[str | None]],
    ) -> None:
        super().__init__(shared)
        self._members = members
        self._enforcer = enforcer
        self._prefixes = prefixes
        self._is_bot = is_bot
        self._send_dm = send_dm
        #: Where moderators' commands and presses go; None until the runner attaches it.
        self.router: Router | None = None

    async def on_event(self, community: str, room: MatrixRoom, event: NioEvent) -> None:
        """Handle an event of a community's management room: a command or a reaction."""
        if self._is_bot(event.sender):
            return  # its own reports and buttons, or another process's: never a moderator
        author = member_of(room, event.sender, creators=self._members.creators(room.room_id))
        if isinstance(event, ReactionEvent):
            await self._on_reaction(community, room, event, author)
        elif isinstance(event, RoomMessageText):
            await self._on_command(community, room, event, author)

    async def _on_reaction(
        self, community: str, room: MatrixRoom, event: ReactionEvent, author: Member
    ) -> None:
        """Turn a moderator's reaction under a report or a confirmation prompt into a press."""
        if self.router is None or quick_action_for(event.key) is None:
            return
        pressed = management.press(
            community, room.room_id, event.reacts_to, event.key, author, ts=timestamp(event)
        )
        prompt = await self._values.get(_PROMPT_KEY + event.reacts_to)
        if prompt:
            asked = json.loads(prompt)
            if pressed is None or pressed.action != asked["action"]:
                return  # only the prompt's own button confirms
            pressed = replace(pressed, message_id=asked["report"])
        if pressed is None:
            return
        reply = await self.router.press(pressed)
        if reply is not None and reply.kind == "confirm":
            await self._prompt(room.room_id, pressed, reply)
            return
        await self._answer(room.room_id, reply, event.reacts_to, author.id, confirm=True)

    async def _prompt(self, room_id: str, pressed: Press, reply: Reply) -> None:
        """Ask for a confirmation as a reply to the report, with the reaction to press under it.

        The prompt is remembered in storage, so a reaction on it still counts after a restart.
        """
        content = management.prompt_content(reply, pressed)
        try:
            prompt_id = await self._patience.patiently(lambda: self._client.send(room_id, content))
            record = {"report": pressed.message_id, "action": pressed.action}
            await self._values.set(_PROMPT_KEY + prompt_id, json.dumps(record))
            emoji = QUICK_EMOJI[pressed.action]
            await self._patience.patiently(lambda: self._client.react(room_id, prompt_id, emoji))
        except (PlatformError, StorageError) as err:
            # Not retried as a whole: the router already counted this press as the first one.
            self._log.warning("cannot ask for a confirmation in %s: %s", room_id, err)

    async def _on_command(
        self, community: str, room: MatrixRoom, event: RoomMessageText, author: Member
    ) -> None:
        """Route a message of the management room: policy commands here, the rest to the router."""
        relates = event.source.get("content", {}).get("m.relates_to") or {}
        if relates.get("rel_type") == "m.replace":
            # An edit runs nothing: not a command already run, nor one slipped into old text.
            return
        # A thread's own reply marker only points at its latest message, not at a reply.
        replied = None if relates.get("is_falling_back") else relates.get("m.in_reply_to")
        said = Said(
            community=community,
            room=room_name(room),
            author=author,
            body=event.body,
            formatted_body=event.formatted_body,
            event_id=event.event_id,
            reply_to=(replied or {}).get("event_id"),
            ts=timestamp(event),
        )
        prefix = self._prefixes.get(community) or management.DEFAULT_PREFIX
        text = management.addressed_text(
            said, self._client.user_id, room.user_name(self._client.user_id), prefix
        )
        if text.casefold().startswith(prefix.casefold()):
            rest = text[len(prefix) :].lstrip(":, ")
            answer = await self._enforcer.command(community, event.sender, rest)
            if answer is not None:
                await self._answer(room.room_id, Reply(text=answer), event.event_id, author.id)
                return
        if self.router is not None:
            reply = await self.router.handle(management.invocation(said, text))
            await self._answer(room.room_id, reply, event.event_id, author.id)

    async def _answer(
        self,
        room_id: str,
        reply: Reply | None,
        in_reply_to: str,
        author: str,
        *,
        confirm: bool = False,
    ) -> None:
        """Post a reply as HTML; a failure to post is logged (the action itself stands)."""
        if reply is None:
            return
        try:
            if reply.delete_invocation:
                await self._patience.patiently(
                    lambda: self._client.redact(room_id, in_reply_to, "command kept private")
                )
            if confirm and reply.ok and reply.kind == "done":
                await self._patience.patiently(
                    lambda: self._client.react(room_id, in_reply_to, DONE_EMOJI)
                )
            if reply.ephemeral:
                # Matrix has no message only one member sees: a direct message is the closest.
                await self._send_dm("", author, reply.text)
                return
            content = management.reply_content(reply, in_reply_to)
            await self._patience.patiently(lambda: self._client.send(room_id, content))
        except PlatformError as err:
            self._log.warning("cannot answer in %s: %s", room_id, err)
