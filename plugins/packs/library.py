"""Find, read, validate and cache packs: each pack is compiled once per packs folder."""

from __future__ import annotations

import logging
from collections.abc import Hashable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from bot.yamlsource import YamlError, read_yaml
from plugins.packs.lexicon import Scanner
from plugins.packs.pack import MinorRules, Pack, PackConflict, PackError
from plugins.packs.schema import PackFile

if TYPE_CHECKING:
    # mypy needs a static base class; both loaders build with the SafeConstructor methods
    # used below.
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it


class _FastLoader(_SafeLoader):
    """Parse in C; refuse duplicate keys so the careful reader can report them."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        """Build a mapping, failing on a key written twice."""
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        if len(keys) != len(set(map(str, keys))):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep=deep)


#: Key of the shared library in `Services.extra`.
SERVICE_KEY = "packs.library"


class PackLibrary:
    """Load packs from one folder; a pack asked for twice is the same compiled object."""

    def __init__(self, folder: Path | str, logger: logging.Logger | None = None) -> None:
        self.folder = Path(folder)
        self._log = logger or logging.getLogger("vigie.packs")
        self._packs: dict[tuple[str, tuple[str, ...] | None], Pack] = {}
        self._minors: list[MinorRules] = []
        self.scanner = Scanner()

    def get(self, name: str, languages: tuple[str, ...] | None = None) -> Pack:
        """Return the pack `name` merged over the given languages (all found when None)."""
        key = (name, languages)
        pack = self._packs.get(key)
        if pack is None:
            pack = self._packs[key] = self._load(name, languages)
            pack.attach(self.scanner)
            if pack.minors is not None and pack.minors not in self._minors:
                self._minors.append(pack.minors)
            self._log.info("pack loaded: %s", pack.describe())
        return pack

    @property
    def loaded(self) -> bool:
        """Tell whether any rule uses a pack yet (nothing to remember otherwise)."""
        return bool(self._packs)

    def minor_rules(self) -> list[MinorRules]:
        """Return the minors recognisers of the packs loaded so far."""
        return self._minors

    def longest_author_window(self) -> timedelta:
        """Return the longest author window of the packs loaded so far."""
        return max((p.conversation.author for p in self._packs.values()), default=timedelta(0))

    def available(self) -> list[str]:
        """List the pack names present in the folder."""
        return sorted({p.name.split(".", 1)[0] for p in self.folder.glob("*.*.yaml")})

    def _load(self, name: str, languages: tuple[str, ...] | None) -> Pack:
        paths = sorted(self.folder.glob(f"{name}.*.yaml"))
        by_language = {p.name[len(name) + 1 : -len(".yaml")]: p for p in paths}
        if languages is not None:
            missing = [lang for lang in languages if lang not in by_language]
            if missing:
                raise PackError(
                    f"pack {name!r} has no {', '.join(missing)} file in {self.folder} "
                    f"(found: {', '.join(sorted(by_language)) or 'none'})"
                )
            by_language = {lang: by_language[lang] for lang in languages}
        if not by_language:
            known = ", ".join(self.available()) or "none"
            raise PackError(f"no pack {name!r} in {self.folder} (packs there: {known})")
        files = [(str(path), read_pack_file(path)) for path in by_language.values()]
        for (path, data), language in zip(files, by_language, strict=True):
            if data.language != language:
                raise PackError(f"{path}: language: {data.language!r} differs from the file name")
        try:
            return Pack(name, files)
        except PackConflict as exc:
            raise PackError(_with_line(exc)) from exc


def _with_line(conflict: PackConflict) -> str:
    """Name the line of the key two files of a pack disagree on."""
    try:
        line = read_yaml(conflict.path).line_of(conflict.where)
    except YamlError:
        line = None
    return f"{conflict.path}:{line or '?'}: {'.'.join(conflict.where)}: {conflict.reason}"


def read_pack_file(path: Path | str) -> PackFile:
    """Read and validate one pack file; errors name the file, line and key path."""
    try:
        # The C loader is thirty times faster; lines are only needed to report an error.
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_FastLoader)  # noqa: S506
        return PackFile.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError):
        pass
    try:
        source = read_yaml(path)
    except YamlError as exc:
        raise PackError(str(exc)) from exc
    try:
        return PackFile.model_validate(source.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = error["loc"]
            line = source.line_of(where)
            key = ".".join(str(p) for p in where) or "(top)"
            problems.append(f"{path}:{line or '?'}: {key}: {error['msg']}")
        raise PackError("\n".join(problems)) from exc
