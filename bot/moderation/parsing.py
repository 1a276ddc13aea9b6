"""Parse command text: prefix, words, flags, members, durations and case numbers."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import timedelta

from bot.durations import DurationError, parse_duration
from bot.moderation.errors import UsageError

DEFAULT_PREFIX = {"matrix": "!vigie", "discord": "!"}

_DISCORD_MENTION = re.compile(r"^<@!?(\d+)>$")
_MATRIX_LINK = re.compile(r"^https://matrix\.to/#/(@[^/?\s]+)")
_CASE = re.compile(r"^#?(\d{1,9})$")
_COUNT = re.compile(r"^[0-9]{1,9}$")
_DURATION = re.compile(r"^(?:\d+\s*[smhdw])+$", re.IGNORECASE)


def prefixes(platform: str, configured: str | None) -> tuple[str, ...]:
    """Return the prefixes a community answers to, longest first."""
    base = configured or DEFAULT_PREFIX.get(platform, "!vigie")
    found = [base]
    word = base.lstrip("!")
    if word and base.startswith("!"):
        # Matrix clients complete "vigie:" for a mention of the bot; accept it too.
        found.append(f"{word}:")
    return tuple(sorted(set(found), key=len, reverse=True))


def strip_prefix(text: str, accepted: tuple[str, ...]) -> str | None:
    """Return the text after the prefix, or None when the text is not a command."""
    stripped = text.strip()
    for prefix in accepted:
        if not stripped.lower().startswith(prefix.lower()):
            continue
        rest = stripped[len(prefix) :]
        # "!vigie" needs a separator ("!vigieban" is not ours); "!" and "vigie:" do not.
        if not prefix[-1].isalnum() or not rest or rest[0] in " :\t\n":
            return rest.lstrip(" :\t\n")
    return None


# A word is a quoted group (the quote opens a word and closes one) or a run of non-space.
_WORD = re.compile(
    r"""(?:(?<=\s)|^)(?:"([^"]*)"|'([^']*)'|“([^”]*)”|«\s?([^»]*?)\s?»)(?=\s|$)|(\S+)"""
)
# What shlex.quote() writes for an apostrophe inside a quoted value.
_SHLEX_APOSTROPHE = "'\"'\"'"


def words(text: str) -> list[str]:
    """Split command text into words; quotes group words, apostrophes stay letters.

    French reasons are full of apostrophes (`t'es pénible`), so a quote only groups when it
    opens a word and its partner closes one. Text quoted with shlex.quote() is read by shlex.
    """
    if _SHLEX_APOSTROPHE in text:
        try:
            return shlex.split(text, posix=True)
        except ValueError:
            pass
    found = []
    for match in _WORD.finditer(text):
        groups = match.groups()
        found.append(next(g for g in groups if g is not None))
    return found


@dataclass(slots=True)
class Parsed:
    """Hold the positional words and the flags of a command."""

    args: list[str]
    flags: dict[str, str | bool] = field(default_factory=dict)

    def flag(self, name: str) -> str | None:
        """Return a flag's value, or None when absent."""
        value = self.flags.get(name)
        return value if isinstance(value, str) else None


def split_flags(tokens: list[str], spec: dict[str, bool]) -> Parsed:
    """Separate `--name value`, `--name=value` and `--switch` from positional words.

    `spec` maps each accepted flag to whether it takes a value. Unknown flags are errors.
    """
    args: list[str] = []
    flags: dict[str, str | bool] = {}
    index = 0
    while index < len(tokens):
        word = tokens[index]
        index += 1
        if not word.startswith("--") or len(word) == 2:
            args.append(word)
            continue
        name, eq, value = word[2:].partition("=")
        if name not in spec:
            known = ", ".join(f"--{n}" for n in sorted(spec)) or "none"
            raise UsageError(f"unknown option --{name} (options: {known})")
        if not spec[name]:
            flags[name] = True
            continue
        if not eq:
            if index >= len(tokens):
                raise UsageError(f"--{name} needs a value")
            value = tokens[index]
            index += 1
        flags[name] = value
    return Parsed(args, flags)


def member_ref(token: str) -> str:
    """Reduce a mention to the id the platform knows: <@123> -> 123, matrix.to links -> @u:s."""
    token = token.strip()
    found = _DISCORD_MENTION.match(token)
    if found:
        return found.group(1)
    found = _MATRIX_LINK.match(token)
    if found:
        return found.group(1)
    return token


def looks_like_duration(token: str) -> bool:
    """Tell whether a word is written as a duration (10m, 1h30m, 7d)."""
    return bool(_DURATION.match(token))


def duration(token: str, what: str = "duration") -> timedelta:
    """Read a duration or explain how to write one."""
    try:
        value = parse_duration(token)
    except DurationError as exc:
        raise UsageError(f"bad {what} {token!r}: write it like 10m, 1h30m or 7d") from exc
    if value <= timedelta(0):
        raise UsageError(f"the {what} must be longer than 0s")
    return value


def case_number(token: str) -> int:
    """Read a case number written N or #N."""
    found = _CASE.match(token.strip())
    if found is None:
        raise UsageError(f"{token!r} is not a case number (write 12 or #12)")
    return int(found.group(1))


def is_case_ref(token: str) -> bool:
    """Tell whether a word is written #N."""
    return token.startswith("#") and bool(_CASE.match(token))


def count(token: str, *, maximum: int) -> int:
    """Read a positive count, at most `maximum`."""
    # isdigit() admits "²" and "٣", which int() refuses or reads; a count is ASCII digits.
    if not _COUNT.match(token) or int(token) == 0:
        raise UsageError(f"{token!r} is not a count: write a number from 1 to {maximum}")
    value = int(token)
    if value > maximum:
        raise UsageError(f"at most {maximum} at once (got {value})")
    return value
