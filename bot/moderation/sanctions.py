"""Manual actions as the executor records them, and the platform calls sanctions become."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.actions import Ban, Kick, Punishment, Timeout, Warn
from bot.calls import (
    BanCall,
    Call,
    DeleteCall,
    DmCall,
    KickCall,
    TimeoutCall,
    UnbanCall,
    UntimeoutCall,
    WarnCall,
)
from bot.moderation.escalation import sanction

#: Manual action kinds that end a sanction rather than start one.
LIFTS = {"untimeout": "timeout", "unban": "ban"}
#: Manual action kinds that leave a standing case (active until lifted or expired).
STANDING = frozenset({"timeout", "ban"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ManualAction:
    """A moderator's decision about a member, to be recorded as a case and carried out."""

    community: str
    kind: str
    user_id: str
    moderator_id: str | None
    reason: str
    user_name: str | None = None
    duration: timedelta | None = None
    clean: timedelta | None = None
    room: str | None = None
    message_id: str | None = None
    category: str | None = None
    origin: str = "command"
    facts: dict[str, Any] = field(default_factory=dict)

    def punishment(self) -> Punishment | None:
        """Return the sanction this action hands out, if it is one."""
        if self.kind not in ("warn", "timeout", "kick", "ban"):
            return None
        built = sanction(self.kind, self.duration, self.reason)
        if isinstance(built, Ban) and self.clean is not None:
            return Ban(duration=built.duration, clean=self.clean, reason=self.reason)
        return built


def punish_call(
    punishment: Punishment,
    *,
    community: str,
    user_id: str,
    room: str | None,
    reason: str,
    now: datetime,
) -> Call:
    """Turn a sanction into the platform call that carries it out."""
    base = {"community": community, "user_id": user_id, "reason": reason}
    if isinstance(punishment, Warn):
        if room:
            return WarnCall(room=room, **base)
        # No room to warn in (a command typed in the mod channel): warn privately.
        return DmCall(community=community, user_id=user_id, text=f"Warning: {reason}")
    if isinstance(punishment, Timeout):
        return TimeoutCall(until=now + punishment.duration, **base)
    if isinstance(punishment, Kick):
        return KickCall(**base)
    if isinstance(punishment, Ban):
        clean = int(punishment.clean.total_seconds()) if punishment.clean else 0
        return BanCall(clean_seconds=clean, **base)
    raise TypeError(f"unknown punishment {punishment!r}")


def other_call(action: ManualAction) -> Call | None:
    """Return the call of a manual action that is not a sanction (lift, delete), if any."""
    base = {"community": action.community, "reason": action.reason}
    if action.kind == "untimeout":
        return UntimeoutCall(user_id=action.user_id, **base)
    if action.kind == "unban":
        return UnbanCall(user_id=action.user_id, **base)
    if action.kind == "delete" and action.room and action.message_id:
        return DeleteCall(room=action.room, message_id=action.message_id, **base)
    return None


def expiry(punishment: Punishment | None, now: datetime) -> datetime | None:
    """Return when a timed sanction ends, or None."""
    duration = getattr(punishment, "duration", None)
    return None if duration is None else now + duration


def manual_evidence(action: ManualAction, kind: str, now: datetime) -> dict[str, Any]:
    """Return what the evidence chain keeps of a manual action."""
    payload: dict[str, Any] = {
        "event": "ManualAction",
        "origin": action.origin,
        "community": action.community,
        "action": kind,
        "target_id": action.user_id,
        "target_name": action.user_name,
        "moderator_id": action.moderator_id,
        "reason": action.reason,
        "room": action.room,
        "message_id": action.message_id,
        "ts": now.isoformat(),
    }
    if action.duration is not None:
        payload["duration_seconds"] = int(action.duration.total_seconds())
    payload.update(action.facts)
    return payload
