"""The child_safety pack: grooming aimed at declared minors, seeking minors, trading material.

The conversations and sentences are written for these tests, not taken from the dev corpus.
"""

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import build_engine, build_services
from bot.events import Member, MemberJoined, MessageCreated, ProfileChanged
from plugins.packs.library import SERVICE_KEY

CONFIG = """
communities:
  c:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      grooming: {triggers: [{pack: child_safety}], actions: [report]}
      luring: {triggers: [{pack: luring}], actions: [report]}
"""
T0 = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


class Chat:
    """Drive one engine: members join and talk; the categories flagged come back."""

    def __init__(self, engine):
        self.engine = engine
        self.now = T0
        self.ids = 0
        self.last = None

    def _tick(self, seconds):
        self.now += timedelta(seconds=seconds)
        return self.now

    async def join(self, user, name=None, room="ados", seconds=5):
        member = Member(id=user, display_name=name)
        await self.engine.handle(
            MemberJoined(community="c", room=room, ts=self._tick(seconds), member=member)
        )

    async def rename(self, user, name, room="ados"):
        member = Member(id=user, display_name=name)
        await self.engine.handle(
            ProfileChanged(community="c", room=room, ts=self._tick(5), member=member)
        )

    async def say(self, user, text, room="ados", seconds=40, **fields):
        self.ids += 1
        event = MessageCreated(
            community="c",
            room=room,
            ts=self._tick(seconds),
            member=Member(id=user),
            message_id=f"m{self.ids}",
            text=text,
            **fields,
        )
        plan = await self.engine.handle(event)
        self.last = plan.hits
        return {str(h.match.category) for h in plan.hits}

    def signals(self):
        return {s for h in self.last for s in h.match.signals}


@pytest.fixture
def chat(make_config, registry, library):
    config = make_config(CONFIG)
    services = build_services(config)
    services.extra[SERVICE_KEY] = library
    return Chat(build_engine(config, registry, services))


async def test_fr_adult_probing_a_declared_minor_is_flagged_the_minor_never(chat):
    await chat.join("ines_k", "Inès 🎨")
    await chat.join("grand_fred", "Fred")
    assert (
        await chat.say("ines_k", "coucou, moi c'est Inès, j'ai 12 ans et j'adore dessiner") == set()
    )
    assert "child_safety" in await chat.say("grand_fred", "salut inès, t'as quel âge déjà ?")
    assert "child_safety.at_minor" in chat.signals()
    assert await chat.say("ines_k", "12 ans pourquoi ?") == set()
    assert "child_safety" in await chat.say("grand_fred", "t'es trop mature, on passe sur snap ?")
    assert await chat.say("ines_k", "non je donne pas mon snap, ma mère veut pas") == set()
    flagged = await chat.say("grand_fred", "dis rien à tes parents, c'est notre secret")
    assert "child_safety" in flagged


async def test_en_display_name_age_makes_a_minor(chat):
    await chat.join("mia_draws", "Mia (14)", room="teens")
    await chat.join("coach_rick", "Rick", room="teens")
    assert await chat.say("mia_draws", "finished my comic today!!", room="teens") == set()
    flagged = await chat.say(
        "coach_rick", "nice work mia, how old r u? you seem way older", room="teens"
    )
    assert "child_safety" in flagged
    assert "child_safety" in await chat.say(
        "coach_rick", "lets move to snapchat, this place is boring", room="teens"
    )
    assert await chat.say("mia_draws", "no thanks, i don't use snap", room="teens") == set()


async def test_a_minor_named_in_a_profile_change_is_tracked(chat):
    await chat.join("zoe_x", "Zoé")
    await chat.rename("zoe_x", "Zoé | 13")
    await chat.say("zoe_x", "quelqu'un joue à minecraft ?")
    assert "child_safety" in await chat.say("inconnu_88", "zoé envoie moi une photo de toi")


async def test_the_pair_is_remembered_the_next_day(chat):
    await chat.say("leo_5e", "jsuis en 5e et j'ai 11 ans")
    assert "child_safety" in await chat.say("tonton_x", "leo t'as whatsapp ?")
    # The next day, no name and nobody else around: the pair memory points at leo.
    assert "child_safety" in await chat.say(
        "tonton_x", "je peux t'offrir des vbucks", seconds=86400
    )


async def test_reply_to_a_minor_is_aimed_at_them(chat):
    await chat.say("kid_a", "im 13 and new here", room="lobby")
    await chat.say("bob", "welcome!", room="lobby")
    await chat.say("carl", "hey all", room="lobby", seconds=1200)
    flagged = await chat.say("stranger", "send me a pic of you", room="lobby", reply_to="m1")
    assert "child_safety" in flagged


async def test_minors_among_themselves_are_never_flagged(chat):
    await chat.say("sam_3e", "jsuis en 3e, j'ai 14 ans")
    await chat.say("lola_4e", "moi j'ai 13 ans")
    for text in [
        "t'as quel âge lola ?",
        "ajoute moi sur snap pour l'exposé",
        "envoie une photo de l'exercice 3 stp",
        "supprime ton message t'as spoil la série",
        "on se voit au collège demain ?",
    ]:
        assert await chat.say("sam_3e", text) == set(), text


async def test_adults_among_themselves_are_not_grooming(chat):
    await chat.say("paul", "j'ai 34 ans et je cherche des gens pour randonner", room="rencontres")
    flagged = await chat.say(
        "anna", "paul t'as quel âge ? t'as insta ? envoie une photo", room="rencontres"
    )
    assert "child_safety" not in flagged


async def test_a_later_adult_age_forgets_the_minor_flag(chat):
    await chat.say("max_r", "j'ai 16 ans")
    await chat.say("max_r", "en fait j'ai 19 ans, je rigolais", seconds=120)
    assert "child_safety" not in await chat.say("julie", "max t'as snap ?")


async def test_luring_a_minor_is_both_child_safety_and_luring(chat):
    await chat.say("nael", "moi j'ai 13 ans", room="annonces")
    flagged = await chat.say(
        "vendeur",
        "viens seul ce soir derrière le gymnase, et dis rien à tes parents",
        room="annonces",
    )
    assert flagged == {"child_safety", "luring"}


async def test_persistent_grooming_in_a_teen_room_without_a_declared_age(chat):
    await chat.say("noa", "salut tout le monde")
    first = await chat.say("mr_x", "noa t'as quel âge ?")
    assert "child_safety" not in first  # nobody declared anything yet: one probe is not enough
    await chat.say("noa", "pourquoi ?")
    await chat.say("mr_x", "t'es seule chez toi là ?")
    await chat.say("noa", "oui")
    assert "child_safety" in await chat.say("mr_x", "ajoute moi sur snap, on sera tranquilles")


SEEKING = [
    "des filles de 13-14 ans pour discuter en privé ? ajoutez moi en mp",
    "je paie bien pour des photos de collégiennes",
    "qui a des vidéos de mineures à échanger ?",
    "argent facile pour filles de 15 ans, mp",
    "any boys 12-15 want to chat privately? dm",
    "trading pics of young girls, telegram only",
    "looking for girls under 16 to chat, i'll send gift cards",
    # evasions
    "tr4d1ng p1cs 0f y0ung 0nes, d m",
    "v\u0456d\u00e9os de m\u0456neures, \u00e9change en mp",  # Cyrillic i
    "g.i.r.l.s under 15 wanna chat? dm me",
    "filles de 14 ans qui veulent parler ? m\u200bp",
]
HARD_NEGATIVES = [
    "my daughter is 13 and loves minecraft, any tips for parental controls?",
    "les collégiennes de mon club de hand ont gagné le tournoi",
    "article sur un réseau pédo démantelé, signalez tout à PHAROS",
    "we're a youth club for kids 12-16, sign-ups open",
    "les gamins de 14 ans qui vendent sur snap, ça fait peur",
    "mes enfants de 8 ans adorent roblox, mp pour le code ami",
    "trading pokemon cards with the kids 10-12 at the club",
    "mon fils est en cp, il a 6 ans",
]


@pytest.mark.parametrize("text", SEEKING)
async def test_seeking_minors_fires_alone(chat, text):
    assert "child_safety" in await chat.say("anon", text, room="general"), text
    assert any(s.startswith("child_safety.combo.") for s in chat.signals())


@pytest.mark.parametrize("text", HARD_NEGATIVES)
async def test_talk_about_children_is_not_flagged(chat, text):
    assert "child_safety" not in await chat.say("parent", text, room="general"), text


async def test_a_moderator_warning_a_minor_is_not_flagged(chat):
    await chat.say("eva", "j'ai 12 ans")
    text = "eva ne réponds plus à ce compte, on s'en occupe, tu peux appeler le 3018"
    assert await chat.say("helper", text) == set()
    text = "eva please don't send anything, if an adult asks you to move to snap tell a mod"
    assert await chat.say("helper", text) == set()


# Without a declared minor: asking the age, plus flattery or secrecy, plus another move.
@pytest.mark.parametrize(
    "text",
    [
        "t'as quel âge ? 13 ans ? t'es mature pour ton âge, envoie une photo de toi en maillot",
        "hey cutie how old r u? wanna see something cool? add my snap but don't tell ur parents",
        "t'es en quelle classe ? t'es trop mignonne, ajoute moi sur snap mais dis rien à ta mère",
        "how old are you? ur so pretty, lets talk on snap, keep it our secret",
    ],
)
async def test_age_probing_with_grooming_moves_fires_without_a_known_minor(chat, text):
    assert "child_safety" in await chat.say("stranger", text)


@pytest.mark.parametrize(
    "text",
    [
        "t'as quel âge ? t'as insta ? envoie une photo",
        "how old are you? add me on snap",
        "elle est trop belle ta photo de profil",
        "ne dis rien à tes parents pour la surprise de leur anniversaire !",
    ],
)
async def test_age_questions_and_compliments_alone_do_not_fire(chat, text):
    assert "child_safety" not in await chat.say("someone", text)
