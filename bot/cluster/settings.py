"""The `cluster` section of the config: which share of the work this process takes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ClusterSettings(BaseModel):
    """Say how this process splits the work with the other processes of one deployment."""

    model_config = ConfigDict(extra="forbid")

    process: int = Field(default=0, ge=0, description="This process's index, from 0.")
    processes: int = Field(
        default=1, ge=1, description="How many processes split the Matrix rooms by hash."
    )
    matrix_rooms: list[str] | None = Field(
        default=None,
        description="Matrix rooms (IDs or aliases) this process owns, instead of the hash; "
        "the lists of all processes must cover every room once.",
    )
    matrix_accounts: list[str] = Field(
        default_factory=list,
        description="The Matrix accounts of the other processes, when each process logs in "
        "with its own: their events are neither moderated nor taken as moderators' commands, "
        "their invites are accepted, and they are invited to the policy lists made here.",
    )
    claim_seconds: float = Field(
        default=600.0,
        gt=0,
        description="How long the claim on an event is kept, so a redelivery is skipped.",
    )
    broadcast: bool = Field(
        default=True,
        description="With a redis:// state, tell the other processes of reloads and "
        "policy-list changes.",
    )

    @model_validator(mode="after")
    def _index_in_range(self) -> ClusterSettings:
        if self.process >= self.processes:
            raise ValueError(
                f"process runs from 0 to processes - 1 ({self.processes - 1}), got {self.process}"
            )
        return self
