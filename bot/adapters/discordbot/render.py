"""Render report cards as Discord embeds with persistent quick-action buttons."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord.utils import escape_markdown

from bot.moderation.reports import QUICK_EMOJI, ReportCard, defuse_mentions

if TYPE_CHECKING:
    from bot.adapters.discordbot.adapter import DiscordAdapter

#: custom_id of a quick-action button: the action, then the case it was posted for.
CUSTOM_ID = r"vigie:(?P<action>ban|timeout|delete|dismiss)(?::(?P<case>[0-9]+))?"
_STYLES = {
    "ban": discord.ButtonStyle.danger,
    "timeout": discord.ButtonStyle.primary,
    "delete": discord.ButtonStyle.secondary,
    "dismiss": discord.ButtonStyle.success,
}
_COLOURS = {"low": 0x95A5A6, "medium": 0xE67E22, "high": 0xE74C3C, "critical": 0x8B0000}
_DRY_COLOUR = 0x3498DB
_DONE_COLOUR = 0x2ECC71
_FIELD = 1024
_DESCRIPTION = 4000
_TITLE = 256
_TOTAL = 6000
_SHORT_FIELD = 64
_ID = re.compile(r"^<@&?!?(\d+)>$|^(\d+)$")


def quoted(text: str) -> str:
    """Return quoted text that neither pings nor formats: mentions defused, markdown escaped."""
    return escape_markdown(defuse_mentions(text))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt_markdown(card: ReportCard) -> str:
    """Return the excerpt with each matched span in bold, everything else escaped."""
    text = card.excerpt
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(card.spans):
        if start < cursor or end > len(text) or start == end:
            continue
        pieces += [quoted(text[cursor:start]), f"**{quoted(text[start:end])}**"]
        cursor = end
    pieces.append(quoted(text[cursor:]))
    body = "".join(pieces)
    return "\n".join(f"> {line}" for line in body.split("\n"))


def report_embed(card: ReportCard) -> discord.Embed:
    """Return the embed of a report card."""
    head = "[DRY RUN] " if card.dry_run else ""
    case = f"Case #{card.case_number} · " if card.case_number is not None else ""
    title = f"{head}{case}{', '.join(card.categories) or 'report'} · severity {card.severity}"
    colour = _DRY_COLOUR if card.dry_run else _COLOURS.get(card.severity, _COLOURS["medium"])
    if card.status:
        colour = _DONE_COLOUR
    lines: list[str] = []
    if card.user_report is not None:
        by = card.extra.get("reported_by", "a member")
        lines.append(f"**User report #{card.user_report}** by {quoted(by)}")
    if card.excerpt:
        lines.append(excerpt_markdown(card))
    if card.link:
        lines.append(f"[Open the message]({card.link})")
    embed = discord.Embed(
        title=_cut(title, _TITLE),
        description=_cut("\n".join(lines), _DESCRIPTION) or None,
        colour=colour,
    )
    who = f"{card.member_name} ({card.member_id})" if card.member_name else card.member_id
    embed.add_field(name="Member", value=_cut(f"<@{card.member_id}> · {quoted(who)}", _FIELD))
    where = f"<#{card.room}>" if card.room.isdigit() else quoted(card.room)
    embed.add_field(name="Channel", value=where)
    embed.add_field(name="Rules", value=_cut(quoted(", ".join(card.rules)) or "—", _FIELD))
    if card.summaries:
        why = "\n".join(f"• {quoted(s)}" for s in card.summaries)
        embed.add_field(name="Why", value=_cut(why, _FIELD), inline=False)
    if card.signals:
        embed.add_field(name="Signals", value=_cut(", ".join(card.signals), _FIELD), inline=False)
    if card.related:
        related = "\n".join(f"• {quoted(r)}" for r in card.related)
        embed.add_field(name="Related", value=_cut(related, _FIELD), inline=False)
    action = ", ".join(card.actions) or "none (report only)"
    embed.add_field(name="Action", value=_cut(action, _FIELD))
    if card.history:
        history = "\n".join(quoted(h) for h in card.history)
        embed.add_field(name="History", value=_cut(history, _FIELD), inline=False)
    if card.group_count > 1:
        cases = ", ".join(f"#{n}" for n in card.group_cases)
        group = [f"{card.group_count} incidents ({cases})"]
        group += [quoted(line) for line in card.group_lines]
        embed.add_field(name="Grouped", value=_cut("\n".join(group), _FIELD), inline=False)
    if card.status:
        embed.add_field(name="Status", value=_cut(quoted(card.status), _FIELD), inline=False)
    embed.set_footer(text=f"Vigie · {card.community}")
    return _within_total(embed)


def _within_total(embed: discord.Embed) -> discord.Embed:
    """Shorten the description, then the longest fields, until Discord's total limit is met."""
    # Discord refuses (400) an embed over 6,000 characters in all: the report would be lost.
    excess = len(embed) - _TOTAL
    if excess > 0 and embed.description:
        keep = max(len(embed.description) - excess, _TITLE)
        embed.description = _cut(embed.description, keep)
    for _ in range(len(embed.fields)):
        excess = len(embed) - _TOTAL
        if excess <= 0:
            break
        index, field = max(enumerate(embed.fields), key=lambda item: len(item[1].value or ""))
        value = _cut(field.value or "", max(len(field.value or "") - excess, _SHORT_FIELD))
        embed.set_field_at(index, name=field.name or "", value=value, inline=bool(field.inline))
    return embed


class QuickAction(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CUSTOM_ID):
    """A quick-action button under a report; its custom_id carries the action and the case.

    Registered with `client.add_dynamic_items` at start, so a press on a report posted before
    a restart still reaches the router.
    """

    def __init__(self, action: str, case: int | None = None) -> None:
        custom_id = f"vigie:{action}" if case is None else f"vigie:{action}:{case}"
        super().__init__(
            discord.ui.Button(
                label=action.capitalize(),
                emoji=QUICK_EMOJI.get(action),
                style=_STYLES.get(action, discord.ButtonStyle.secondary),
                custom_id=custom_id,
            )
        )
        self.action = action
        self.case = case

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> QuickAction:
        """Rebuild the button from a press on any report, old or new."""
        del interaction, item
        case = match["case"]
        return cls(match["action"], int(case) if case else None)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the press to the adapter, which asks the router."""
        adapter: DiscordAdapter = interaction.client.adapter
        await adapter.interactions.on_press(interaction, self.action, self.case)


def report_view(card: ReportCard) -> discord.ui.View | None:
    """Return the persistent buttons of a report (none once handled, or on a dry run)."""
    actions = [a for a in card.quick_actions if a in _STYLES]
    if not actions or card.dry_run or card.status:
        return None
    view = discord.ui.View(timeout=None)
    for action in actions:
        view.add_item(QuickAction(action, card.case_number))
    return view


#: An id as typed: ASCII digits only (isdigit() admits "²", which int() refuses); 20 at most.
_PLAIN_ID = re.compile(r"[0-9]{1,20}")


def plain_id(text: str) -> int | None:
    """Return the id written as digits alone, or None."""
    return int(text) if _PLAIN_ID.fullmatch(text) else None


def snowflake(ref: str) -> int | None:
    """Return the id in `123`, `<@123>`, `<@!123>` or `<@&123>`, or None."""
    found = _ID.match(ref.strip())
    if found is None:
        return None
    return int(found.group(1) or found.group(2))
