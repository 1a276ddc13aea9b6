"""Hostile configs: whatever the text, the loader returns a Config or a ConfigError with lines.

A config author is trusted less than the operator: whatever they write must never crash the
loader, hang it, exhaust memory, or smuggle a regex that can stall the engine.
"""

from __future__ import annotations

import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_engine, build_services
from bot.config import Config, ConfigError, load_config_text
from bot.yamlsource import MAX_DEPTH, parse_yaml
from tests.support.messages import make_message

FAST = settings(
    max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow], database=None
)

BASE = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    moderators: {power_level: 50}
    rules:
"""


def load(registry, text: str) -> Config | ConfigError:
    """Load text; return the Config or the ConfigError, checking every problem has a line."""
    # CPU time, not wall time: what an expansion attack would burn, whatever else runs.
    started = time.process_time()
    result: Config | ConfigError
    try:
        result = load_config_text(text, registry, file="h.yaml", env={})
    except ConfigError as exc:
        result = exc
    assert time.process_time() - started < 2.0
    if isinstance(result, ConfigError):
        assert result.problems
        for problem in result.problems:
            assert problem.line is not None, str(problem)
            assert problem.line >= 1
            assert str(problem).startswith(f"h.yaml:{problem.line}: ")
    return result


# ---- arbitrary text and arbitrary structures --------------------------------------------

_YAMLISH = st.sampled_from(
    [
        *"{}[]:,-?&*!|>'\"#%@` \n\t<=\\",
        "<<",
        "!!int",
        "!!float",
        "!!timestamp",
        "!!binary",
        "!!python/object:os.system",
        "!!set",
        "!!omap",
        "&a",
        "*a",
        "<<: *a",
        "---",
        "...",
        "%YAML 1.1",
        "communities",
        "rules",
        "triggers",
        "actions",
        "\x00",
        "\ufeff",
        "\u202e",
        "1e999",
        "0x",
        "~",
        "null",
        "yes",
        "on",
    ]
)
_hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(_YAMLISH, max_size=60).map("".join),
    st.lists(st.one_of(_YAMLISH, st.text(max_size=5)), max_size=40).map("".join),
)


@FAST
@given(_hostile_text)
def test_any_text_gives_a_config_or_a_config_error_with_lines(registry, text):
    load(registry, text)


@FAST
@given(st.lists(_YAMLISH, max_size=40).map("".join))
def test_any_text_appended_to_a_valid_config_is_refused_with_lines(registry, tail):
    load(registry, BASE + "      r: {triggers: [any_message], actions: [report]}\n" + tail)


_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["*", "${VIGIE_X}", "1h", "-1d", "0s", "high", "matrix", "discord", ""]),
)
_nested = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=10), inner, max_size=4),
    ),
    max_leaves=25,
)


@FAST
@given(st.dictionaries(st.text(max_size=12), _nested, max_size=4))
def test_any_nested_structure_gives_a_config_or_a_config_error(registry, data):
    load(registry, yaml.safe_dump(data, allow_unicode=True))


@st.composite
def _rule(draw, registry):
    triggers = draw(
        st.lists(
            st.one_of(
                st.sampled_from(sorted(registry.triggers)),
                st.builds(
                    lambda name, options: {name: options},
                    st.sampled_from(sorted(registry.triggers)),
                    _nested,
                ),
                _nested,
            ),
            max_size=3,
        )
    )
    actions = draw(
        st.lists(
            st.one_of(
                st.sampled_from(sorted(registry.actions)),
                st.builds(
                    lambda name, options: {name: options},
                    st.sampled_from(sorted(registry.actions)),
                    _nested,
                ),
            ),
            max_size=3,
        )
    )
    rule = {"triggers": triggers, "actions": actions}
    for key in ("conditions", "escalate", "cooldown", "dry_run", "category"):
        if draw(st.booleans()):
            rule[key] = draw(_nested)
    return rule


@settings(FAST, max_examples=50)
@given(st.data())
def test_config_shaped_structures_with_every_trigger_and_action(registry, data):
    """Plugin option models see arbitrary values: only ConfigError may come out of them."""
    rules = data.draw(st.dictionaries(st.text(min_size=1, max_size=8), _rule(registry), max_size=3))
    community = {
        "platform": data.draw(st.sampled_from(["matrix", "discord"])),
        "rooms": ["*"],
        "guild": "1",
        "mod_channel": "#mods",
        "moderators": {"power_level": 50},
        "rules": rules,
    }
    if data.draw(st.booleans()):
        community["overrides"] = data.draw(_nested)
    load(registry, yaml.safe_dump({"communities": {"demo": community}}, allow_unicode=True))


# ---- deep nesting, bombs, tags ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000,
        "a: " + "{x: " * 5000 + "1" + "}" * 5000,
        "".join(f"{'  ' * i}k{i}:\n" for i in range(500)) + "  " * 500 + "v",
        "".join(f"{'  ' * i}- \n" for i in range(500)),
    ],
    ids=["flow-lists", "flow-maps", "block-maps", "block-lists"],
)
def test_deeply_nested_yaml_is_refused_with_a_line(registry, text):
    result = load(registry, text)
    assert isinstance(result, ConfigError)
    assert "nested deeper" in str(result)


def test_nesting_at_the_limit_still_parses():
    text = "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    assert parse_yaml(text).data is not None


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklm"
    for level in range(1, levels + 1):
        refs = ",".join([f"*{names[level - 1]}"] * 9)
        lines.append(f"{names[level]}: &{names[level]} [{refs}]")
    return "\n".join(lines) + "\n"


def _merge_bomb(levels: int = 8) -> str:
    lines = ["l0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} {{<<: [" + ", ".join([f"*l{level - 1}"] * 10) + "]}")
    # Each level has its own copy of the merged keys under a new name.
    lines += [f"m{level}: {{k{level}: *l{level}}}" for level in range(levels)]
    return "\n".join(lines) + "\n"


def _seconds(registry, text: str) -> tuple[float, Config | ConfigError]:
    """Return the fastest of three loads of a text, and what it loads to."""
    best = float("inf")
    result: Config | ConfigError
    for _ in range(3):
        started = time.process_time()
        try:
            result = load_config_text(text, registry, file="h.yaml", env={})
        except ConfigError as exc:
            result = exc
        best = min(best, time.process_time() - started)
    return best, result


@pytest.mark.parametrize("text", [_billion_laughs(), _merge_bomb()], ids=["aliases", "merges"])
def test_anchor_bombs_are_refused_quickly(registry, text):
    # Against a baseline of the same run (an honest config of a few rules), not a fixed number
    # of seconds, so a loaded machine does not fail it. Unguarded, these bombs expand to 3.5e9
    # and 1e8 nodes: minutes and gigabytes, far past any multiple of the baseline.
    honest = BASE + "".join(
        f"      rule{i}:\n        triggers: [{{words: [w{i}]}}]\n        actions: [delete]\n"
        for i in range(5)
    )
    baseline, config = _seconds(registry, honest)
    assert isinstance(config, Config)
    cost, result = _seconds(registry, text)
    assert isinstance(result, ConfigError)
    assert "alias bomb" in str(result)
    assert cost < 10 * baseline + 0.1, (cost, baseline)


def test_recursive_anchor_is_refused(registry):
    assert isinstance(load(registry, "a: &a [*a]\n"), ConfigError)
    assert isinstance(load(registry, "a: &a {b: *a}\n"), ConfigError)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("storage: x\nfoo: !!int abc\n", 2),
        ("foo: !!float abc\n", 1),
        ("foo: !!int\n", 1),
        ('foo: !!int ""\n', 1),
        ("\n\nfoo: !!timestamp abc\n", 3),
        ("!!int abc : 1\n", 1),
        ("foo: !!python/object:os.system x\n", 1),
        ("foo: !!python/name:os.system\n", 1),
        ("foo: 1" + "0" * 5000 + "\n", 1),
        ("a: 1\nb: \x00\n", 2),
        ("a: 1\n\nb: \x07\n", 3),
        ("a: {x: 1, x: 2}\n", 1),
        ("a: {<<: 3}\n", 1),
    ],
)
def test_bad_tags_characters_and_keys_are_refused_at_their_line(registry, text, line):
    result = load(registry, text)
    assert isinstance(result, ConfigError)
    assert result.problems[0].line == line


def test_merge_keys_follow_yaml_keys_written_override_merged_ones():
    source = parse_yaml(
        "b: &b {x: 1, y: 1}\n"
        "a: &a {<<: *b, x: 2}\n"
        "c: *a\n"
        "d: {<<: [*a, *b], z: 3}\n"
        "e: {x: 5, <<: *b}\n"
    )
    assert source.data == {
        "b": {"x": 1, "y": 1},
        "a": {"x": 2, "y": 1},
        "c": {"x": 2, "y": 1},
        "d": {"x": 2, "y": 1, "z": 3},
        "e": {"x": 5, "y": 1},
    }
    assert source.line_of(("e", "x")) == 5


def test_a_key_written_twice_beside_a_merge_is_still_refused(registry):
    result = load(registry, "b: &b {x: 1}\na: {<<: *b, x: 2, x: 3}\n")
    assert isinstance(result, ConfigError)
    assert "duplicate key 'x'" in str(result)


# ---- regexes from the config ------------------------------------------------------------


def _regex_config(patterns: str) -> str:
    return (
        BASE
        + f"      r:\n        triggers:\n          - regex: {patterns}\n"
        + ("        actions: [report]\n")
    )


@pytest.mark.parametrize(
    "pattern",
    [r"'(a)\1'", r"'(?=a)b'", r"'(?<!a)b'", r"'a{1000}{1000}'", "'(('", "''"],
    ids=["backreference", "lookahead", "lookbehind", "huge-repeat", "unbalanced", "empty"],
)
def test_regexes_re2_cannot_run_are_refused_at_load_with_their_line(registry, pattern):
    result = load(registry, _regex_config(pattern))
    assert isinstance(result, ConfigError)
    assert result.problems[0].line == 10


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("'(a+)+$'", "a" * 30_000 + "!"),
        ("'(a|aa)+$'", "a" * 30_000 + "!"),
        ("'(.*a){20}'", "a" * 10_000),
        ("'^(\\w+\\s?)*$'", "word " * 5_000 + "!"),
    ],
    ids=["nested-plus", "alternation", "counted", "words"],
)
async def test_catastrophic_regexes_run_in_linear_time_on_re2(registry, pattern, text):
    config = load(registry, _regex_config(pattern))
    assert isinstance(config, Config)
    for on in ("raw", "normalized"):
        config = load(registry, _regex_config(f"{{patterns: [{pattern}], on: {on}}}"))
        assert isinstance(config, Config)
        engine = build_engine(config, registry, build_services(config))
        event = make_message(text, community="demo", room="general")
        started = time.process_time()
        await engine.handle(event)
        assert time.process_time() - started < 2.0
