import sys
import textwrap

import pytest

from bot.registry import NoOptions, PluginError, Registry, load_plugins
from bot.rules import Trigger


def test_bundled_plugins_register_the_simplest_triggers_and_core_actions():
    registry = load_plugins(entry_points_too=False)
    assert "basic" in registry.plugins
    assert {"any_message", "words"} <= set(registry.triggers)
    assert {"delete", "warn", "timeout", "kick", "ban", "report"} <= set(registry.actions)
    assert registry.actions["ban"].requires == frozenset({"ban"})


def _no_trigger(_options: object, _services: object) -> Trigger:
    raise AssertionError("registering a type never builds a trigger")


def test_registering_a_name_twice_is_an_error():
    registry = Registry()
    registry.add_trigger("x", NoOptions, _no_trigger, "x")
    with pytest.raises(PluginError, match="second time"):
        registry.add_trigger("x", NoOptions, _no_trigger, "x")


def test_entry_point_plugins_are_loaded(tmp_path, monkeypatch):
    # A real distribution on sys.path, found through importlib.metadata like any installed one.
    package = tmp_path / "vigie_extra"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent("""\
            from bot.registry import NoOptions

            def setup(registry):
                registry.add_action("shout", NoOptions, lambda _o: [], "Shout.")
            """)
    )
    info = tmp_path / "vigie_extra-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: vigie-extra\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[vigie.plugins]\nextra = vigie_extra\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = load_plugins()
    assert "extra" in registry.plugins
    assert registry.actions["shout"].plugin == "extra"
    sys.modules.pop("vigie_extra", None)
