import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.events import Attachment, MessageCreated, MessageEdited
from bot.state import MemoryState
from plugins.spam.copies import Copies, CopiesOptions
from plugins.spam.counting import count_emoji, count_links, count_marks
from plugins.spam.flood import Burst, BurstOptions, Duplicates, DuplicatesOptions
from plugins.spam.limits import (
    Attachments,
    AttachmentsOptions,
    Characters,
    CharactersOptions,
    Emoji,
    EmojiOptions,
    Links,
    LinksOptions,
    Mentions,
    MentionsOptions,
    Newlines,
    NewlinesOptions,
    RoleMentions,
    RoleMentionsOptions,
)
from plugins.spam.shape import Caps, CapsOptions, Zalgo, ZalgoOptions
from tests.support.messages import T0, context_of, make_message

ZALGO = "Z̷̧̛̺͓͙̜̞̈́̿̆̍a̸̗̬̿͐l̶̡̧̪̈́g̵̨̜̓o̵̜͌ ̷̢̛c̸̡̛o̴̢̜m̶̧̛e̸̢̛s̸̨̛"
VIETNAMESE = "Tiếng Việt là ngôn ngữ của người Việt, tôi rất thích đọc sách."
FRENCH = "Élève, où êtes-vous ? À l'école, déjà ! Ça coûte très cher, l'hôpital."


class Chat:
    """Post messages straight to one trigger, with a clock and a state store."""

    def __init__(self) -> None:
        self.state = MemoryState()
        self.now = T0
        self.ids = 0

    def message(self, text: str = "", user: str = "alice", room: str = "general", **fields):
        self.ids += 1
        return make_message(
            text,
            community=fields.pop("community", "demo"),
            room=room,
            ts=self.now,
            member=user,
            message_id=fields.pop("message_id", f"m{self.ids}"),
            kind=MessageEdited if fields.pop("edited", False) else MessageCreated,
            **fields,
        )

    async def check(self, trigger, event):
        return await trigger.match(context_of(event, self.state))

    async def say(self, trigger, text: str = "", *, gap: float = 1.0, **fields):
        self.now += timedelta(seconds=gap)
        return await self.check(trigger, self.message(text, **fields))

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def chat():
    return Chat()


# burst


async def test_burst_counts_one_member_across_rooms(chat):
    burst = Burst(BurstOptions(count=3, within=timedelta(seconds=10)))
    assert await chat.say(burst, "a", room="general") is None
    assert await chat.say(burst, "b", room="random") is None
    found = await chat.say(burst, "c", room="general")
    assert found.summary == "3 messages in 10s"
    assert found.signals == ("spam.burst",)
    # Each further flood message fires too, so `delete` can remove it.
    assert (await chat.say(burst, "d", room="random")).summary == "4 messages in 10s"


async def test_burst_takes_the_earlier_messages_of_the_flood_into_its_case(chat):
    burst = Burst(BurstOptions(count=3, within=timedelta(seconds=10)))
    await chat.say(burst, "lol", message_id="a1")
    chat.tick(30)  # out of the window: not part of this flood
    await chat.say(burst, "first\nline \x1f two", message_id="b1")
    await chat.say(burst, "x" * 200, message_id="b2")
    found = await chat.say(burst, "third", message_id="b3")
    assert [(r.message_id, r.excerpt) for r in found.related] == [
        ("b1", "first line two"),
        ("b2", "x" * 60),
    ]
    assert {r.category for r in found.related} == {found.category}


async def test_burst_keeps_members_and_communities_apart(chat):
    burst = Burst(BurstOptions(count=3, within=timedelta(seconds=10)))
    for _ in range(2):
        assert await chat.say(burst, "x", user="alice") is None
        assert await chat.say(burst, "x", user="bob") is None
        assert await chat.say(burst, "x", user="alice", community="other") is None
    assert await chat.say(burst, "x", user="bob") is not None


async def test_burst_window_expires(chat):
    burst = Burst(BurstOptions(count=3, within=timedelta(seconds=10)))
    for _ in range(5):
        assert await chat.say(burst, "slow", gap=6) is None
    await chat.say(burst, "a")
    await chat.say(burst, "b")
    chat.tick(11)
    assert await chat.say(burst, "c") is None


async def test_burst_counts_an_event_once_even_when_two_rules_share_the_trigger(chat):
    burst = Burst(BurstOptions(count=3, within=timedelta(seconds=10)))
    other = Burst(BurstOptions(count=5, within=timedelta(seconds=10)))
    for _ in range(2):
        chat.tick(1)
        event = chat.message("x")
        assert await chat.check(burst, event) is None
        assert await chat.check(burst, event) is None
        assert await chat.check(other, event) is None
    assert await chat.say(burst, "x") is not None


async def test_burst_ignores_edits(chat):
    burst = Burst(BurstOptions(count=2, within=timedelta(seconds=10)))
    await chat.say(burst, "a", message_id="same")
    assert await chat.say(burst, "a!", message_id="same", edited=True) is None


def test_burst_options_shorthand_and_bounds():
    assert BurstOptions.model_validate(5).count == 5
    with pytest.raises(ValidationError):
        BurstOptions(count=1)
    with pytest.raises(ValidationError):
        BurstOptions(within=timedelta(seconds=0))


# duplicates


async def test_duplicates_across_rooms_on_the_normalized_text(chat):
    dup = Duplicates(DuplicatesOptions(count=3, within=timedelta(minutes=1)))
    assert await chat.say(dup, "Free Nitro: discord.gift/abcd", room="general") is None
    assert await chat.say(dup, "FREE  NITRO: discord.gift/abcd", room="random") is None
    found = await chat.say(dup, "free nitro: discord.gift/abcd", room="games")
    assert found.summary == "same message 3 times in 1m in 3 rooms"
    assert found.signals == ("spam.duplicates", "spam.cross_room")


async def test_duplicates_take_the_earlier_copies_into_the_case(chat):
    dup = Duplicates(DuplicatesOptions(count=3, within=timedelta(minutes=1)))
    text = "rejoins mon serveur discord.gg/promo"
    await chat.say(dup, text, message_id="c1")
    await chat.say(dup, "un autre message, pas une copie", message_id="other")
    await chat.say(dup, text.upper(), message_id="c2", room="random")
    found = await chat.say(dup, text, message_id="c3")
    assert [r.message_id for r in found.related] == ["c1", "c2"]
    assert {r.excerpt for r in found.related} == {text}


async def test_duplicates_ignore_short_or_different_texts(chat):
    dup = Duplicates(DuplicatesOptions(count=3, within=timedelta(minutes=1)))
    for _ in range(5):
        assert await chat.say(dup, "ok") is None
    for i in range(5):
        assert await chat.say(dup, f"message number {i} of a long chat") is None


async def test_duplicates_see_through_changed_decoration(chat):
    dup = Duplicates(DuplicatesOptions(count=3, within=timedelta(minutes=1)))
    # (text, fires?) in order: the copies differ only by emoji and punctuation.
    copies = [
        ("🎁 CADEAUX pour tous 👉 cadeaux-serveur.example.fr", False),
        ("🎁🎁 cadeaux pour tous !!! 👉 cadeaux-serveur.example.fr", False),
        ("CADEAUX POUR TOUS 🎁🎁🎁 cadeaux-serveur.example.fr 👈", True),
        # Different words are a different message.
        ("cadeaux pour tous les membres actifs, voir cadeaux-serveur.example.fr", False),
    ]
    for text, fires in copies:
        assert (await chat.say(dup, text) is not None) is fires, text
    # A text of emoji alone is compared as typed: a different count is another message.
    assert await chat.say(dup, "🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥") is None
    assert await chat.say(dup, "🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥") is None
    assert await chat.say(dup, "🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉") is None


async def test_duplicates_per_member_and_expiry(chat):
    dup = Duplicates(DuplicatesOptions(count=2, within=timedelta(minutes=1)))
    text = "rejoins mon serveur discord.gg/promo"
    assert await chat.say(dup, text, user="alice") is None
    assert await chat.say(dup, text, user="bob") is None
    chat.tick(61)
    assert await chat.say(dup, text, user="alice") is None
    found = await chat.say(dup, text, user="alice")
    assert found.summary == "same message 2 times in 1m"


async def test_duplicates_of_the_same_file(chat):
    dup = Duplicates(DuplicatesOptions(count=2, within=timedelta(minutes=1)))
    image = (Attachment(filename="a.png", sha256="ab" * 32),)
    assert await chat.say(dup, "", attachments=image) is None
    assert await chat.say(dup, "", attachments=image, room="random") is not None


# copies by several members

RAID = "🚨 ce serveur est mort, tout le monde chez nous 👉 discord.gg/r41dzone 🚨"


async def test_copies_fire_on_the_third_member_and_name_the_earlier_copies(chat):
    copies = Copies(CopiesOptions(members=3, within=timedelta(minutes=1)))
    assert await chat.say(copies, RAID, user="raider1", room="general") is None
    # Decoration changed, same words: the same message.
    assert await chat.say(copies, RAID.replace("🚨", "‼️"), user="raider2", room="jeux") is None
    found = await chat.say(copies, RAID.upper(), user="raider3", room="general")
    assert found.summary == "same message from 3 members in 1m in 2 rooms"
    assert found.signals == ("spam.copies",)
    assert [r.message_id for r in found.related] == ["m1", "m2"]
    # Every later copy within the window fires too.
    assert await chat.say(copies, RAID, user="raider4") is not None


async def test_copies_by_one_member_are_the_duplicates_trigger_s_job(chat):
    copies = Copies(CopiesOptions(members=3, within=timedelta(minutes=1)))
    for room in ("general", "jeux", "annonces", "aide"):
        assert await chat.say(copies, RAID, user="alice", room=room) is None
    assert await chat.say(copies, RAID, user="bob") is None


async def test_copies_ignore_short_common_replies_and_different_texts(chat):
    copies = Copies(CopiesOptions(members=3, within=timedelta(minutes=1)))
    # Many members congratulate alike: short texts are not compared.
    for user in ("a", "b", "c", "d", "e"):
        assert await chat.say(copies, "Joyeux anniversaire Léa !! 🎂🎉", user=user) is None
        assert await chat.say(copies, "happy birthday mate, have a good one!", user=user) is None
    for i, user in enumerate(("a", "b", "c", "d")):
        text = f"je pense que la mise à jour {i} du jeu a cassé le matchmaking classé"
        assert await chat.say(copies, text, user=user) is None


async def test_copies_window_expires_and_communities_stay_apart(chat):
    copies = Copies(CopiesOptions(members=2, within=timedelta(minutes=1)))
    assert await chat.say(copies, RAID, user="raider1") is None
    chat.tick(61)
    assert await chat.say(copies, RAID, user="raider2") is None
    assert await chat.say(copies, RAID, user="raider3", community="other") is None
    assert await chat.say(copies, RAID, user="raider4") is not None


async def test_copies_of_one_event_seen_by_two_rules_count_once(chat):
    copies = Copies(CopiesOptions(members=2, within=timedelta(minutes=1)))
    first = chat.message(RAID, user="raider1")
    assert await chat.check(copies, first) is None
    assert await chat.check(copies, first) is None
    chat.tick(1)
    assert await chat.say(copies, RAID, user="raider2") is not None


def test_copies_options_shorthand_and_bounds():
    assert CopiesOptions.model_validate(4).members == 4
    with pytest.raises(ValidationError):
        CopiesOptions(members=1)


# mentions


async def test_mentions_per_message(chat):
    mentions = Mentions(MentionsOptions(per_message=5))
    five = tuple(f"u{i}" for i in range(5))
    assert await chat.say(mentions, "hey", mentions=five) is None
    found = await chat.say(mentions, "hey", mentions=(*five, "u5"))
    assert found.summary == "6 mentions in one message"
    assert found.signals == ("spam.mentions",)
    # Pinging one user ten times notifies once, as on Discord.
    assert await chat.say(mentions, "hey", mentions=("u1",) * 10) is None


async def test_mentions_per_window_per_member(chat):
    mentions = Mentions(
        MentionsOptions(per_message=None, per_window=5, within=timedelta(seconds=30))
    )
    three = ("u1", "u2", "u3")
    assert await chat.say(mentions, "a", mentions=three) is None
    assert await chat.say(mentions, "b", mentions=three, user="bob") is None
    assert await chat.say(mentions, "no ping") is None
    found = await chat.say(mentions, "c", mentions=three, room="random")
    assert found.summary == "6 mentions in 30s"
    assert found.signals == ("spam.mentions.window",)
    chat.tick(31)
    assert await chat.say(mentions, "d", mentions=three) is None


def test_limits_need_a_limit():
    with pytest.raises(ValidationError, match="per_message, per_window"):
        MentionsOptions(per_message=None)
    assert MentionsOptions.model_validate(3).per_message == 3


async def test_role_mentions_count_everyone_once(chat):
    roles = RoleMentions(RoleMentionsOptions(per_message=2))
    assert await chat.say(roles, "a", role_mentions=("mods", "mods", "admins")) is None
    found = await chat.say(roles, "b", role_mentions=("mods", "admins"), mentions_everyone=True)
    assert found.summary == "3 role mentions in one message (including @everyone)"
    assert found.signals == ("spam.role_mentions", "spam.everyone")
    strict = RoleMentions(RoleMentionsOptions(per_message=0))
    alone = await chat.say(strict, "@everyone", mentions_everyone=True)
    assert alone.summary == "1 role mention in one message (including @everyone)"


# links, attachments


def test_link_counting():
    assert count_links("voir https://exemple.fr/a?b=1. et www.site.com, discord.gg/abc") == 3
    assert count_links("bit.ly/x t.me/y HTTP://X.COM") == 3
    assert count_links("lis main.py, e.g. fichier.txt etc. Salut.Ça va ?") == 0


async def test_links_per_message_with_spans(chat):
    links = Links(LinksOptions(per_message=2))
    assert await chat.say(links, "https://a.com et b.fr") is None
    text = "https://a.com b.fr www.c.org"
    found = await chat.say(links, text)
    assert found.summary == "3 links in one message"
    assert [s.text for s in found.spans] == ["https://a.com", "b.fr", "www.c.org"]


async def test_links_per_window(chat):
    links = Links(LinksOptions(per_message=None, per_window=3, within=timedelta(minutes=1)))
    assert await chat.say(links, "https://a.com https://b.com") is None
    assert await chat.say(links, "sans lien") is None
    assert (await chat.say(links, "https://c.com https://d.com")).summary == "4 links in 1m"


async def test_attachments(chat):
    files = tuple(Attachment(filename=f"{i}.png") for i in range(6))
    attachments = Attachments(AttachmentsOptions())
    assert await chat.say(attachments, "", attachments=files[:5]) is None
    assert (await chat.say(attachments, "", attachments=files)).summary == (
        "6 attachments in one message"
    )


# emoji


def test_emoji_sequences_count_once():
    assert count_emoji("🏳️‍🌈 👨‍👩‍👧") == 2
    assert count_emoji("👍🏽👍 🇫🇷🇧🇪 1️⃣ 👩🏽‍💻 🏴󠁧󠁢󠁳󠁣󠁴󠁿") == 7
    assert count_emoji("<:pepe:123456789012345678> <a:dance:123456789012345678>") == 2
    assert count_emoji("café, ça va ? 漢字 ★") == 0


async def test_emoji_spam(chat):
    emoji = Emoji(EmojiOptions(per_message=10))
    assert await chat.say(emoji, "🏳️‍🌈👨‍👩‍👧" * 5) is None
    assert (await chat.say(emoji, "🎉" * 11)).summary == "11 emoji in one message"


# newlines, characters


async def test_newlines_code_block_versus_wall(chat):
    newlines = Newlines(NewlinesOptions(per_message=30))
    block = "```py\n" + "\n".join(f"x = {i}" for i in range(3)) + "\n```"
    assert block.count("\n") + 1 == 5
    assert await chat.say(newlines, block) is None
    wall = "\n".join(f"line {i}" for i in range(40))
    found = await chat.say(newlines, wall)
    assert found.summary == "40 lines in one message"


async def test_newlines_blank_run_and_window(chat):
    newlines = Newlines(NewlinesOptions(per_message=30, blank_lines=5))
    assert await chat.say(newlines, "a\n\n\n\n\n\nb") is None  # five blank lines
    found = await chat.say(newlines, "a\n \n\u2800\n\n\n\n\n\nb")
    assert found.summary == "7 blank lines in a row"
    assert found.signals == ("spam.blank_lines",)
    window = Newlines(
        NewlinesOptions(per_message=None, per_window=10, within=timedelta(seconds=10))
    )
    assert await chat.say(window, "a\nb\nc\nd\ne") is None
    assert await chat.say(window, "a\nb\nc\nd\ne") is None
    assert (await chat.say(window, "f")).summary == "11 lines in 10s"


async def test_characters(chat):
    characters = Characters(
        CharactersOptions(per_message=100, per_window=150, within=timedelta(seconds=10))
    )
    assert await chat.say(characters, "x" * 100) is None
    assert (await chat.say(characters, "y" * 60)).summary == "160 characters in 10s"
    assert (await chat.say(characters, "z" * 101, user="bob")).summary == (
        "101 characters in one message"
    )


# caps, zalgo


@pytest.mark.parametrize(
    "text",
    [
        "OK",
        "LOL",
        "JE SUIS TROP CONTENT !",
        "Salut tout le monde, je passe vous dire BONJOUR et à plus tard !",
        "RDV à la SNCF avec la CAF et l'URSSAF pour le RSA demain matin",
    ],
)
async def test_caps_leaves_short_shouts_and_acronyms(chat, text):
    assert await chat.say(Caps(CapsOptions()), text) is None


async def test_caps_fires_on_a_rant(chat):
    found = await chat.say(Caps(CapsOptions()), "ARRÊTEZ DE ME SPAMMER BANDE DE NULS, JE SIGNALE")
    assert found.summary == "100% capitals (38 of 38 letters)"
    half = Caps(CapsOptions(ratio=0.5, min_letters=4))
    assert await chat.say(half, "HELLO world") is not None


async def test_zalgo_fires_on_stacked_marks(chat):
    found = await chat.say(Zalgo(ZalgoOptions()), ZALGO)
    assert found.signals == ("spam.zalgo",)
    assert found.spans[0].text.startswith("Z")
    assert count_marks(ZALGO).longest > 3


@pytest.mark.parametrize(
    "text",
    [
        FRENCH,
        unicodedata.normalize("NFD", FRENCH),
        VIETNAMESE,
        unicodedata.normalize("NFD", VIETNAMESE),
        "❤️ ✌️ 1️⃣ bisous",
        "नमस्ते, आप कैसे हैं? मैं ठीक हूँ।",
    ],
)
async def test_zalgo_leaves_accents_alone(chat, text):
    assert await chat.say(Zalgo(ZalgoOptions()), text) is None


async def test_zalgo_density_without_tall_stacks(chat):
    light = "".join(c + "\u0301\u0316" for c in "bonjour tout le monde")
    assert count_marks(light).longest == 2
    assert await chat.say(Zalgo(ZalgoOptions(ratio=1.5)), light) is not None
    assert await chat.say(Zalgo(ZalgoOptions(ratio=2.5)), light) is None


# the whole path


FLOOD = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      flood:
        triggers: [{burst: {count: 3, within: 10s}}]
        actions: [delete, report]
      mass-mentions:
        triggers: [{mentions: 4}, {role_mentions: 1}]
        actions: [delete, report]
"""


async def test_flood_rule_deletes_and_reports_through_the_bot(testbot):
    bot = await testbot(FLOOD)
    assert not (await bot.say("un", room="general"))[0].hits
    assert not (await bot.say("deux", room="random"))[0].hits
    plan, outcome = await bot.say("trois", room="general")
    assert [h.match.summary for h in plan.hits] == ["3 messages in 10s"]
    assert bot.pop_kinds() == ["delete", "report"]
    assert outcome.case_number == 1
    bot.tick(20)
    assert not (await bot.say("calme", room="general"))[0].hits


async def test_mention_rule_through_the_bot(testbot):
    bot = await testbot(FLOOD)
    event = make_message(
        "@a @b @c @d @e",
        community="demo",
        room="general",
        ts=bot.tick(60),
        member="mallory",
        message_id="x1",
        mentions=("a", "b", "c", "d", "e"),
    )
    plan, _ = await bot.bot.handle(event)
    assert [h.match.summary for h in plan.hits] == ["5 mentions in one message"]
    assert bot.pop_kinds() == ["delete", "report"]


def test_bad_options_name_the_line(make_config):
    from bot.config import ConfigError

    bad = FLOOD.replace("{mentions: 4}", "{mentions: {per_message: null}}")
    with pytest.raises(ConfigError, match=r"test.yaml:11: .*mass-mentions\.triggers\.0\.mentions"):
        make_config(bad)


# The spam pack: advertising wording, with and without a way to buy.
@pytest.mark.parametrize(
    "text",
    [
        "check out my onlyfans link in bio 😘😘",
        "Promo -70% sur toutes les sneakers, livraison gratuite, commande sur "
        "www.sneakers-discount-shop.com",
        "vente de comptes fortnite pas cher, plein de skins, dm pour la liste",
        "Hey! Check out my new mixtape on soundcloud, link in my profile, share plz!!!",
        "🎵 nouveau son dispo sur spotify, streamez en masse svp 🎵 open.spotify.com/track/abc",
        "Nouvelle collection dispo 👗 -50% ce week-end seulement sur maboutique-mode.fr",
        "allez follow mon insta stp @mode.lea, je follow back",
    ],
)
async def test_spam_pack_catches_adverts(spam_ads, text):
    match = await spam_ads.say(text)
    assert match is not None, text
    assert str(match.category) == "spam"


@pytest.mark.parametrize(
    "text",
    [
        "i'm the plug for cheap keyboards btw, got a mechanical one for 30 bucks on sale",
        "je vends mes anciens jeux ps4, 10€ pièce, dm si intéressé",
        "cette série sur netflix est trop bien, je recommande",
        "who's streaming tonight?",
    ],
)
async def test_spam_pack_leaves_members_talking_alone(spam_ads, text):
    assert await spam_ads.say(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "utilisez mon code parrainage LEA20 pour avoir 10€ offerts sur l'appli 🙏",
        "use my referral link to get $5 free: app.example.com/ref/jake",
        "votez pour mon serveur sur top-serveurs.net chaque jour svp !!",
        "check my profile for exclusive content 😉🔞",
    ],
)
async def test_spam_pack_catches_referrals_and_votes(spam_ads, text):
    assert await spam_ads.say(text) is not None, text


# Broadcast ads of other kinds: a coveted thing given away or earnings promised with a link,
# sold game services, links spelled out, follow swaps.
@pytest.mark.parametrize(
    "text",
    [
        "🎁 Free Robux for every new member → robux-party.example.org",
        "handing out steam keys to the first 10 who visit gamekeys.example.xyz",
        "Gagnez 250€/semaine depuis chez vous, infos sur job-maison.example.fr",
        "💸 earn $400 a day with my method, details at quickcash.example.io",
        "Valorant rank boosting, any rank, cheap and fast, dm me",
        "Boost de compte LoL pas cher, tous les rangs, 7j/7, mp",
        "selling fortnite accounts with og skins, dm for prices",
        "best deals at shoppy dot com, cheapest on the market",
        "visitez mabijouterie point fr, prix imbattables",
        "sub4sub anyone? drop your channel below",
        "abo contre abo, je m'abonne en retour 🙏",
        "Giving away 3 nitro codes to my followers, link in bio",
        "💰 Gagnez 300€/jour avec le trading, contactez-moi sur telegram @argent_rapide",
    ],
)
async def test_spam_pack_catches_bait_ads_services_and_swaps(spam_ads, text):
    match = await spam_ads.say(text)
    assert match is not None, text
    assert str(match.category) == "spam"


@pytest.mark.parametrize(
    "text",
    [
        "my cousin is boosting in ranked and got banned lol",
        "is boosting against the rules here?",
        "the cheapest train is on sncf-connect.com",
        "there's a free tool for that, try regex101.com",
        "feel free to check the wiki at wiki.example.org",
        "I made $200 a day during the summer delivering pizza lol",
        "je follow back les gens que je connais irl",
        "le moins cher du marché c'est pas forcément le meilleur",
        "they're giving away free skins in the official event this weekend",
        "anyone selling a cheap graphics card? dm me",
        "ajoute-moi sur insta @lea.mode si tu veux les photos du match",
    ],
)
async def test_spam_pack_twins_stay_quiet(spam_ads, text):
    assert await spam_ads.say(text) is None


async def test_a_promoter_begging_again_is_still_advertising(spam_thread):
    ad = "Abonnez-vous à ma chaîne, nouvelle vidéo chaque jour youtube.com/@lea_cuisine"
    assert await spam_thread.say(ad, user="lea") is not None
    again = await spam_thread.say("abonnez vous svp 🙏🙏", user="lea")
    assert again is not None
    assert "spam.recent_promo" in again.signals
    assert await spam_thread.say("abonnez vous svp 🙏🙏", user="tom") is None


async def test_answering_an_ad_is_not_advertising(spam_thread):
    assert await spam_thread.say(
        "rejoignez mon serveur, giveaway ce soir discord.gg/fete", user="max"
    )
    assert await spam_thread.say("ton serveur il est gratuit ?", user="zoe") is None
    assert await spam_thread.say("c'est quoi le giveaway sur ton serveur ?", user="ana") is None


def _example_burst() -> BurstOptions:
    example = Path(__file__).parents[2] / "config" / "vigie.example.yaml"
    with example.open(encoding="utf-8") as f:
        rules = yaml.safe_load(f)["communities"]["entraide"]["rules"]
    (burst,) = [t["burst"] for t in rules["flood"]["triggers"] if "burst" in t]
    return BurstOptions(**burst)


async def test_example_flood_rule_catches_a_paced_flood(chat):
    # A bot that waits four seconds between messages dodges a 5-in-10s limit.
    trigger = Burst(_example_burst())
    fired = [await chat.say(trigger, f"promo {i}", gap=4) is not None for i in range(8)]
    assert fired == [False] * 5 + [True] * 3


async def test_example_flood_rule_spares_a_lively_chat(chat):
    trigger = Burst(_example_burst())
    fired = [await chat.say(trigger, f"ligne {i}", gap=7) for i in range(12)]
    assert fired == [None] * 12


def _fullwidth(text: str) -> str:
    """Return `text` in fullwidth letters, as evaders type invites."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


# Classes learnt from chat written by other hands: one (text, fires?) table per class,
# each advert beside an ordinary message that shares its words.
# Links: invites however spaced or disguised, game-server addresses, any link with a path.
LINKS = [
    ("serveur rp ouvert ce soir, rejoignez-nous sur disc.gg/ville-nocturne", True),
    ("join our raid team 👉 " + _fullwidth("discord.gg/") + "raidnight", True),
    ("nouveau serveur survie, venez nombreux : play.craftvallee.net", True),
    ("le cours est sur moodle.univ-exemple.fr/cours/42, lisez-le avant jeudi", False),
    ("join the voice channel when you're ready", False),
    ("le serveur de jeu a planté hier soir, encore", False),
]
# Fake engagement sold by the thousand.
ENGAGEMENT = [
    ("5000 followers Insta pour 15€, livraison en 2h, dm", True),
    ("buy 1k live viewers for your twitch, $8 only", True),
    ("j'ai atteint 5000 followers hier, merci à tous 🥹", False),
    ("my stream hit 1k viewers last night, insane", False),
]
# Cheats, boosts, essays and account recovery sold in the room.
GOODS = [
    ("triggerbot + ESP indétectable pour Apex, 25€/mois, mp", True),
    ("rank boost from 4€ per win, any region, dm me", True),
    ("I do your coursework, grade guaranteed or money back, dm", True),
    ("qqn a un conseil contre les cheaters ? trop de wallhack en ranked", False),
    ("he got banned for using an aimbot lol", False),
    ("besoin d'aide pour mes devoirs de maths, qqn dispo ?", False),
]
# Chain letters: copy it everywhere or lose your account; a moderator debunking one.
CHAINS = [
    ("Partagez ce message dans tous vos serveurs sinon votre compte sera désactivé !!", True),
    ("copy this message to all your servers or your account will be deleted", True),
    ("c'est un canular, ne copiez pas ce message dans tous vos serveurs", False),
    ("can you copy this message into the rules channel? thx", False),
]
# Paid adult content promoted with a way to reach it.
ADULT = [
    ("🔞 mon snap premium est ouvert, contenus exclusifs chaque soir, lien en bio", True),
    ("private snap open 🔞 spicy content daily, link in bio", True),
    ("she said her onlyfans pays her rent, wild", False),
    ("le film est 🔞 donc pas pour les petits", False),
]
# Gains promised (a stake multiplied, so much a day from home) with a contact or a link.
GAINS = [
    ("travail à domicile, 300€ par jour sans expérience, écris-moi", True),
    ("grow $200 into $2000 in a week with my signals, dm me", True),
    ("envoie 50 usdt et tu reçois le double en 24h, écris moi sur telegram", True),
    ("mon cousin bosse à domicile, il gagne bien sa vie", False),
    ("remote job at 500 a week from home? sounds like a scam, be careful", False),
]
# A deadline backs an advert but is no advert alone; a moderator removing spam is none.
DEADLINES = [
    ("dernière chance 🎁 nitro gratuit pour les 50 premiers 👉 nitro-fete.example.com/get", True),
    ("dernière chance pour s'inscrire au tournoi, le règlement est dans #annonces", False),
    ("spammer removed, don't click the free nitro links they posted", False),
    ("ce salon sert aux giveaways du serveur uniquement, spammeur banni", False),
    ("Plombier, dépannage 7j/7, devis gratuit, contact@plomberie-exemple.fr", False),
]


@pytest.mark.parametrize(
    ("text", "fires"), LINKS + ENGAGEMENT + GOODS + CHAINS + ADULT + GAINS + DEADLINES
)
async def test_spam_pack_classes_and_their_twins(spam_ads, text, fires):
    match = await spam_ads.say(text)
    assert (match is not None) is fires, text
    if fires:
        assert str(match.category) == "spam"
