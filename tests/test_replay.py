import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.events import MemberJoined, MessageCreated
from bot.replay import ReplayError, parse_events

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus/dev is absent")


def test_parse_join_and_message():
    lines = [
        '{"type":"join","ts":"2026-03-01T18:00:00Z","room":"g","user":"lina",'
        '"display_name":"Lina","account_created":"2026-02-20T10:00:00Z"}',
        '{"type":"message","id":"m-1","ts":"2026-03-01T18:00:05Z","room":"g","user":"lina",'
        '"text":"salut"}',
    ]
    join, message = parse_events(lines, "c")
    assert isinstance(join, MemberJoined)
    assert join.member.account_created is not None
    assert join.member.account_created.year == 2026
    assert isinstance(message, MessageCreated)
    assert (message.message_id, message.text, message.community) == ("m-1", "salut", "c")


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        ("{not json", "s.jsonl:1:"),
        ('{"type":"message","ts":"2026-03-01T18:00:05Z","room":"g","user":"x"}', "missing field"),
        ('{"type":"join","ts":"yesterday","room":"g","user":"x"}', "ISO 8601"),
        ("[1, 2]", "JSON object"),
    ],
)
def test_malformed_lines_are_named(line, detail):
    with pytest.raises(ReplayError, match=detail):
        list(parse_events([line], "c", "s.jsonl"))


WORDS_CONFIG = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      insults:
        triggers: [{words: {terms: [connard, ta gueule], category: hate_harassment}}]
        actions: [delete, warn, report]
"""


def _stream(path: Path, *said: tuple[str, str, str]) -> Path:
    """Write messages (id, user, text) one second apart as a replay stream."""
    lines = [
        json.dumps(
            {"type": "message", "id": mid, "ts": f"2026-03-01T18:00:{5 + i:02d}Z", "room": "g",
             "user": user, "text": text}
        )
        for i, (mid, user, text) in enumerate(said)
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


def test_scan_prints_one_line_per_triggered_message(tmp_path, capsys):
    config = tmp_path / "vigie.yaml"
    config.write_text(WORDS_CONFIG)
    stream = _stream(
        tmp_path / "s.jsonl", ("a", "x", "bonjour"), ("b", "x", "ta g.u.e.u.l.e connard")
    )
    assert main(["scan", str(stream), "--config", str(config)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line) == {
        "id": "b",
        "rules": ["insults"],
        "categories": ["hate_harassment"],
        "actions": ["delete", "warn", "report"],
    }


@needs_corpus
def test_evaluate_on_the_dev_corpus_prints_figures(capsys):
    code = main(["evaluate", str(CORPUS / "events.jsonl"), str(CORPUS / "labels.jsonl"), "--json"])
    assert code == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) >= {"categories", "benign_fp_rate", "micro"}
    assert figures["messages"] == 361
    assert set(figures["categories"]) >= {"drugs", "child_safety", "luring", "scam"}


def test_evaluate_errors_name_missed_and_extra_categories_with_the_text(tmp_path, capsys):
    config = tmp_path / "vigie.yaml"
    config.write_text(WORDS_CONFIG)
    stream = _stream(
        tmp_path / "events.jsonl",
        ("a", "x", "bonjour"),
        ("b", "x", "connard"),
        ("c", "x", "achete ma beuh"),
    )
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        '{"id":"a","labels":[]}\n{"id":"b","labels":["spam"]}\n{"id":"c","labels":["drugs"]}\n'
    )
    assert main(["evaluate", str(stream), str(labels), "--config", str(config), "--errors"]) == 0
    out = capsys.readouterr().out
    assert "2 messages with a mistake:" in out
    assert "b missed=spam extra=hate_harassment rules=insults  'connard'" in out
    assert "c missed=drugs  'achete ma beuh'" in out
    assert "\na " not in out


def test_evaluate_by_rule_tallies_each_rule_without_any_text(tmp_path, capsys):
    config = tmp_path / "vigie.yaml"
    config.write_text(WORDS_CONFIG)
    stream = _stream(
        tmp_path / "events.jsonl", ("a", "x", "quel connard"), ("b", "y", "connard va")
    )
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id":"a","labels":[]}\n{"id":"b","labels":["hate_harassment"]}\n')
    args = ["evaluate", str(stream), str(labels), "--config", str(config), "--by-rule"]
    assert main(args) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("insults "))
    assert row.split()[1:] == ["2", "1", "1", "0", "0.500"]
    assert "connard" not in out
    assert main([*args, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["rules"]["insults"]["benign"] == 1


def test_explain_shows_raw_and_normalized_spans(tmp_path, capsys):
    config = tmp_path / "vigie.yaml"
    config.write_text(WORDS_CONFIG)
    assert main(["explain", "quel c o n n a r d", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "rule insults" in out
    assert "raw span" in out
    assert "'c o n n a r d'" in out


def test_explain_shows_a_match_held_back_and_what_held_it(tmp_path, capsys):
    config = tmp_path / "vigie.yaml"
    config.write_text(
        WORDS_CONFIG.replace(
            "        actions: [delete, warn, report]",
            "        unless: [{words: [citation]}]\n        actions: [delete, warn, report]",
        )
    )
    assert main(["explain", "citation du film : connard", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "rule insults (held back)" in out
    assert "held back by: listed word: citation" in out
    assert "plan: nothing" in out


def test_explain_shows_what_rules_that_did_not_fire_saw(tmp_path, capsys):
    config = tmp_path / "vigie.yaml"
    config.write_text(
        WORDS_CONFIG
        + "      promotion:\n"
        + "        triggers: [{pack: spam}]\n"
        + "        actions: [delete, report]\n"
    )
    # A chain letter the spam pack's warning words ("account banned") hold back.
    text = "forward this to everyone you know or your account banned, he's a hacker"
    assert main(["explain", text, "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "no rule fires." in out
    seen = out.split("seen by rules that did not fire:\n", 1)[1].splitlines()
    assert seen == [
        "  promotion: pack spam: chain +1.0 ('forward this to everyone', "
        "'or your account banned', \"he's a hacker\"); "
        "warning -2.0 ('account banned'); words alone -1.0"
    ]
    # A rule that fired is shown as before, and not again among those that did not.
    assert main(["explain", "connard, forward this to everyone", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "rule insults" in out
    assert "  promotion: pack spam: chain +0.6" in out
    assert "insults:" not in out.split("seen by rules that did not fire:", 1)[1]


def test_demo_runs(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "FLAG" in out
    assert "report(s) posted" in out
