"""The `metrics` and `logs` sections of the config."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class MetricsSettings(BaseModel):
    """Serve Prometheus metrics over HTTP; off unless a port is given."""

    model_config = ConfigDict(extra="forbid")

    port: int | None = Field(
        default=None, ge=0, le=65535, description="Port of /metrics; off when unset."
    )
    host: str = Field(default="127.0.0.1", description="Address to listen on.")


class LogSettings(BaseModel):
    """Choose how the log reads: lines for people, or one JSON object per line."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["text", "json"] = Field(
        default="text", description="text, or json for log collectors."
    )
