"""The `attachments` trigger: files by extension or content type (executables, APKs...)."""

from __future__ import annotations

import fnmatch
import unicodedata
from typing import ClassVar, Final

from pydantic import Field, field_validator

from bot.categories import Category, Severity
from bot.context import Context
from bot.events import Attachment, Event, MessageCreated
from bot.registry import Options
from bot.rules import Match

__all__ = ["DEFAULT_DENY", "Attachments", "AttachmentsOptions", "extension", "inspect_name"]

#: Files that run code when opened: Windows, Android, Java, scripts, shortcuts.
DEFAULT_DENY: Final = (
    *("exe", "scr", "com", "pif", "bat", "cmd", "msi", "msp", "msix", "appx", "gadget"),
    *("apk", "xapk", "apks", "aab", "jar", "vbs", "vbe", "js", "jse", "wsf", "wsh", "ps1"),
    *("psm1", "lnk", "hta", "cpl", "dll", "sys", "reg", "scf", "inf", "application", "iso"),
    *("img", "vhd", "vhdx", "dmg", "pkg", "deb", "rpm", "sh", "run", "bin", "elf", "chm"),
    *("xll", "xlam", "docm", "xlsm", "pptm"),
)
# Extensions people give pictures, documents and archives: a second one before an
# executable extension ("photo.jpg.exe") is a disguise.
_DECOYS: Final = frozenset(
    {"jpg", "jpeg", "png", "gif", "webp", "heic", "bmp", "mp4", "mov", "avi", "mkv", "mp3"}
    | {"pdf", "doc", "docx", "xls", "xlsx", "txt", "zip", "rar", "7z"}
)
# Characters that reorder or hide text, used to turn "gpj.exe" into what reads "exe.jpg".
_BIDI: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _clean_ext(value: str) -> str:
    return value.strip().lower().lstrip("*").lstrip(".")


def extension(filename: str) -> str:
    """Return the real extension of a file name, past invisible characters and dots."""
    visible = "".join(c for c in filename if unicodedata.category(c) != "Cf")
    visible = visible.rstrip(". \t")
    _, dot, ext = visible.rpartition(".")
    return ext.lower() if dot else ""


def inspect_name(filename: str) -> list[str]:
    """Return the signals a file name gives: bidi tricks, decoy double extensions."""
    signals = []
    if any(c in _BIDI for c in filename):
        signals.append("file.bidi")
    visible = "".join(c for c in filename if unicodedata.category(c) != "Cf").rstrip(". \t")
    parts = visible.lower().split(".")
    if len(parts) >= 3 and parts[-2] in _DECOYS:
        signals.append("file.double_extension")
    return signals


class AttachmentsOptions(Options):
    """Attached files by extension or content type; executables are denied by default."""

    deny: list[str] = Field(
        default_factory=lambda: list(DEFAULT_DENY),
        description="Extensions that fire (exe, apk...); [] to deny none by extension.",
    )
    allow: list[str] | None = Field(
        default=None, description="When set, every extension outside this list fires."
    )
    deny_types: list[str] = Field(
        default_factory=list, description="Content types that fire (globs: application/x-*)."
    )
    allow_types: list[str] | None = Field(
        default=None, description="When set, every content type outside these fires (image/*)."
    )
    disguised: bool = Field(
        default=True, description="Fire on bidi tricks and decoy double extensions."
    )
    category: Category = Category.SCAM

    @field_validator("deny", "allow")
    @classmethod
    def _extensions(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [_clean_ext(v) for v in value if _clean_ext(v)]

    @field_validator("deny_types", "allow_types")
    @classmethod
    def _types(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [v.strip().lower() for v in value if v.strip()]


class Attachments:
    """Fire on attached files whose extension or content type is denied or not allowed."""

    events: ClassVar[tuple[type[Event], ...]] = (MessageCreated,)

    def __init__(self, options: AttachmentsOptions) -> None:
        self._options = options
        self._deny = frozenset(options.deny)
        self._allow = None if options.allow is None else frozenset(options.allow)

    def cannot_match(self, ctx: Context) -> bool:
        """Tell at once that an event carries no file (the engine skips `match`)."""
        event = ctx.event
        return not isinstance(event, MessageCreated) or not event.attachments

    async def match(self, ctx: Context) -> Match | None:
        """Match when any attachment is denied, outside the allow lists, or disguised."""
        event = ctx.event
        if not isinstance(event, MessageCreated) or not event.attachments:
            return None
        found: list[tuple[Attachment, str, str]] = []
        for attachment in event.attachments:
            verdict = self._verdict(attachment)
            if verdict is not None:
                found.append((attachment, *verdict))
        if not found:
            return None
        names = ", ".join(dict.fromkeys(a.filename for a, _, _ in found))
        reasons = "; ".join(dict.fromkeys(reason for _, _, reason in found))
        return Match(
            category=self._options.category,
            severity=Severity.HIGH,
            summary=f"file {names}: {reasons}",
            signals=tuple(dict.fromkeys(signal for _, signal, _ in found)),
        )

    def _verdict(self, attachment: Attachment) -> tuple[str, str] | None:
        """Say why a file fires: (signal, reason), or None."""
        options = self._options
        ext = extension(attachment.filename)
        if options.disguised:
            tricks = inspect_name(attachment.filename)
            if tricks:
                return tricks[0], "disguised file name"
        if ext in self._deny:
            return f"file.ext:{ext}", f"denied extension .{ext}"
        if self._allow is not None and ext not in self._allow:
            return f"file.ext:{ext or 'none'}", f"extension .{ext} not allowed"
        kind = (attachment.content_type or "").split(";", 1)[0].strip().lower()
        if kind and any(fnmatch.fnmatchcase(kind, p) for p in options.deny_types):
            return f"file.type:{kind}", f"denied type {kind}"
        if options.allow_types is not None and not any(
            fnmatch.fnmatchcase(kind, p) for p in options.allow_types
        ):
            return f"file.type:{kind or 'unknown'}", f"type {kind or 'unknown'} not allowed"
        return None
