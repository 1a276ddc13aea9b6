import json
import textwrap

import pytest

from bot.cli import main
from bot.config import ConfigError

BASE = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods:example.org"
    rules:
      insults:
        triggers: [{words: [connard]}]
        actions: [delete, {timeout: 1h}, report]
"""


def problems_of(make_config, text, env=None):
    with pytest.raises(ConfigError) as info:
        make_config(textwrap.dedent(text), env)
    return [str(p) for p in info.value.problems]


def test_valid_config_loads(make_config):
    config = make_config(BASE)
    rule = config.communities["demo"].rules["insults"]
    assert [t.words.terms for t in rule.triggers] == [["connard"]]


def test_unknown_key_names_line_and_path(make_config):
    text = BASE.replace("    rules:\n", "    rulez: {}\n    rules:\n")
    assert problems_of(make_config, text) == [
        "test.yaml:6: communities.demo.rulez: unknown key (check its spelling)"
    ]


def test_bad_duration_names_line_and_path(make_config):
    text = BASE.replace("{timeout: 1h}", "{timeout: soon}")
    (problem,) = problems_of(make_config, text)
    assert problem.startswith("test.yaml:9: communities.demo.rules.insults.actions.1.timeout")
    assert "duration" in problem


def test_unknown_trigger_type(make_config):
    text = BASE.replace("{words: [connard]}", "{wordz: [connard]}")
    (problem,) = problems_of(make_config, text)
    assert "test.yaml:8: communities.demo.rules.insults.triggers.0.wordz" in problem


def test_yaml_syntax_error_has_a_line(make_config, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("communities:\n  demo: [unclosed\n")
    assert main(["check-config", str(bad)]) == 2


def test_credentials_only_from_environment(make_config):
    text = BASE + textwrap.dedent("""\
        platforms:
          matrix: {homeserver: "https://m.org", user_id: "@v:m.org", access_token: syt_secret}
        """)
    (problem,) = problems_of(make_config, text)
    assert problem.startswith("test.yaml:11: platforms.matrix.access_token: credentials")
    assert "syt_secret" not in problem


def test_secret_from_environment_and_missing_variable(make_config):
    text = BASE + textwrap.dedent("""\
        platforms:
          matrix: {homeserver: "https://m.org", user_id: "@v:m.org", access_token: "${TOK}"}
        """)
    config = make_config(text, {"TOK": "abc"})
    assert config.model.platforms.matrix.access_token.get_secret_value() == "abc"
    assert "TOK is not set" in problems_of(make_config, text, {})[0]


def test_action_the_platform_lacks_is_refused_at_load():
    from bot.actions import Effect
    from bot.config import validate_source
    from bot.registry import NoOptions, load_plugins
    from bot.yamlsource import parse_yaml

    registry = load_plugins()
    registry.add_action(
        "slow", NoOptions, lambda _o: Effect(name="slow"), "Slowmode.", frozenset({"slowmode"})
    )
    text = BASE.replace("actions: [delete,", "actions: [slow, delete,")
    with pytest.raises(ConfigError) as info:
        validate_source(parse_yaml(text, "test.yaml"), registry, env={})
    (problem,) = info.value.problems
    assert str(problem) == (
        "test.yaml:9: communities.demo.rules.insults.actions.0: "
        "matrix cannot do 'slow' (lacks slowmode)"
    )
    discord = text.replace("platform: matrix", "platform: discord")
    validate_source(parse_yaml(discord, "test.yaml"), registry, env={})


def test_bad_override_fails_at_load_with_its_line(make_config):
    text = BASE + (
        "    overrides:\n"
        "      - rooms: [annonces]\n"
        "        rules:\n"
        "          insults: {cooldown: forever}\n"
    )
    (problem,) = problems_of(make_config, text)
    assert problem.startswith("test.yaml:13: communities.demo.overrides.0.rules.insults.cooldown")


def test_overrides_deep_merge(make_config):
    text = BASE + (
        "    overrides:\n"
        "      - rooms: [annonces]\n"
        "        rules:\n"
        "          insults: {enabled: false}\n"
        "      - roles: [trusted]\n"
        "        rules:\n"
        "          insults: {conditions: {exempt_users: [bob]}}\n"
    )
    config = make_config(text)
    assert config.effective_rules("demo", (0,))["insults"].enabled is False
    both = config.effective_rules("demo", (0, 1))["insults"]
    assert both.enabled is False
    assert both.conditions.exempt_users == ["bob"]
    assert list(both.actions)  # actions kept from the base rule


def test_alias_bomb_is_refused(make_config):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    (problem,) = problems_of(make_config, "\n".join(lines))
    assert "alias bomb" in problem


def test_schema_lists_trigger_types(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    text = json.dumps(schema)
    assert "any_message" in text
    assert "words" in text
    assert schema["title"] == "Vigie configuration"


def test_check_config_prints_effective_rules(capsys):
    assert main(["check-config", "config/vigie.example.yaml"]) == 0
    out = capsys.readouterr().out
    assert "community entraide" in out
    assert "- grooming [on] when pack -> delete, report" in out
    assert "- flood [on] when burst, duplicates -> delete, clean, timeout, report" in out
    assert "override 0" in out


def test_plugin_data_errors_fail_at_load_with_the_rules_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE + "      drugs:\n        triggers: [{pack: nosuchpack}]\n")
    assert main(["check-config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:10: communities.demo.rules.drugs: no pack 'nosuchpack'" in err


async def test_a_reload_whose_rules_cannot_be_built_keeps_the_old_rules(registry, make_config):
    from bot.app import build_engine, build_services
    from bot.compiler import RuleCompiler

    config = make_config(BASE)
    services = build_services(config)
    engine = build_engine(config, registry, services)
    broken = make_config(BASE + "      drugs:\n        triggers: [{pack: nosuchpack}]\n")
    with pytest.raises(ConfigError, match="nosuchpack"):
        engine.swap(broken, RuleCompiler(registry, services))
    assert engine.config is config
