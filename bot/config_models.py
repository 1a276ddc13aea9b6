"""Pydantic models of the YAML config, built from what the plugins registered."""

# No `from __future__ import annotations`: the rule models are built inside a function from
# plugin types, and pydantic must see those annotations as real objects.

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    create_model,
    field_validator,
    model_validator,
)

from bot.categories import Category, SeverityLevel
from bot.cluster.settings import ClusterSettings
from bot.durations import Duration
from bot.moderation.settings import (
    Ladder,
    Permissions,
    ReportSettings,
    Retention,
    check_permissions,
)
from bot.observability.settings import LogSettings, MetricsSettings
from bot.overrides import Override
from bot.registry import Registry
from bot.rules import Conditions

DEFAULT_STORAGE = "sqlite:///vigie.db"
#: Validation context key of the SharedRules (bot/sharing.py) that rules are validated through.
SHARED_RULES = "shared_rules"


class Strict(BaseModel):
    """Refuse unknown keys everywhere, so typos are errors rather than silent defaults."""

    model_config = ConfigDict(extra="forbid")


class MatrixPlatform(Strict):
    """Reach a Matrix homeserver as the bot's account."""

    homeserver: str = Field(description="Base URL, such as https://matrix.example.org")
    user_id: str = Field(description="The bot's Matrix ID, such as @vigie:example.org")
    access_token: SecretStr | None = Field(default=None, description="${ENV_VAR} only")
    password: SecretStr | None = Field(default=None, description="${ENV_VAR} only")
    device_id: str | None = None
    allowed_inviters: list[str] = Field(
        default_factory=list, description="Users (@a:b) or servers (b) whose invites are accepted."
    )
    event_reports_interval: float = Field(
        default=30.0,
        ge=0,
        description="Seconds between two reads of Synapse's event reports (members' reports; "
        "the bot must be a server admin). 0 turns them off.",
    )

    @model_validator(mode="after")
    def _one_credential(self) -> "MatrixPlatform":
        if self.access_token is None and self.password is None:
            raise ValueError("give access_token or password (as ${ENV_VAR})")
        return self


class DiscordPlatform(Strict):
    """Reach Discord as the bot application."""

    token: SecretStr = Field(description="Bot token, ${ENV_VAR} only")
    application_id: str | None = None
    shard_ids: list[int] | None = Field(default=None, description="Shards this process runs.")
    shard_count: int | None = Field(default=None, ge=1)


class Platforms(Strict):
    """Name the platforms this process connects to."""

    matrix: MatrixPlatform | None = None
    discord: DiscordPlatform | None = None


class Moderators(Strict):
    """Say who moderates a community."""

    roles: list[str] = Field(
        default_factory=list,
        description="Discord role ids (names are refused: anyone may copy one).",
    )
    users: list[str] = Field(default_factory=list, description="Member ids.")
    power_level: int | None = Field(default=None, description="Matrix power level at least.")


class EscalationBase(Strict):
    """Fields of an escalation step that do not depend on plugins."""

    after: int = Field(ge=1, description="Times the rule fired, this one included.")
    within: Duration = Field(description="The window that counts, such as 7d.")

    if TYPE_CHECKING:
        # The model build_models makes adds the field, typed by the registry's actions.
        then: Sequence[BaseModel]


class RuleBase(Strict):
    """Fields of a rule that do not depend on plugins."""

    # Communities that write the same rule share one model: it must never change in place.
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    dry_run: bool = Field(default=False, description="Log and report what would happen; act not.")
    description: str | None = None
    category: Category | None = Field(default=None, description="Override the match category.")
    severity: SeverityLevel | None = None
    conditions: Conditions = Field(default_factory=Conditions)
    cooldown: Duration | None = Field(default=None, description="Fire at most once per member.")

    if TYPE_CHECKING:
        # The model build_models makes adds these fields, typed by the registry's plugins.
        triggers: Sequence[BaseModel]
        unless: Sequence[BaseModel]
        actions: Sequence[BaseModel]
        escalate: Sequence[EscalationBase]


class CommunityBase(Strict):
    """Fields of a community that do not depend on plugins."""

    platform: Literal["matrix", "discord"]
    guild: str | None = Field(default=None, description="Discord guild id.")
    rooms: list[str] = Field(default_factory=list, description="Matrix rooms, or room globs.")
    mod_channel: str = Field(description="Where reports go and commands are read.")
    moderators: Moderators = Field(default_factory=Moderators)
    on_call: str | None = Field(default=None, description="Role or user pinged for urgent cases.")
    command_prefix: str | None = None
    require_reason: bool = False
    overrides: list[Override] = Field(default_factory=list)
    # The moderator workflow (docs/moderation.md; models in bot/moderation/settings.py).
    permissions: Annotated[Permissions, AfterValidator(check_permissions)] = Field(
        default_factory=dict, description="Who may run each command; unlisted: moderators."
    )
    ladders: list[Ladder] = Field(
        default_factory=list, description="Escalation from the case history, such as 3 warns."
    )
    reports: ReportSettings = Field(default_factory=ReportSettings)
    retention: Retention = Field(
        default_factory=dict, description="How long evidence is kept, per category or default."
    )
    notify_members: bool = Field(default=False, description="DM sanctioned members the reason.")
    appeals: str | None = Field(default=None, description="How to contest a decision.")
    terms_url: str | None = Field(default=None, description="The community rules, for notices.")

    if TYPE_CHECKING:
        # The model build_models makes adds the field, typed by the registry's plugins.
        rules: Mapping[str, RuleBase]


class ConfigBase(Strict):
    """Top-level fields that do not depend on plugins."""

    storage: str = Field(default=DEFAULT_STORAGE, description="sqlite:///file or postgresql://")
    journal: str | None = Field(
        default=None,
        description="Local journal file of actions in hand; beside a SQLite database if unset.",
    )
    state: str = Field(default="memory://", description="memory:// or redis://host:port/db")
    packs_dir: str | None = Field(default=None, description="Folder of packs; bundled if unset.")
    examples_dir: str | None = Field(
        default=None,
        description="Folder of labelled example corpora the learned signal trains on; bundled "
        "if unset.",
    )
    cache_dir: str | None = Field(
        default=None,
        description="Folder for the trained model between runs; $XDG_CACHE_HOME/vigie (or "
        "~/.cache/vigie) if unset.",
    )
    platforms: Platforms = Field(default_factory=Platforms)
    cluster: ClusterSettings = Field(default_factory=ClusterSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    logs: LogSettings = Field(default_factory=LogSettings)

    if TYPE_CHECKING:
        # The model build_models makes adds the field, typed by the registry's plugins.
        communities: Mapping[str, CommunityBase]


@dataclass(frozen=True, slots=True)
class Models:
    """Hold the config models built for one registry."""

    trigger: type[BaseModel]
    action: type[BaseModel]
    rule: type[RuleBase]
    community: type[CommunityBase]
    config: type[ConfigBase]


def _item_model(kind: str, types: dict[str, Any]) -> type[BaseModel]:
    """Build the model of one list item: exactly one `{type: options}`, or a bare type name."""
    fields: dict[str, Any] = {
        name: (t.options | None, Field(default=None, description=t.description))
        for name, t in sorted(types.items())
    }
    names = sorted(types)

    # A free function: pydantic calls a "before" model validator without the class here.
    def expand(data: object) -> object:
        if isinstance(data, str):
            return {data: None}
        return data

    def exactly_one(self: BaseModel) -> BaseModel:
        given = self.model_fields_set
        if len(given) != 1:
            raise ValueError(
                f"give exactly one {kind} type per item, got {sorted(given) or 'none'}"
            )
        return self

    def schema_extra(schema: dict[str, Any]) -> None:
        # A bare name is also a valid item; editors should offer it.
        inner = dict(schema)
        schema.clear()
        schema["anyOf"] = [{"type": "string", "enum": names}, inner]

    validators = {
        "expand": model_validator(mode="before")(expand),
        "exactly_one": model_validator(mode="after")(exactly_one),
    }
    return create_model(
        f"{kind.capitalize()}Item",
        __config__=ConfigDict(extra="forbid", json_schema_extra=schema_extra),
        # pydantic types these as plain callables, but takes (and documents) the decorated
        # validators its own decorators return.
        __validators__=validators,  # type: ignore[arg-type]
        **fields,
    )


def item_name(item: BaseModel) -> str:
    """Return the type name an item gives."""
    (name,) = item.model_fields_set
    return name


def build_models(registry: Registry) -> Models:
    """Build the config models for the triggers and actions this registry knows."""
    trigger = _item_model("trigger", registry.triggers)
    action = _item_model("action", registry.actions)

    # `trigger` and `action` are classes made here, at run time: mypy takes them for variables,
    # not types, in the fields below (it sees the fields through the bases' declarations).
    class EscalationStep(EscalationBase):
        """Add actions when a rule fired `after` times for a member `within` a window."""

        then: list[action] = Field(min_length=1)  # type: ignore[valid-type]

    class RuleConfig(RuleBase):
        """One moderation rule: any trigger fires it; conditions scope it; actions follow."""

        triggers: list[trigger] = Field(min_length=1)  # type: ignore[valid-type]
        unless: list[trigger] = Field(  # type: ignore[valid-type]
            default_factory=list,
            description="A match is held back when one of these triggers matches too.",
        )
        actions: list[action] = Field(default_factory=list)  # type: ignore[valid-type]
        escalate: list[EscalationStep] = Field(default_factory=list)

    class Community(CommunityBase):
        """A Discord guild or a set of Matrix rooms, with its moderators and rules."""

        rules: dict[str, RuleConfig] = Field(default_factory=dict)

        @field_validator("rules", mode="wrap")
        @classmethod
        def _shared(
            cls, value: object, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
        ) -> object:
            # Rules written alike by many communities are validated once and shared.
            shared = (info.context or {}).get(SHARED_RULES)
            if shared is None or not isinstance(value, dict):
                return handler(value)
            return shared.rules(value, handler)

    class VigieConfig(ConfigBase):
        """The whole config file."""

        communities: dict[str, Community] = Field(min_length=1)

        title: ClassVar[str] = "Vigie configuration"

    return Models(trigger, action, RuleConfig, Community, VigieConfig)


def rule_key(rule: RuleBase) -> str:
    """Return a stable text key of a rule's settings, to share compiled rules."""
    return json.dumps(rule.model_dump(mode="json", exclude_unset=True), sort_keys=True)
