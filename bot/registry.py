"""What plugins register: trigger types, action types, effects, commands and services."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, model_validator

if TYPE_CHECKING:
    from bot.actions import Action, Effect, Plan
    from bot.clock import Clock
    from bot.context import Context
    from bot.events import Event
    from bot.rules import Trigger
    from bot.state import StateStore

ENTRY_POINT_GROUP = "vigie.plugins"


class PluginError(RuntimeError):
    """Say that a plugin could not be loaded or registered something twice."""


class Options(BaseModel):
    """Base of every plugin options model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")

    #: Field that a bare scalar fills, so `{timeout: 1h}` means `{timeout: {duration: 1h}}`.
    shorthand: ClassVar[str | None] = None

    @model_validator(mode="before")
    @classmethod
    def _expand_shorthand(cls, data: object) -> object:
        if data is None:
            return {}
        if cls.shorthand is not None and not isinstance(data, dict):
            return {cls.shorthand: data}
        return data


class NoOptions(Options):
    """Options of a type that takes none."""


@dataclass(slots=True)
class Services:
    """Carry what triggers, actions and effects may use; passed in, never imported."""

    state: StateStore
    clock: Clock
    logger: logging.Logger
    packs_dir: Any = None
    examples_dir: Any = None
    cache_dir: Any = None
    extra: dict[str, object] = field(default_factory=dict)


class EffectHandler(Protocol):
    """Carry out an effect action (raid level, lockdown, clean...) for a plan."""

    # Positional only: the executors pass all three by position, and handlers name them freely.
    def __call__(self, effect: Effect, plan: Plan, adapter: Any, /) -> Awaitable[None]:
        """Do the effect through the adapter."""
        ...


class Observer(Protocol):
    """See every event of a configured community before the rules run (to keep state)."""

    events: ClassVar[tuple[type[Event], ...]]

    async def observe(self, ctx: Context) -> None:
        """Record what later triggers or effects need."""
        ...


TriggerFactory = Callable[[Any, Services], "Trigger"]
ActionFactory = Callable[[Any], "Action | Sequence[Action]"]


@dataclass(frozen=True, slots=True)
class TriggerType:
    """A trigger type: its YAML name, options model and factory."""

    name: str
    options: type[Options]
    factory: TriggerFactory
    description: str
    plugin: str


@dataclass(frozen=True, slots=True)
class ActionType:
    """An action type: its YAML name, options model, factory and needed capabilities."""

    name: str
    options: type[Options]
    factory: ActionFactory
    description: str
    plugin: str
    requires: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CommandType:
    """A moderator command registered by a plugin."""

    name: str
    handler: Callable[..., Awaitable[Any]]
    description: str
    plugin: str


@dataclass(slots=True)
class Registry:
    """Hold everything the loaded plugins registered."""

    triggers: dict[str, TriggerType] = field(default_factory=dict)
    actions: dict[str, ActionType] = field(default_factory=dict)
    effects: dict[str, Callable[[Services], EffectHandler]] = field(default_factory=dict)
    observers: dict[str, Callable[[Services], Observer]] = field(default_factory=dict)
    commands: dict[str, CommandType] = field(default_factory=dict)
    services: dict[str, Callable[[Services], Any]] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    current: str = "core"

    def add_trigger(
        self, name: str, options: type[Options], factory: TriggerFactory, description: str
    ) -> None:
        """Register a trigger type under its YAML name."""
        self._free(self.triggers, "trigger", name)
        self.triggers[name] = TriggerType(name, options, factory, description, self.current)

    def add_action(
        self,
        name: str,
        options: type[Options],
        factory: ActionFactory,
        description: str,
        requires: frozenset[str] = frozenset(),
    ) -> None:
        """Register an action type under its YAML name."""
        self._free(self.actions, "action", name)
        self.actions[name] = ActionType(name, options, factory, description, self.current, requires)

    def add_effect(self, name: str, factory: Callable[[Services], EffectHandler]) -> None:
        """Register how to build the handler that carries out effects of this name."""
        self._free(self.effects, "effect", name)
        self.effects[name] = factory

    def add_observer(self, name: str, factory: Callable[[Services], Observer]) -> None:
        """Register how to build an observer that sees every event before the rules."""
        self._free(self.observers, "observer", name)
        self.observers[name] = factory

    def add_command(
        self, name: str, handler: Callable[..., Awaitable[Any]], description: str
    ) -> None:
        """Register a moderator command."""
        self._free(self.commands, "command", name)
        self.commands[name] = CommandType(name, handler, description, self.current)

    def add_service(self, name: str, factory: Callable[[Services], Any]) -> None:
        """Register a background service, built with the services at start."""
        self._free(self.services, "service", name)
        self.services[name] = factory

    def _free(self, table: dict[str, Any], what: str, name: str) -> None:
        if name in table:
            raise PluginError(f"plugin {self.current!r} registers {what} {name!r} a second time")


def load_plugins(registry: Registry | None = None, *, entry_points_too: bool = True) -> Registry:
    """Import every package under plugins/ and every `vigie.plugins` entry point."""
    registry = registry or Registry()
    import plugins  # noqa: PLC0415 - the bundled plugins are a namespace found at run time

    modules = sorted(info.name for info in pkgutil.iter_modules(plugins.__path__))
    setups: list[tuple[str, Callable[[Registry], None]]] = []
    for name in modules:
        module = importlib.import_module(f"plugins.{name}")
        setups.append((name, _setup_of(module, name)))
    if entry_points_too:
        for point in entry_points(group=ENTRY_POINT_GROUP):
            if point.name in modules:
                continue
            setups.append((point.name, _setup_of(point.load(), point.name)))
    for name, setup in setups:
        registry.current = name
        setup(registry)
        registry.plugins.append(name)
    registry.current = "core"
    return registry


def _setup_of(obj: object, name: str) -> Callable[[Registry], None]:
    setup = getattr(obj, "setup", obj if callable(obj) else None)
    if not callable(setup):
        raise PluginError(f"plugin {name!r} has no setup(registry) function")
    return setup
