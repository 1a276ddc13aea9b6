"""Build configs for the learned plugin's tests."""

from pathlib import Path


def learned_config(examples: Path, cache: Path, rules: str) -> str:
    """Return a one-community config learning from `examples`, with these rules (YAML)."""
    body = "".join(f"      {line}\n" for line in rules.strip("\n").splitlines())
    return f"""
examples_dir: "{examples}"
cache_dir: "{cache}"
communities:
  demo:
    platform: matrix
    mod_channel: "#mods"
    rules:
{body}"""
