"""Read YAML and remember where each key was written, so errors can name file and line.

The text is read as a stream of parse events (libyaml's C parser when PyYAML has it) and
turned straight into plain data: no node tree is kept, so a file of 1,000 communities loads
in seconds and in little memory. Lines are found again from the kept text only when an
error needs one.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Final, Protocol, cast

import yaml
from yaml.resolver import Resolver

Path_ = tuple[str | int, ...]

#: A config never needs more nodes than this; anchor bombs expand far past it.
MAX_NODES = 5_000_000
#: Nodes built again through aliases; anchor bombs expand far past it, real configs never.
MAX_EXPANSIONS = 200_000
MAX_DEPTH = 64

# libyaml's parser where PyYAML was built with it (its wheels are); PyYAML's own otherwise.
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG: Final = "tag:yaml.org,2002:merge"
_STR_TAG: Final = "tag:yaml.org,2002:str"
_TOO_DEEP: Final = f"YAML nested deeper than {MAX_DEPTH} levels"
_TOO_MANY: Final = f"too many YAML nodes (over {MAX_NODES})"
_BOMB: Final = f"aliases expand past {MAX_EXPANSIONS} YAML nodes: an alias bomb?"
#: Plain scalars remembered once resolved; the same words recur in every community.
_MEMO_SIZE: Final = 100_000


class YamlError(ValueError):
    """Say why a YAML file cannot be read, with its position."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(slots=True)
class Source:
    """Hold the parsed data of one YAML file, and find the line of any key path in it."""

    file: str
    data: object
    #: The UTF-8 text, compressed (a file of many communities repeats itself), read again
    #: for lines when an error needs them.
    packed: bytes = field(default=b"", repr=False)
    _lines: dict[Path_, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[Path_, int]:
        """Return the line of every key path, found on first use."""
        if self._lines is None:
            builder = _Builder(self.file, lines={})
            builder.run(zlib.decompress(self.packed))
            self._lines = builder.lines or {(): 1}
        return self._lines

    def without_data(self) -> Source:
        """Return this source for its lines only, so the parsed data can be freed."""
        return Source(self.file, None, self.packed, self._lines)

    def line_of(self, path: Path_) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that was written down."""
        lines = self.lines
        probe = tuple(path)
        while probe:
            line = lines.get(probe)
            if line is not None:
                return line
            probe = probe[:-1]
        return lines.get(())


def read_yaml(path: Path | str) -> Source:
    """Parse one YAML file safely, tracking the line of each key path."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise YamlError(file, None, f"cannot read the file: {exc.strerror}") from exc
    return parse_yaml(text, file)


def parse_yaml(text: str, file: str = "<string>") -> Source:
    """Parse YAML text safely; lines are found when first asked for."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise YamlError(file, line, "invalid YAML: unpaired surrogate character") from exc
    builder = _Builder(file, lines=None)
    found = builder.run(raw)
    if not builder.documents:
        return Source(file, {}, b"", {(): 1})
    return Source(file, found, zlib.compress(raw, 1))


class _Token(Enum):
    """Hold what a mapping's key slot may hold besides a key's name."""

    #: The `<<` key: mappings to merge into the one being built.
    MERGE = "merge"
    #: No key read yet for the next value.
    NO_KEY = "no key"


_MERGE: Final = _Token.MERGE
_NO_KEY: Final = _Token.NO_KEY


class _Frame:
    """A mapping or a list being built."""

    __slots__ = ("anchor", "key", "line", "merges", "nodes", "path", "value", "weak")

    def __init__(
        self,
        value: dict[str, object] | list[object],
        path: Path_,
        line: int,
        anchor: str | None,
        *,
        weak: bool,
    ) -> None:
        self.value = value
        self.path = path
        self.line = line
        self.anchor = anchor
        self.key: str | _Token = _NO_KEY
        self.merges: list[tuple[object, int]] = []
        #: Nodes built under this one, aliases counted at their full size.
        self.nodes = 1
        #: Lines under a merge key give way to keys written in the mapping itself.
        self.weak = weak


class _Resolver(Protocol):
    """Type PyYAML's Resolver, whose stubs leave `resolve` untyped."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        """Return the tag a scalar written without one takes."""
        ...


class _Builder:
    """Turn parse events into plain data, bounding the work; record lines when asked."""

    def __init__(self, file: str, lines: dict[Path_, int] | None) -> None:
        self.file = file
        self.lines = lines
        self.budget = MAX_NODES
        self.expansions = MAX_EXPANSIONS
        self.anchors: dict[str, tuple[object, int]] = {}
        self.memo: dict[str, object] = {}
        self.stack: list[_Frame] = []
        self.documents = 0
        self.root: object = None
        self.resolver: _Resolver = Resolver()
        self.constructor = yaml.SafeLoader("")

    def fail(self, line: int | None, message: str) -> YamlError:
        return YamlError(self.file, line, message)

    def run(self, raw: bytes) -> object:
        """Build the single document of `raw`; None when there is none."""
        # Each handler takes the event type it is filed under, which no callable type can say.
        handlers: dict[type[yaml.Event], Callable[[Any], None]] = {
            yaml.ScalarEvent: self.on_scalar,
            yaml.MappingStartEvent: self.on_mapping,
            yaml.SequenceStartEvent: self.on_sequence,
            yaml.MappingEndEvent: self.on_end,
            yaml.SequenceEndEvent: self.on_end,
            yaml.AliasEvent: self.on_alias,
            yaml.DocumentStartEvent: self.on_document,
        }
        loader = _LOADER(raw)
        try:
            get_event = loader.get_event
            while (event := get_event()) is not None:
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            if "nesting depth" in str(exc.problem):  # libyaml's own limit, far above ours
                raise self.fail(line, _TOO_DEEP) from exc
            raise self.fail(line, f"invalid YAML: {exc.problem}") from exc
        except yaml.reader.ReaderError as exc:
            # A forbidden character (NUL, BEL...): the parser gives its offset, not its line.
            line = raw.count(b"\n", 0, exc.position) + 1
            raise self.fail(line, f"invalid YAML: {_reader_problem(exc)}") from exc
        except yaml.YAMLError as exc:
            raise self.fail(None, f"invalid YAML: {exc}") from exc
        finally:
            loader.dispose()
        return self.root

    def on_document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(_line(event), "expected a single document in the stream")

    def on_scalar(self, event: yaml.ScalarEvent) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise self.fail(_line(event), _TOO_MANY)
        value: object = None
        # A plain scalar's type follows from its text alone, so it is resolved once.
        if event.tag is None and event.implicit[0]:
            value = self.memo.get(event.value)
        if value is None:
            value = self.scalar(event)
        stack = self.stack
        if stack:
            top = stack[-1]
            mapping = top.value
            if isinstance(mapping, dict):
                if top.key is _NO_KEY:
                    self.key(top, value, _line(event))
                    if event.anchor is not None:
                        self.remember(event.anchor, value, 1, _line(event))
                    return
                if top.key is not _MERGE and event.anchor is None and value is not _MERGE:
                    # The common case, a plain value under its key, without the generic path.
                    if self.lines is not None:
                        self.note((*top.path, top.key), _line(event), weak=True)
                    mapping[top.key] = value
                    top.key = _NO_KEY
                    top.nodes += 1
                    return
        line = _line(event)
        if self.lines is not None:
            self.note(self.child_path()[0], line, weak=True)
        self.complete(value, 1, line, event.anchor)

    def on_mapping(self, event: yaml.MappingStartEvent) -> None:
        self.open(event, {})

    def on_sequence(self, event: yaml.SequenceStartEvent) -> None:
        self.open(event, [])

    def open(self, event: yaml.NodeEvent, value: dict[str, object] | list[object]) -> None:
        line = _line(event)
        if self.stack and self.expects_key():
            raise self.fail(line, "a key must be a plain word, not a list or mapping")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(line, _TOO_DEEP)
        self.budget -= 1
        if self.budget < 0:
            raise self.fail(line, _TOO_MANY)
        path, weak = self.child_path()
        self.note(path, line, weak=True)
        self.stack.append(_Frame(value, path, line, event.anchor, weak=weak))

    def on_end(self, _event: yaml.Event) -> None:
        frame = self.stack.pop()
        value = frame.value
        if frame.merges:
            value = self.merged(frame)
        self.complete(value, frame.nodes, frame.line, frame.anchor)

    def on_alias(self, event: yaml.AliasEvent) -> None:
        line = _line(event)
        # An alias always names its anchor: the parser reads `*` and a name together.
        found = self.anchors.get(cast("str", event.anchor))
        if found is None:
            raise self.fail(line, f"found undefined alias {event.anchor!r}")
        value, nodes = found
        # What an anchor bomb multiplies is the nodes reached through aliases: each use
        # counts at the full size of what it names, though the value itself is shared.
        self.expansions -= nodes
        if self.expansions < 0:
            raise self.fail(line, _BOMB)
        if self.stack and self.expects_key():
            if isinstance(value, dict | list):
                raise self.fail(line, "a key must be a plain word, not a list or mapping")
        elif self.lines is not None:
            self.note(self.child_path()[0], line, weak=True)
        self.complete(value, nodes, line, None)

    def expects_key(self) -> bool:
        top = self.stack[-1]
        return isinstance(top.value, dict) and top.key is _NO_KEY

    def merged(self, frame: _Frame) -> dict[str, object]:
        # Merge keys (`<<: *anchor`) as YAML defines them: the first mapping merged wins, and
        # keys written in the mapping itself override merged ones.
        merged: dict[str, object] = {}
        for value, line in frame.merges:
            for part in value if isinstance(value, list) else [value]:
                if not isinstance(part, dict):
                    raise self.fail(line, "a merge key (<<) takes mappings only")
                for name, item in part.items():
                    merged.setdefault(name, item)
        # Only a mapping's frame takes merge keys.
        return {**merged, **cast("dict[str, object]", frame.value)}

    def remember(self, anchor: str, value: object, nodes: int, line: int) -> None:
        if anchor in self.anchors:
            raise self.fail(line, f"found duplicate anchor {anchor!r}")
        self.anchors[anchor] = (value, nodes)

    def complete(self, value: object, nodes: int, line: int, anchor: str | None) -> None:
        """Attach a finished node to the mapping or list being built."""
        if value is _MERGE and not (self.stack and self.expects_key()):
            raise self.fail(line, "invalid value: << is a merge key, not a value")
        if anchor is not None:
            self.remember(anchor, value, nodes, line)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        built = top.value
        if not isinstance(built, dict):
            built.append(value)
            top.nodes += nodes
            return
        if top.key is _NO_KEY:
            self.key(top, value, line)
            return
        if top.key is _MERGE:
            top.merges.append((value, line))
        else:
            built[top.key] = value
        top.key = _NO_KEY
        top.nodes += nodes

    def key(self, top: _Frame, value: object, line: int) -> None:
        if value is _MERGE:
            top.key = _MERGE
            return
        name = value if type(value) is str else str(value)
        if name in top.value:
            raise self.fail(line, f"duplicate key {name!r}")
        top.key = name
        if self.lines is not None:
            self.note((*top.path, name), line, weak=top.weak)

    def child_path(self) -> tuple[Path_, bool]:
        """Return the path of the node starting now, and whether it sits under a merge key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if self.lines is None:
            return (), top.weak
        if not isinstance(top.value, dict):
            return (*top.path, len(top.value)), top.weak
        if top.key is _MERGE:
            return top.path, True
        # Callers take a mapping's key before building what goes under it.
        return (*top.path, cast("str", top.key)), top.weak

    def note(self, path: Path_, line: int, *, weak: bool) -> None:
        if self.lines is None:
            return
        if weak:
            self.lines.setdefault(path, line)
        else:
            self.lines[path] = line

    def scalar(self, event: yaml.ScalarEvent) -> object:
        value: str = event.value
        tag = event.tag
        plain = tag is None and event.implicit[0]
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _MERGE_TAG:
            result: object = _MERGE
        elif tag == _STR_TAG:
            result = value
        else:
            result = self.construct(tag, event)
        if plain and result is not None and len(self.memo) < _MEMO_SIZE:
            self.memo[value] = result
        return result

    def construct(self, tag: str, event: yaml.ScalarEvent) -> object:
        # Explicit tags reach int(), float(), base64...: `!!int abc` is a ValueError there.
        # The stubs allow only PyYAML's own Mark here; libyaml's, which the node only keeps
        # for error messages, does as well.
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        line = _line(event)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise self.fail(line, f"invalid value: {exc.problem}") from exc
        except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
            raise self.fail(line, f"invalid value for its tag {tag!r}") from exc
        finally:
            self.constructor.constructed_objects.pop(node, None)


def _line(event: yaml.Event) -> int:
    """Return the line an event starts on, counted from 1."""
    mark = event.start_mark
    # Both parsers, libyaml's and PyYAML's, mark every event they emit.
    assert mark is not None
    return mark.line + 1


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    if isinstance(exc.character, int):
        return f"{exc.reason} #x{exc.character:04x}"
    return str(exc.reason)
