"""Moderators' slash commands, text commands and report buttons, and members' "Report message".

Every one of them becomes a neutral `Invocation`, `Press` or `ReportFiled` for the one
platform-free CommandRouter (docs/moderation.md); its `Reply` comes back as a Discord message.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.adapters.base import Router
from bot.adapters.discordbot.render import report_embed
from bot.adapters.discordbot.translate import member_of
from bot.events import ReportFiled
from bot.moderation.api import Invocation, Press, Reply

if TYPE_CHECKING:
    from bot.adapters.discordbot.directory import Directory
    from bot.adapters.discordbot.outlet import Outlet

#: Discord wants an answer to an interaction within 3 s; past this, Vigie defers and follows up.
ANSWER_WITHIN = 2.0
_MAX_CONTENT = 2000
REPORT_MENU = "Report message"
REPORT_ACK = (
    "Thank you: your report was sent to the moderators, without naming you in the channel. "
    "You will get a direct message when they decide."
)
NOT_CONFIGURED = "Vigie is not configured for this server."
NO_ROUTER = "Vigie's moderator commands are not available right now; try again in a moment."


def _q(value: str) -> str:
    """Quote free text so the router's shell-like splitting keeps it whole (apostrophes...)."""
    return shlex.quote(value)


def _mention(user: discord.abc.User) -> str:
    return f"<@{user.id}>"


def _text(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _reason(reason: str | None) -> str | None:
    return _q(reason) if reason else None


class Interactions:
    """Register Vigie's application commands and turn interactions into router calls."""

    def __init__(self, directory: Directory, outlet: Outlet, logger: logging.Logger) -> None:
        self._directory = directory
        self._outlet = outlet
        self._log = logger
        #: Where commands and presses go; None until the runner attaches it.
        self.router: Router | None = None

    # What the router is asked

    async def _ask(
        self,
        interaction: discord.Interaction[Any],
        call: Callable[[], Awaitable[Reply | None]],
        *,
        ephemeral: bool,
    ) -> None:
        """Run a router call and answer the interaction, deferring if it takes long."""
        task = asyncio.ensure_future(self._safely(call))
        done, _ = await asyncio.wait({task}, timeout=ANSWER_WITHIN)
        if not done:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        reply = await task
        text = reply.text if reply is not None else "Nothing to do."
        # A refusal or a usage error is for its author only (when not deferred publicly).
        hidden = ephemeral or (reply is not None and (reply.ephemeral or not reply.ok))
        embed = report_embed(reply.card) if reply is not None and reply.card else None
        await self._respond(interaction, text, ephemeral=hidden, embed=embed)

    async def _safely(self, call: Callable[[], Awaitable[Reply | None]]) -> Reply | None:
        try:
            return await call()
        except Exception:  # noqa: BLE001 - the router answers user errors; this is a bug
            self._log.exception("the command router failed")
            return Reply(text="Internal error; it was logged.", ok=False, kind="failed")

    async def _respond(
        self,
        interaction: discord.Interaction[Any],
        text: str,
        *,
        ephemeral: bool,
        embed: discord.Embed | None = None,
    ) -> None:
        content = text[:_MAX_CONTENT]
        none = discord.AllowedMentions.none()
        extra: dict[str, Any] = {"embed": embed} if embed is not None else {}
        if interaction.response.is_done():
            await interaction.followup.send(
                content, ephemeral=ephemeral, allowed_mentions=none, **extra
            )
        else:
            await interaction.response.send_message(
                content, ephemeral=ephemeral, allowed_mentions=none, **extra
            )

    async def command(self, interaction: discord.Interaction[Any], text: str) -> None:
        """Run a slash command as the router's unprefixed command text."""
        community = self._directory.community_of(interaction.guild_id)
        router = self.router
        if community is None or router is None:
            await self._respond(
                interaction, NOT_CONFIGURED if community is None else NO_ROUTER, ephemeral=True
            )
            return
        invocation = Invocation(
            community=community,
            room=str(interaction.channel_id),
            author=member_of(interaction.user),
            text=text,
            prefixed=False,
            ts=interaction.created_at,
        )
        await self._ask(interaction, lambda: router.handle(invocation), ephemeral=False)

    async def on_press(
        self, interaction: discord.Interaction[Any], action: str, case: int | None
    ) -> None:
        """Run a quick-action button pressed under a report."""
        community = self._directory.community_of(interaction.guild_id)
        router = self.router
        message = interaction.message
        if community is None or router is None or message is None:
            await self._respond(
                interaction, NOT_CONFIGURED if community is None else NO_ROUTER, ephemeral=True
            )
            return
        press = Press(
            community=community,
            channel=str(message.channel.id),
            message_id=str(message.id),
            action=action,
            author=member_of(interaction.user),
            ts=interaction.created_at,
        )
        self._log.info(
            "%s pressed %s on report %s (case %s)", interaction.user.id, action, message.id, case
        )
        await self._ask(interaction, lambda: router.press(press), ephemeral=True)

    async def report_message(
        self, interaction: discord.Interaction[Any], message: discord.Message
    ) -> None:
        """File a member's report of a message; the reporter gets an ephemeral thank-you."""
        community = self._directory.community_of(interaction.guild_id)
        if community is None:
            await self._respond(interaction, NOT_CONFIGURED, ephemeral=True)
            return
        event = ReportFiled(
            community=community,
            room=str(message.channel.id),
            ts=interaction.created_at,
            member=member_of(interaction.user),
            message_id=str(message.id),
            reported_member=member_of(message.author),
            text=message.content,
        )
        await self._respond(interaction, REPORT_ACK, ephemeral=True)
        await self._outlet.emit(event)

    # Text commands: the mod channel, DMs, and messages that start with the prefix.

    async def text_command(
        self,
        message: discord.Message,
        community: str,
        *,
        direct: bool,
        as_: discord.Member | None = None,
    ) -> None:
        """Hand a chat message to the router (its author `as_` a guild member); post the reply."""
        router = self.router
        if router is None:
            return
        reference = message.reference
        replied = reference.resolved if reference is not None else None
        invocation = Invocation(
            community=community,
            room=str(message.channel.id),
            author=member_of(as_ or message.author),
            text=message.content,
            message_id=str(message.id),
            reply_to=str(reference.message_id) if reference and reference.message_id else None,
            reply_to_author=str(replied.author.id)
            if isinstance(replied, discord.Message)
            else None,
            reply_to_text=replied.content if isinstance(replied, discord.Message) else None,
            link=replied.jump_url if isinstance(replied, discord.Message) else None,
            direct=direct,
            ts=message.created_at,
        )
        reply = await self._safely(lambda: router.handle(invocation))
        if reply is None:
            return
        await self._post_reply(message, reply)

    async def _post_reply(self, message: discord.Message, reply: Reply) -> None:
        none = discord.AllowedMentions.none()
        embed = report_embed(reply.card) if reply.card is not None else None
        extra: dict[str, Any] = {"embed": embed} if embed is not None else {}
        try:
            if reply.ephemeral and message.guild is not None:
                # Only the author should see it: a DM, since chat messages cannot be ephemeral.
                await message.author.send(reply.text[:_MAX_CONTENT], allowed_mentions=none, **extra)
            else:
                await message.reply(
                    reply.text[:_MAX_CONTENT], allowed_mentions=none, mention_author=False, **extra
                )
            if reply.delete_invocation and message.guild is not None:
                await message.delete()
        except discord.HTTPException as err:
            # The action itself stands; only the answer is lost, and that is logged.
            self._log.warning("cannot answer the command in %s: %s", message.channel.id, err)

    # Registration

    def install(self, tree: app_commands.CommandTree[Any]) -> None:
        """Add Vigie's slash commands and its "Report message" context menu to the tree."""
        for command in self._commands():
            tree.add_command(command)
        menu = app_commands.ContextMenu(name=REPORT_MENU, callback=self.report_message)
        menu.guild_only = True
        tree.add_command(menu)

    def _commands(self) -> list[app_commands.Command[Any, Any, Any]]:
        run = self.command

        @app_commands.command(name="ban", description="Ban a member (optionally for a while).")
        @app_commands.describe(
            user="Who to ban",
            duration="How long, such as 7d (permanent when empty)",
            clean="Delete their messages of the last…, such as 1d (at most 7d)",
            reason="Why (shown in the case and the audit log)",
        )
        async def ban(
            interaction: discord.Interaction[Any],
            user: discord.User,
            duration: str | None = None,
            clean: str | None = None,
            reason: str | None = None,
        ) -> None:
            flags = f"--clean {_q(clean)}" if clean else None
            await run(interaction, _text("ban", _mention(user), duration, flags, _reason(reason)))

        @app_commands.command(name="kick", description="Remove a member; they may come back.")
        @app_commands.describe(user="Who to kick", reason="Why")
        async def kick(
            interaction: discord.Interaction[Any], user: discord.User, reason: str | None = None
        ) -> None:
            await run(interaction, _text("kick", _mention(user), _reason(reason)))

        @app_commands.command(name="timeout", description="Mute a member for a while (≤ 28d).")
        @app_commands.describe(user="Who to mute", duration="Such as 10m, 1h, 7d", reason="Why")
        async def timeout(
            interaction: discord.Interaction[Any],
            user: discord.User,
            duration: str,
            reason: str | None = None,
        ) -> None:
            await run(interaction, _text("timeout", _mention(user), duration, _reason(reason)))

        @app_commands.command(name="untimeout", description="Let a muted member speak again.")
        @app_commands.describe(user="Who to unmute", reason="Why")
        async def untimeout(
            interaction: discord.Interaction[Any], user: discord.User, reason: str | None = None
        ) -> None:
            await run(interaction, _text("untimeout", _mention(user), _reason(reason)))

        @app_commands.command(name="warn", description="Warn a member.")
        @app_commands.describe(user="Who to warn", reason="Why (they are told)")
        async def warn(
            interaction: discord.Interaction[Any], user: discord.User, reason: str
        ) -> None:
            await run(interaction, _text("warn", _mention(user), _reason(reason)))

        @app_commands.command(name="unban", description="Lift a ban.")
        @app_commands.describe(user_id="The banned account's id", reason="Why")
        async def unban(
            interaction: discord.Interaction[Any], user_id: str, reason: str | None = None
        ) -> None:
            await run(interaction, _text("unban", _q(user_id), _reason(reason)))

        @app_commands.command(name="clean", description="Delete recent messages.")
        @app_commands.describe(
            count="How many messages to look at (newest first)",
            user="Only this member's messages",
            since="Only messages of the last…, such as 10m",
        )
        async def clean(
            interaction: discord.Interaction[Any],
            count: app_commands.Range[int, 1, 1000],
            user: discord.User | None = None,
            since: str | None = None,
        ) -> None:
            flags = _text(
                f"--user {_mention(user)}" if user else None,
                f"--since {_q(since)}" if since else None,
            )
            await run(interaction, _text("clean", str(count), flags))

        @app_commands.command(name="case", description="Show a case.")
        async def case(interaction: discord.Interaction[Any], number: int) -> None:
            await run(interaction, f"case {number}")

        @app_commands.command(name="cases", description="List cases, of a member or all.")
        async def cases(
            interaction: discord.Interaction[Any], user: discord.User | None = None
        ) -> None:
            await run(interaction, _text("cases", _mention(user) if user else None))

        @app_commands.command(name="note", description="Add a note about a member.")
        async def note(
            interaction: discord.Interaction[Any], user: discord.User, text: str
        ) -> None:
            await run(interaction, _text("note", _mention(user), _q(text)))

        @app_commands.command(name="lockdown", description="Only moderators may post in a channel.")
        async def lockdown(
            interaction: discord.Interaction[Any],
            channel: discord.TextChannel | None = None,
            reason: str | None = None,
        ) -> None:
            where = str(channel.id) if channel else str(interaction.channel_id)
            flags = f"--reason {_q(reason)}" if reason else None
            await run(interaction, _text("lockdown", where, flags))

        @app_commands.command(name="unlock", description="Lift a lockdown.")
        async def unlock(
            interaction: discord.Interaction[Any], channel: discord.TextChannel | None = None
        ) -> None:
            where = str(channel.id) if channel else str(interaction.channel_id)
            await run(interaction, f"unlock {where}")

        @app_commands.command(name="slowmode", description="Members wait between messages.")
        @app_commands.describe(duration="Such as 10s or 1m; 0s lifts it (at most 6h)")
        async def slowmode(
            interaction: discord.Interaction[Any],
            duration: str,
            channel: discord.TextChannel | None = None,
        ) -> None:
            where = str(channel.id) if channel else str(interaction.channel_id)
            await run(interaction, _text("slowmode", where, _q(duration)))

        @app_commands.command(name="vigie", description="Any Vigie command, as typed after !")
        @app_commands.describe(command="Such as: status · rules · raid off · reason 12 spam")
        async def vigie(interaction: discord.Interaction[Any], command: str) -> None:
            await run(interaction, command)

        commands: list[app_commands.Command[Any, Any, Any]] = [
            ban,
            kick,
            timeout,
            untimeout,
            warn,
            unban,
            clean,
            case,
            cases,
            note,
            lockdown,
            unlock,
            slowmode,
            vigie,
        ]
        for item in commands:
            item.guild_only = True
        return commands
