"""The pack engine: file format, loading errors, scoring, combinations, the trigger, the bot."""

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.categories import Severity
from bot.clock import ManualClock
from bot.config import BUNDLED_PACKS, ROOT
from bot.registry import Services
from bot.state import MemoryState
from bot.text import normalize
from plugins.packs.checks import iban, luhn, phone
from plugins.packs.library import PackLibrary
from plugins.packs.pack import PackError
from plugins.packs.trigger import PackOptions, PackTrigger
from tests.support.messages import context_of, make_message

T0 = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)

FRUIT_FR = """
pack: fruit
category: drugs
language: fr
severity: medium
groups:
  product:
    weight: 1.0
    terms: [mangue, "papay*", {term: pomme, weight: 0.5}, {term: poire, weight: 0.5}]
    emoji: ["🥭"]
    allow: [pomme de terre]
  price:
    terms: [pas cher]
    regex:
      - {pattern: '\\b\\d+ ?(?:€|eur)', needs: digit}
  phone:
    regex:
      - {pattern: '(?:\\+33|0)[1-9](?:[ .]?\\d{2}){4}', check: phone, on: raw, needs: digit}
  warning:
    weight: -2.0
    terms: [interdit]
  hidden:
    context: evasion
    weight: 0.5
allow: [mangue verte]
combine:
  - name: sale
    need: ["product >= 0.8", "price | phone"]
    severity: high
  - name: weak_sale
    need: ["product", "price", "phone"]
    score: 2.5
"""
FRUIT_EN = """
pack: fruit
category: drugs
language: en
groups:
  product:
    weight: 1.0
    terms: [mango]
  price:
    terms: [cheap]
combine:
  - name: sale_en
    need: ["product", "price"]
"""


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    write(tmp_path, "fruit.fr.yaml", FRUIT_FR)
    write(tmp_path, "fruit.en.yaml", FRUIT_EN)
    return tmp_path


def services(folder: Path) -> Services:
    return Services(
        state=MemoryState(),
        clock=ManualClock(T0),
        logger=logging.getLogger("test"),
        packs_dir=folder,
    )


async def check(
    trigger: PackTrigger, text: str, state: MemoryState | None = None, member: str = "alice"
):
    return await trigger.match(context_of(make_message(text, member=member), state))


def trigger(folder: Path, **options) -> PackTrigger:
    return PackTrigger(PackOptions(name="fruit", **options), services(folder))


async def test_a_combination_needs_distinct_groups(packs):
    fruit = trigger(packs)
    assert await check(fruit, "mangue") is None
    # Another member: the same one would continue a run of short messages.
    assert await check(fruit, "pas cher", member="bob") is None
    match = await check(fruit, "mangue pas cher")
    assert match is not None
    assert match.severity is Severity.HIGH
    assert match.signals == ("fruit.product", "fruit.price", "fruit.combo.sale")
    assert match.summary == "sale: product + price (score 2.0)"


async def test_languages_are_merged_into_one_pack(packs):
    fruit = trigger(packs)
    assert await check(fruit, "mango pas cher") is not None
    only_en = trigger(packs, languages=["en"])
    assert await check(only_en, "mangue pas cher") is None
    assert await check(only_en, "mango cheap") is not None


async def test_weak_items_add_up_and_strong_alternatives_need_their_weight(packs):
    fruit = trigger(packs)
    assert await check(fruit, "pomme 5€") is None  # 0.5 is below "product >= 0.8"
    assert await check(fruit, "pomme et poire 5€") is not None  # two weak words make 1.0


async def test_allow_lists_stop_words_inside_them(packs):
    fruit = trigger(packs)
    assert await check(fruit, "pomme de terre et poire, 5€") is None  # group allow-list
    assert await check(fruit, "mangue verte 5€") is None  # pack allow-list
    assert await check(fruit, "mangue 5€") is not None


@pytest.mark.parametrize(
    "text",
    ["@mangue_pas_cher salut", "salut @la_mangue, 5€ le ticket", "merci @Mangue.Verte pas cher"],
)
async def test_words_inside_an_at_handle_are_a_name_not_content(packs, text):
    assert await check(trigger(packs), text) is None


@pytest.mark.parametrize(
    "text", ["mangue@example.org pas cher", "salut @ali, mangue pas cher", "@ali: mangue 5€"]
)
async def test_words_beside_a_handle_or_in_an_email_still_count(packs, text):
    assert await check(trigger(packs), text) is not None


async def test_wildcards_emoji_and_evasion(packs):
    fruit = trigger(packs)
    assert await check(fruit, "papayes pas cher") is not None
    assert await check(fruit, "vends🥭pas cher") is not None  # emoji glued to words
    match = await check(fruit, "m\u0430ngue 5€")  # Cyrillic a
    assert match is not None
    assert "fruit.hidden" in match.signals


async def test_negative_groups_lower_the_score(packs):
    assert await check(trigger(packs), "mangue 5€, c'est interdit") is None


async def test_regex_check_validates_the_match(packs):
    # Each in a fresh memory: right after a match, its author going on is in the deal.
    assert await check(trigger(packs), "mangue, appelle le 06 12 34 56 78") is not None
    assert await check(trigger(packs), "mangue, code 00 00 00 00 00") is None


async def test_threshold_and_severity_options(packs):
    strict = trigger(packs, threshold=3.0, severity="critical")
    assert await check(strict, "mangue 5€") is None
    match = await check(strict, "mangue 5€ pas cher, 06 12 34 56 78")
    assert match is not None
    assert match.severity is Severity.CRITICAL


async def test_spans_are_raw_offsets(packs):
    text = "Vends  M.A.N.G.U.E  à 5 €"
    match = await check(trigger(packs), text)
    assert match is not None
    assert {text[s.start : s.end] for s in match.spans} >= {"M.A.N.G.U.E"}
    assert all(s.text == text[s.start : s.end] for s in match.spans)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (FRUIT_FR.replace("severity: medium", "severty: medium"), "severty"),
        (FRUIT_FR.replace("check: phone", "check: telephone"), "unknown check"),
        (FRUIT_FR.replace("context: evasion", "context: moon"), "unknown context"),
        (FRUIT_FR.replace("terms: [interdit]", "terms: []"), "needs terms"),
        (FRUIT_FR.replace("language: fr", "language: de"), "differs from the file name"),
        (FRUIT_FR.replace('"price | phone"', '"price | colour"'), "unknown group"),
        (FRUIT_FR.replace("(?:€|eur)", "(?:€|eur"), "pattern"),
    ],
)
def test_errors_name_the_file_and_the_problem(tmp_path, text, message):
    write(tmp_path, "fruit.fr.yaml", text)
    with pytest.raises(PackError, match=message) as info:
        PackLibrary(tmp_path).get("fruit").text_hits(normalize("mangue"))
    assert "fruit" in str(info.value)


def test_errors_give_the_line(tmp_path):
    write(tmp_path, "fruit.fr.yaml", FRUIT_FR.replace("weight: -2.0", "weight: lots"))
    with pytest.raises(PackError, match=r"fruit\.fr\.yaml:\d+: groups\.warning\.weight"):
        PackLibrary(tmp_path).get("fruit")


def test_combinations_must_agree_between_files(tmp_path):
    write(tmp_path, "fruit.fr.yaml", FRUIT_FR)
    changed = FRUIT_EN.replace("name: sale_en", "name: sale")
    write(tmp_path, "fruit.en.yaml", changed)
    with pytest.raises(PackError, match="differs between files"):
        PackLibrary(tmp_path).get("fruit")


def test_a_missing_pack_lists_the_known_ones(packs):
    with pytest.raises(PackError, match=r"no pack 'veg'.*fruit"):
        PackLibrary(packs).get("veg")


async def test_one_scanner_serves_every_pack(packs):
    write(packs, "veg.fr.yaml", FRUIT_EN.replace("pack: fruit", "pack: veg").replace("en", "fr"))
    library = PackLibrary(packs)
    fruit, veg = library.get("fruit"), library.get("veg")
    view = normalize("mango cheap")
    assert fruit.text_hits(view)
    assert veg.text_hits(view)
    assert fruit.text_hits(view) is not veg.text_hits(view)
    assert library.scanner is fruit._scanner is veg._scanner


def test_validators():
    assert phone("06 12 34 56 78")
    assert phone("+44 20 7946 0018")
    assert not phone("00 00 00 00 00")
    assert iban("FR14 2004 1010 0505 0001 3M02 606")
    assert not iban("FR14 2004 1010 0505 0001 3M02 607")
    assert luhn("4539 1488 0343 6467")
    assert not luhn("4539 1488 0343 6468")


def test_every_bundled_pack_of_ours_loads():
    library = PackLibrary(BUNDLED_PACKS)
    for name in ("child_safety", "luring", "sexual_services", "drugs"):
        pack = library.get(name)
        assert set(pack.languages) == {"fr", "en"}
        assert pack.text_hits(normalize("rien à voir")) == []
    assert library.minor_rules()


def test_the_example_config_uses_the_packs(make_config):
    text = (ROOT / "config" / "harm-rules.example.yaml").read_text(encoding="utf-8")
    config = make_config(text, env={"VIGIE_MATRIX_TOKEN": "test"})
    rules = next(iter(config.communities.values())).rules
    assert {"drug-sales", "sexual-services", "luring", "grooming"} <= set(rules)


def test_the_plugin_registers_the_trigger_and_the_observer(registry):
    assert "pack" in registry.triggers
    assert "packs" in registry.observers


async def test_through_the_bot_an_offer_is_deleted_and_reported(testbot):
    bot = await testbot(
        """
communities:
  c:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      drugs: {triggers: [{pack: drugs}], actions: [delete, report]}
"""
    )
    plan, _ = await bot.say("beuh dispo 10€ le g, livraison 7j/7, snap: le.plug")
    assert [h.rule for h in plan.hits] == ["drugs"]
    assert "delete" in bot.pop_kinds()
    plan, _ = await bot.say("il neige ❄️❄️ les petits sont ravis", user="bob")
    assert not plan.hits


SHORT_FR = """
pack: short
category: drugs
language: fr
groups:
  product:
    terms: [mangue, {term: pomme, weight: 0.5}]
  price:
    terms: [pas cher]
  tiny:
    weight: 0.5
    terms: [vite]
  extra:
    weight: 0.5
    terms: [livraison]
  warning:
    weight: -0.5
    terms: [attention]
combine:
  - name: sale
    need: ["product", "price"]
    score: 2.5
  - name: quick
    need: ["product", "tiny"]
"""
SHORT_EN = SHORT_FR.replace("language: fr", "language: en").replace("[mangue", "[mango")


@pytest.mark.parametrize("text", ["mangue pas cher", "mango pas cher"])
async def test_a_combination_holds_on_the_strong_groups_it_names(tmp_path, text):
    write(tmp_path, "short.fr.yaml", SHORT_FR)
    write(tmp_path, "short.en.yaml", SHORT_EN)
    short = PackTrigger(PackOptions(name="short"), services(tmp_path))
    # Two strong signals (1.0 + 1.0) hold `sale` (score 2.5) without the optional `extra`.
    match = await check(short, text)
    assert match is not None
    assert match.signals[-1] == "short.combo.sale"


@pytest.mark.parametrize(
    "text",
    [
        "pomme pas cher",  # an ambiguous product is not a strong signal
        "mangue vite",  # a weak group (0.5) is evidence only with more
        "mangue pas cher, attention",  # counter-evidence
    ],
)
async def test_weak_or_countered_signals_still_need_the_score(tmp_path, text):
    write(tmp_path, "short.fr.yaml", SHORT_FR)
    short = PackTrigger(PackOptions(name="short"), services(tmp_path))
    assert await check(short, text) is None


async def test_a_threshold_is_never_lowered_by_strong_signals(tmp_path):
    write(tmp_path, "short.fr.yaml", SHORT_FR)
    strict = PackTrigger(PackOptions(name="short", threshold=2.5), services(tmp_path))
    assert await check(strict, "mangue pas cher") is None
    assert await check(strict, "mangue pas cher, livraison") is not None


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ('"{term: pomme, weight: 0.5}"', "groups.product.terms"),
        ("\"{pattern: '\\\\d+ ?€'}\"", "groups.product.terms"),
    ],
)
def test_a_quoted_mapping_item_is_refused_with_its_line(tmp_path, item, where):
    text = FRUIT_FR.replace("{term: pomme, weight: 0.5}", item)
    write(tmp_path, "fruit.fr.yaml", text)
    with pytest.raises(PackError, match=r"fruit\.fr\.yaml:\d+: " + where + r".*quoted string"):
        PackLibrary(tmp_path).get("fruit", ("fr",))


def test_a_quoted_pattern_under_regex_is_refused(tmp_path):
    text = FRUIT_FR.replace(
        "terms: [interdit]", "terms: [interdit]\n    regex: [\"{pattern: 'x'}\"]"
    )
    write(tmp_path, "fruit.fr.yaml", text)
    with pytest.raises(PackError, match=r"groups\.warning\.regex.*quoted string"):
        PackLibrary(tmp_path).get("fruit", ("fr",))


CONVERSATION = "conversation:\n  thread: 15m\n  reply_score: {score}\n"


def test_conversation_blocks_of_one_pack_must_agree(tmp_path):
    french = FRUIT_FR + CONVERSATION.format(score=0.6)
    write(tmp_path, "fruit.en.yaml", FRUIT_EN + CONVERSATION.format(score=0.9))
    write(tmp_path, "fruit.fr.yaml", french)
    line = french.splitlines().index("  reply_score: 0.6") + 1
    # The files are read in language order: the French one disagrees with the English one.
    expected = rf"fruit\.fr\.yaml:{line}: conversation\.reply_score: 0\.6 differs from 0\.9 in .*en"
    with pytest.raises(PackError, match=expected):
        PackLibrary(tmp_path).get("fruit")


def test_one_conversation_block_serves_the_whole_pack(tmp_path):
    write(tmp_path, "fruit.fr.yaml", FRUIT_FR)
    write(tmp_path, "fruit.en.yaml", FRUIT_EN + CONVERSATION.format(score=0.9))
    assert PackLibrary(tmp_path).get("fruit").conversation.reply_score == 0.9
    write(tmp_path, "fruit.fr.yaml", FRUIT_FR + CONVERSATION.format(score=0.9))
    assert PackLibrary(tmp_path).get("fruit").conversation.reply_score == 0.9
