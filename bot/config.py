"""Load the YAML config: secrets from the environment, validation, overrides, line numbers."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from bot.adapters.capabilities import CAPABILITIES
from bot.config_models import (
    SHARED_RULES,
    CommunityBase,
    ConfigBase,
    Models,
    RuleBase,
    build_models,
    item_name,
)
from bot.overrides import merged_rules
from bot.registry import Registry
from bot.sharing import SharedRules
from bot.yamlsource import Path_, Source, YamlError, parse_yaml, read_yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CONFIG = ROOT / "config" / "vigie.example.yaml"
BUNDLED_PACKS = ROOT / "config" / "packs"
BUNDLED_EXAMPLES = ROOT / "config" / "examples"

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SECRET_KEYS = frozenset({"access_token", "password", "token"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a config file, placed by file, line and key path."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path or '(top)'}: {self.message}"

    @classmethod
    def at(cls, source: Source, path: Path_, message: str) -> Problem:
        """Return a problem placed at a key path, or at its nearest ancestor the file has."""
        return cls(source.file, source.line_of(path), _dotted(path), message)


class ConfigError(ValueError):
    """Say everything wrong with a config, one problem per line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(slots=True)
class Config:
    """A validated config, with the raw rules kept for overrides and the models that read it.

    Communities that write the same rules share them (bot/sharing.py): a community's rules
    mapping and raw rules may be another's too, and are never changed in place.
    """

    model: ConfigBase
    models: Models
    source: Source
    raw_rules: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    shared: SharedRules = field(default_factory=SharedRules)

    @property
    def communities(self) -> Mapping[str, CommunityBase]:
        """Return the communities by name."""
        return self.model.communities

    @property
    def packs_dir(self) -> Path:
        """Return the folder packs are read from."""
        if self.model.packs_dir is None:
            return BUNDLED_PACKS
        return (Path(self.source.file).parent / self.model.packs_dir).resolve()

    @property
    def examples_dir(self) -> Path:
        """Return the folder of labelled example corpora the learned signal trains on."""
        if self.model.examples_dir is None:
            return BUNDLED_EXAMPLES
        return (Path(self.source.file).parent / self.model.examples_dir).resolve()

    @property
    def cache_dir(self) -> Path:
        """Return the folder where trained models are kept between runs."""
        if self.model.cache_dir is not None:
            return (Path(self.source.file).parent / self.model.cache_dir).resolve()
        # The XDG convention: operators already know where to find and clear it.
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "vigie"

    def effective_rules(self, community: str, indices: tuple[int, ...] = ()) -> dict[str, RuleBase]:
        """Return the rules of a community after the given overrides, validated."""
        comm = self.communities[community]
        if not indices:
            return dict(comm.rules)
        raw = merged_rules(self.raw_rules[community], comm.overrides, indices)
        touched = {name for index in indices for name in comm.overrides[index].rules}
        validate = self.models.rule.model_validate
        return {
            name: self.shared.rule(rule, validate) if name in touched else comm.rules[name]
            for name, rule in raw.items()
        }


def load_config(
    path: Path | str,
    registry: Registry,
    *,
    env: Mapping[str, str] | None = None,
    require_secrets: bool = True,
) -> Config:
    """Read, check and validate a config file; raise ConfigError naming every problem."""
    try:
        source = read_yaml(path)
    except YamlError as exc:
        raise ConfigError([Problem(exc.file, exc.line, "", exc.message)]) from exc
    return validate_source(source, registry, env=env, require_secrets=require_secrets)


def load_config_text(
    text: str,
    registry: Registry,
    *,
    file: str = "<config>",
    env: Mapping[str, str] | None = None,
    require_secrets: bool = True,
) -> Config:
    """Parse and validate config text; raise ConfigError naming every problem."""
    try:
        source = parse_yaml(text, file)
    except YamlError as exc:
        raise ConfigError([Problem(exc.file, exc.line, "", exc.message)]) from exc
    return validate_source(source, registry, env=env, require_secrets=require_secrets)


def validate_source(
    source: Source,
    registry: Registry,
    *,
    env: Mapping[str, str] | None = None,
    require_secrets: bool = True,
) -> Config:
    """Validate parsed YAML against the models built from the registry."""
    problems: list[Problem] = []
    if not isinstance(source.data, dict):
        _fail(source, (), "the file must be a mapping of keys (storage, platforms, communities)")
    environ = os.environ if env is None else env
    # Errors quote the values they refuse: never one that came from the environment.
    hidden: set[str] = set()
    data = _substitute(
        source, source.data, environ, problems, require_secrets=require_secrets, used=hidden
    )
    if problems:
        raise ConfigError(problems)
    models = build_models(registry)
    shared = SharedRules()
    try:
        model = models.config.model_validate(data, context={SHARED_RULES: shared})
    except ValidationError as exc:
        raise ConfigError(_problems(source, exc, (), hidden)) from exc
    # The parsed data is all in the models now; the source is kept for its lines.
    config = Config(model=model, models=models, source=source.without_data(), shared=shared)
    for name, community in model.communities.items():
        # The model accepted the data: a mapping, as is each community in it.
        raw = cast("dict[str, dict[str, dict[str, Any]]]", data)["communities"][name]
        config.raw_rules[name] = shared.raw(raw.get("rules") or {})
        problems += _check_overrides(config, name, community, hidden)
        problems += _check_capabilities(source, registry, name, community)
    if problems:
        raise ConfigError(problems)
    return config


def _fail(source: Source, path: Path_, message: str) -> None:
    raise ConfigError([Problem.at(source, path, message)])


#: Where a value sits, as (parent, key) cells: built for every node, unwound only when needed.
_Where = tuple[Any, str | int] | None


def _unwind(where: _Where) -> Path_:
    path: list[str | int] = []
    while where is not None:
        where, key = where
        path.append(key)
    return tuple(reversed(path))


def _substitute(
    source: Source,
    data: object,
    env: Mapping[str, str],
    problems: list[Problem],
    *,
    require_secrets: bool,
    used: set[str],
) -> object:
    """Replace ${VAR} by the environment; refuse credentials written in the file itself."""

    def problem(where: _Where, message: str) -> None:
        path = _unwind(where)
        problems.append(Problem.at(source, path, message))

    def text(value: str, where: _Where, platform: bool) -> str:
        secret = platform and where is not None and where[1] in _SECRET_KEYS
        if secret and len(_unwind(where)) >= 3 and not _ENV.fullmatch(value.strip()):
            problem(
                where, "credentials are read from the environment only: write ${VIGIE_SOME_VAR}"
            )
            return value
        if "${" not in value:
            return value

        def lookup(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in env:
                if env[name]:
                    used.add(env[name])
                return env[name]
            if require_secrets:
                problem(where, f"environment variable {name} is not set")
            return f"<unset:{name}>"

        return _ENV.sub(lookup, value)

    def walk(value: object, where: _Where, platform: bool) -> object:
        # What changes is copied; the rest is the parsed data itself, which nothing changes.
        if isinstance(value, dict):
            changed: dict[str, object] | None = None
            for k, v in value.items():
                new = walk(v, (where, k), platform)
                if new is not v:
                    changed = changed or dict(value)
                    changed[k] = new
            return value if changed is None else changed
        if isinstance(value, list):
            items = [walk(v, (where, i), platform) for i, v in enumerate(value)]
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        if isinstance(value, str):
            return text(value, where, platform)
        return value

    if isinstance(data, dict):
        return {k: walk(v, (None, k), k == "platforms") for k, v in data.items()}
    return walk(data, None, platform=False)


def _check_overrides(
    config: Config, name: str, community: CommunityBase, hidden: set[str]
) -> list[Problem]:
    """Validate every override merged over the rules, so a bad override fails at load."""
    problems: list[Problem] = []
    raw = config.raw_rules[name]
    validate = config.models.rule.model_validate
    for index, override in enumerate(community.overrides):
        merged = merged_rules(raw, community.overrides, (index,))
        for rule_name in override.rules:
            base: Path_ = ("communities", name, "overrides", index, "rules", rule_name)
            try:
                config.shared.rule(merged[rule_name], validate)
            except ValidationError as exc:
                problems += _problems(config.source, exc, base, hidden)
    return problems


def _check_capabilities(
    source: Source, registry: Registry, name: str, community: CommunityBase
) -> list[Problem]:
    """Refuse rules whose actions the community's platform cannot carry out."""
    problems: list[Problem] = []
    available = CAPABILITIES[community.platform]
    for rule_name, rule in community.rules.items():
        for index, item in enumerate(_actions_of(rule)):
            action = item_name(item)
            missing = registry.actions[action].requires - available
            if missing:
                path = ("communities", name, "rules", rule_name, "actions", index)
                problems.append(
                    Problem.at(
                        source,
                        path,
                        f"{community.platform} cannot do {action!r} (lacks {', '.join(missing)})",
                    )
                )
    return problems


def _actions_of(rule: RuleBase) -> list[BaseModel]:
    items = list(rule.actions)
    for step in rule.escalate:
        items += step.then
    return items


def _problems(
    source: Source,
    exc: ValidationError,
    base: Path_,
    hidden: set[str] | frozenset[str] = frozenset(),
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not _is_model_tag(p))
        path = (*base, *loc)
        # Validators may quote their input in their own message too.
        message = _mask(error["msg"], hidden)
        if error["type"] == "extra_forbidden":
            message = "unknown key (check its spelling)"
        elif error["type"] not in {"missing"}:
            shown = repr(error["input"])
            if any(value in shown for value in hidden):
                message = f"{message} (got a value read from the environment)"
            else:
                message = f"{message} (got {_short(error['input'])})"
        problems.append(Problem.at(source, path, message))
    return problems


def _mask(text: str, hidden: set[str] | frozenset[str]) -> str:
    for value in hidden:
        text = text.replace(value, "<from the environment>")
    return text


def _is_model_tag(part: object) -> bool:
    # pydantic inserts validator names such as 'function-after[...]' in some locations.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


__all__ = ["BUNDLED_CONFIG", "Config", "ConfigBase", "ConfigError", "Problem", "load_config"]
