"""Read YAML and remember where each key was written, so errors can name file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

Path_ = tuple[str | int, ...]

#: A config never needs more nodes than this; anchor bombs expand far past it.
MAX_NODES = 5_000_000
#: Nodes built again through aliases; anchor bombs expand far past it, real configs never.
MAX_EXPANSIONS = 200_000
MAX_DEPTH = 64


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
    """Hold the parsed data of one YAML file and the line of every key path in it."""

    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that was written down."""
        probe = tuple(path)
        while probe:
            line = self.lines.get(probe)
            if line is not None:
                return line
            probe = probe[:-1]
        return self.lines.get(())


def read_yaml(path: Path | str) -> Source:
    """Parse one YAML file safely, tracking the line of each key path."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise YamlError(file, None, f"cannot read the file: {exc.strerror}") from exc
    return parse_yaml(text, file)


def parse_yaml(text: str, file: str = "<string>") -> Source:
    """Parse YAML text safely, tracking the line of each key path."""
    try:
        root = yaml.compose(text, Loader=_BoundedLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(file, line, f"invalid YAML: {exc.problem}") from exc
    except yaml.reader.ReaderError as exc:
        # A forbidden character (NUL, BEL...): PyYAML gives its offset, not its line.
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(file, line, f"invalid YAML: {exc.reason} #x{exc.character:04x}") from exc
    except yaml.YAMLError as exc:
        raise YamlError(file, None, f"invalid YAML: {exc}") from exc
    if root is None:
        return Source(file, {}, {(): 1})
    source = Source(file, None)
    walk = _Walk(source, yaml.SafeLoader(""))
    source.data = walk.build(root, (), 0)
    return source


class _BoundedLoader(yaml.SafeLoader):
    """Compose with a depth limit: PyYAML's composer recurses, and deep nesting overflows."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self.depth -= 1


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Walk:
    """Turn composed nodes into plain data, recording lines and bounding the work."""

    def __init__(self, source: Source, loader: yaml.SafeLoader) -> None:
        self.source = source
        self.loader = loader
        self.budget = MAX_NODES
        self.expansions = MAX_EXPANSIONS
        self._seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> YamlError:
        return YamlError(self.source.file, node.start_mark.line + 1, message)

    def build(self, node: yaml.Node, path: Path_, depth: int) -> object:
        # A large file of distinct nodes is fine (1,000 communities); what an anchor bomb
        # multiplies is the same nodes built again and again through aliases.
        if id(node) in self._seen:
            self.expansions -= 1
            if self.expansions < 0:
                raise self.fail(
                    node, f"aliases expand past {MAX_EXPANSIONS} YAML nodes: an alias bomb?"
                )
        else:
            self._seen.add(id(node))
            self.budget -= 1
            if self.budget < 0:
                raise self.fail(node, f"too many YAML nodes (over {MAX_NODES})")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"YAML nested deeper than {MAX_DEPTH} levels")
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> object:
        # Explicit tags reach int(), float(), base64...: `!!int abc` is a ValueError there.
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise self.fail(node, f"invalid value: {exc.problem}") from exc
        except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
            raise self.fail(node, f"invalid value for its tag {node.tag!r}") from exc

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, object]:
        # Merge keys (`<<: *anchor`) as YAML defines them: the first mapping merged wins, keys
        # written here override merged ones, and only a key written twice here is an error.
        # They are built here rather than by PyYAML's flatten_mapping, so the node budget
        # bounds them and keys written twice are still found.
        merged: dict[str, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE_TAG:
                continue
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for merge_source in sources:
                if not isinstance(merge_source, yaml.MappingNode):
                    raise self.fail(merge_source, "a merge key (<<) takes mappings only")
                part = self.build(merge_source, path, depth + 1)
                for name, value in part.items():  # type: ignore[union-attr]
                    merged.setdefault(name, value)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a key must be a plain word, not a list or mapping")
            name = str(self.scalar(key_node))
            if name in result:
                raise self.fail(key_node, f"duplicate key {name!r}")
            self.source.lines[(*path, name)] = key_node.start_mark.line + 1
            result[name] = self.build(value_node, (*path, name), depth + 1)
        return {**merged, **result}
