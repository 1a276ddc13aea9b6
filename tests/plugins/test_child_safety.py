"""The child_safety pack: grooming aimed at declared minors, seeking minors, trading material.

The conversations and sentences are written for these tests, not taken from the dev corpus.
"""

from datetime import UTC, datetime, timedelta

import pytest

from bot.actions import Hit
from bot.app import build_engine, build_services
from bot.events import Member, MemberJoined, ProfileChanged
from plugins.packs.library import SERVICE_KEY
from tests.support.messages import make_message

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
        self.last: tuple[Hit, ...] = ()

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
        event = make_message(
            text,
            room=room,
            ts=self._tick(seconds),
            member=user,
            message_id=f"m{self.ids}",
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
    # one sought, in the singular, or an age spelled out
    "homme 45 ans cherche jeune fille 14-16 ans pour discuter, écrire en mp",
    "cherche collégienne ou lycéenne pour tandem discret, petits cadeaux 🎁 mp",
    "any girls on here under sixteen? need a pen pal, dm me",
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
    # a parent for their child, a youth event by age group
    "je cherche une prof de maths pour ma fille collégienne, écrivez-moi en mp",
    "ma fille de 14 ans cherche une correspondante anglaise, écrivez en mp",
    "tournoi des 13-15 ans samedi, inscriptions en mp",
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


# Families of approach moves, each aimed at a member who declared being a minor.
AIMED_AT_A_MINOR = [
    # whereabouts, travelling or staying home alone
    "t'habites dans quel quartier ? tu prends le tram toute seule le matin ?",
    "t'es à Nantes toi aussi ? tu restes seule le mercredi aprèm ?",
    "which middle school do u go to? do you walk home by yourself?",
    "when are ur parents back from work? is anyone else home?",
    # the parents kept out, the phone they check
    "ton père il regarde tes messages des fois ?",
    "vaut mieux que ta mère sache pas qu'on s'écrit",
    "does your mum ever go through your dms?",
    "don't mention our chats to your dad, he'd overreact",
    # flattery, trust
    "t'es tellement adorable, plus mûre que les filles de ta classe",
    "u seem so grown up, nothing like the other kids on here",
    "personne ne t'écoute vraiment comme moi",
    "no one else gets you like i do",
    # gifts in game money
    "j'ai un petit cadeau pour toi, des gemmes pour ton jeu",
    "i'll get u a psn card this weekend if u want",
    # photos
    "tu m'envoies un selfie de toi dans ta chambre ?",
    "snap me a pic of your outfit tonight",
]
NOT_GROOMING_A_MINOR = [
    "envoie une photo de ton exo de maths, je te montre la méthode",
    "send a pic of the worksheet and i'll check your answers",
    "ne dis rien à ta mère pour la surprise de la fête des mères !",
    "don't tell your dad about his birthday present, it's a surprise",
    "the skin shop resets tonight, free skins for everybody",
    "si on te demande ton insta en privé, dis-le à un modo",
    "if someone wants your snap, tell a mod right away",
    "parle-en à tes parents, ils sauront quoi faire",
]


@pytest.mark.parametrize("text", AIMED_AT_A_MINOR)
async def test_approach_moves_aimed_at_a_declared_minor_fire(chat, text):
    await chat.say("kid", "j'ai 13 ans" if AIMED_AT_A_MINOR.index(text) % 2 else "im 13 lol")
    assert "child_safety" in await chat.say("adult", text), text


@pytest.mark.parametrize("text", NOT_GROOMING_A_MINOR)
async def test_help_homework_and_surprises_for_a_minor_do_not_fire(chat, text):
    await chat.say("kid", "j'ai 12 ans")
    assert "child_safety" not in await chat.say("adult", text), text


@pytest.mark.parametrize(
    "text",
    [
        "t'habites dans quel quartier ? tu prends le tram toute seule le matin ?",
        "which middle school do u go to? do you walk home by yourself?",
        "j'ai un petit cadeau pour toi, des gemmes pour ton jeu",
    ],
)
async def test_the_same_moves_between_adults_do_not_fire(chat, text):
    await chat.say("paul", "j'ai 35 ans, nouveau dans le coin", room="general")
    assert "child_safety" not in await chat.say("anna", text, room="general"), text


# Keeping the parents out speaks to a child: with one more approach move it is grooming
# even when nobody declared an age.
@pytest.mark.parametrize(
    "text",
    [
        "tes parents comprendraient pas, écris-moi plutôt sur whatsapp",
        "n'en parle pas à ta mère, et envoie-moi une photo de toi",
        "your folks wouldn't get it, let's move this to snap",
        "tell your dad you're studying at a friend's and i'll pick u up at 4",
    ],
)
async def test_parents_kept_out_with_another_move_fires_without_a_known_age(chat, text):
    assert "child_safety" in await chat.say("stranger", text, room="general"), text


@pytest.mark.parametrize(
    "text",
    [
        "n'en parle pas à ta mère, c'est pour son anniversaire",
        "don't tell your mom yet, we're planning her surprise party",
        "tes parents comprendraient pas ce film, il est trop bizarre",
        "talk to your parents before you add people on snap",
    ],
)
async def test_parents_alone_or_in_a_family_plan_do_not_fire(chat, text):
    assert "child_safety" not in await chat.say("someone", text, room="general"), text


async def test_an_author_just_flagged_is_followed_on_one_more_move(chat):
    await chat.say("noe", "moi c 14 ans", room="jeux")
    assert "child_safety" in await chat.say("oncle", "noé t'es trop mûr pour ton âge", room="jeux")
    await chat.say("noe", "ok", room="jeux")
    await chat.say("julie", "qui joue ce soir ?", room="jeux")
    # No longer aimed at noé, but the same author, an hour later: one move is enough.
    flagged = await chat.say("oncle", "écris-moi sur telegram quand tu peux", room="jeux")
    assert "child_safety" in flagged
    assert "child_safety.recent" in chat.signals()
    assert await chat.say("julie", "écris-moi sur telegram quand tu peux", room="jeux") == set()


@pytest.mark.parametrize(
    ("declaration", "user"),
    [
        ("moi c'est 15 ans et toi ?", "a_fr"),
        ("je viens d'avoir 14 ans hier", "b_fr"),
        ("im literally 14 why are you asking", "c_en"),
        ("just turned 15 today!!", "d_en"),
    ],
)
async def test_more_ways_of_stating_a_minor_age(chat, declaration, user):
    assert await chat.say(user, declaration, room="general") == set()
    text = f"{user.split('_')[0]} t'as snap ?" if user.endswith("fr") else "send me a selfie"
    assert "child_safety" in await chat.say("adult_x", text, room="general")
    assert "child_safety.at_minor" in chat.signals()


async def test_a_warning_that_pings_a_moderator_is_not_flagged(chat):
    await chat.say("ben_k", "i'm 13 btw", room="lfg")
    text = "ben u can have my spare skin code, i'll give it to u in person"
    assert "child_safety" in await chat.say("pal", text, room="lfg")
    warning = "@ben_k don't go, nobody hands out codes in person @mod_anna"
    assert await chat.say("tank", warning, room="lfg") == set()


# An adult arranging to meet a declared minor alone or in secret: child safety and luring.
@pytest.mark.parametrize(
    "text",
    [
        "je passe te chercher devant le collège vendredi, rien que tous les deux",
        "tu viens récupérer ton cadeau au skatepark samedi ? Seule, hein.",
        "i can pick you up after practice tomorrow, just us, dont bring ur friends",
        "meet me at the bus shelter after school, don't tell your mum",
    ],
)
async def test_a_meeting_with_a_declared_minor_is_child_safety_and_luring(chat, text):
    await chat.say("kid_m", "j'ai 12 ans" if "je" in text or "tu" in text else "im 12")
    assert await chat.say("adult_m", text) == {"child_safety", "luring"}, text


@pytest.mark.parametrize(
    "text",
    [
        "je passe te chercher devant le collège vendredi, ta mère est d'accord",
        "see you at the club practice tomorrow, your coach will be there",
    ],
)
async def test_an_ordinary_meeting_with_a_minor_is_not_luring(chat, text):
    await chat.say("kid_n", "j'ai 12 ans")
    assert "luring" not in await chat.say("adult_n", text), text


@pytest.mark.parametrize(
    "text",
    ["tu me manques ma chérie, on s'écrit ce soir ?", "i miss u baby girl, thinking about you"],
)
async def test_a_romantic_tone_toward_a_minor_fires_not_between_adults(chat, text):
    await chat.say("lina", "j'ai 14 ans", room="general")
    assert "child_safety" in await chat.say("older", text, room="general"), text
    await chat.say("marc", "j'ai 31 ans, célibataire", room="rencontres", seconds=3600)
    assert "child_safety" not in await chat.say("sofia", text, room="rencontres"), text


async def test_finally_a_number_is_not_an_age_without_today(chat):
    await chat.say("gamer", "finally 10 more levels to go", room="general")
    assert "child_safety" not in await chat.say("adult_y", "send me a selfie", room="general")


# Each class of phrasing below comes with its everyday twin: (text, fires?), posted in a
# general room with no declared minor.
CSAM_CODES = [
    ("swapping 🍕🧀 vids, the younger the better, tele only", True),
    ("échange de 🍕🧀, plus elles sont jeunes mieux c'est, en mp uniquement", True),
    ("qui a des photos des petites du gala de danse ? en privé, pour ma collection", True),
    ("pizza 🍕🧀 night at mine, trade only board games", False),
    ("les photos du gala de danse sont sur le site du club, merci aux parents", False),
]
AGE_RANGES = [
    ("je paye bien pour des photos, filles de 14-16 ans, mp", True),
    ("i pay for pics, 13-15 only, dm me", True),
    ("cherche meuf jeune, seize ans max, je paye le taxi", True),
    ("tournoi de hand pour les 14-16 ans samedi, inscriptions en mp", False),
    ("summer camp for kids 13-15, i pay the deposit by friday", False),
    ("on recrute des jeunes 18-25 ans pour un job d'été, argent facile, mp", False),
]
NOTICES = [
    ("account suspended. an adult asking what school you go to is a red flag, tell a mod", False),
    ("t'as bien fait, compte banni. les cadeaux en échange c'est un signal d'alerte", False),
    ("pour les mineures la contraception est gratuite au planning familial", False),
]
# A picture asked of someone whose age was probed, with a promise to show nobody.
SHOWN_TO_NOBODY = [
    ("t'as quel âge ? envoie une photo dans ton miroir, je la montrerai à personne", True),
    ("how old r u? send me a pic in your room, i won't show anyone", True),
    ("envoie une photo de ton dessin, je la montrerai à personne si tu veux pas", False),
    ("send me the pic of the cake, i won't show anyone before the party", False),
]

# The hour the parents sleep, and a "relationship" the parents would not understand.
PARENTS_ASLEEP = [
    ("how old r u? 12? cool, wanna video call later when your parents are asleep", True),
    ("appelle-moi en vidéo quand tes parents dorment, t'as quel âge déjà ?", True),
    ("efface nos messages après, tes parents comprendraient pas notre relation", True),
    (
        "we'll sneak the cake in when your parents are asleep, how old is your sister turning?",
        False,
    ),
    ("notre relation avec le club est au top, tes parents vont adorer le tournoi", False),
    ("ne dis rien à tes parents pour la surprise, efface le message après", False),
    # The age said back as a compliment, and the only one who understands.
    ("you're so mature for 13, guys your age don't get you like i do", True),
    ("t'es tellement mature pour 13 ans, les mecs de ton âge te comprennent pas comme moi", True),
    ("she's so mature for 12, she did all the cooking at the camp", False),
    ("les jeunes de ton âge te comprennent pas ? viens au club de théâtre, on est sympas", False),
    # A gift for a picture; a camera asked of someone alone, kept between the two.
    ("je peux te payer ton forfait si tu m'envoies une photo de toi en maillot", True),
    ("i'll buy you the new skin if you send me a pic of yourself", True),
    ("tu es seule à la maison ? allume ta caméra, juste entre nous", True),
    ("are you alone at home? turn on your camera, just between us", True),
    ("t'es en quelle classe ? 4e ? tu fais grave plus mature, on continue sur insta ?", True),
    ("je te paie le resto si tu m'envoies la photo du groupe d'hier", False),
    ("i'll buy you a coffee if you send me the pic of the whiteboard", False),
    ("turn on your camera for the class call please, the teacher asked", False),
    ("t'es en quelle classe ? moi en 4e, on s'ajoute sur insta pour le projet ?", False),
    (
        "Red flags we see every week: someone who can't video call, and then an emergency. "
        "Never send money or gift cards to someone you haven't met.",
        False,
    ),
]


@pytest.mark.parametrize(
    ("text", "fires"), CSAM_CODES + AGE_RANGES + NOTICES + SHOWN_TO_NOBODY + PARENTS_ASLEEP
)
async def test_phrasing_classes_and_their_twins(chat, text, fires):
    assert ("child_safety" in await chat.say("anon", text, room="general")) == fires, text


# Moves aimed at a declared minor, and the same words between adults.
AT_A_MINOR = [
    "u still up? ur parents asleep? i wont tell if u dont",
    "t'es encore réveillée ? tes parents dorment ?",
    "do u have insta or snap? i dont want the mods being weird about us talking",
    "je t'ai écrit en privé, c plus tranquille",
    "remember the pic u sent? send 3 more or i post it",
    "j'ai les photos que t'as envoyées, ou je les envoie à ta classe",
]


@pytest.mark.parametrize("text", AT_A_MINOR)
async def test_night_probes_leaving_the_room_and_threats_aimed_at_a_minor(chat, text):
    await chat.say("kid", "j'ai 14 ans" if AT_A_MINOR.index(text) % 2 else "im 14")
    assert "child_safety" in await chat.say("adult", text), text


@pytest.mark.parametrize("text", AT_A_MINOR)
async def test_the_same_words_between_adults_are_not_grooming(chat, text):
    await chat.say("friend", "j'ai 34 ans" if AT_A_MINOR.index(text) % 2 else "im 34")
    assert "child_safety" not in await chat.say("adult", text, room="general"), text


# A moderator removing a declared minor's details, and the groomer's twin that still fires.
@pytest.mark.parametrize(
    "text",
    [
        "@noa_13 j'efface ton message, ne donne jamais ton numéro ici, même pour un tournoi",
        "noa tu ne mets jamais ton adresse en ligne, surtout seul chez toi. Message supprimé.",
        "noa you probably don't want your number in a public channel, dm a mod for the team chat",
        "@noa_13 never post your address here, even for a meetup. message removed",
        "@noa_13 deleted that for you. there are adults here too, keep your snap to yourself",
        "Rappel : les adultes n'ont pas à proposer de cadeaux ou de rdv aux mineurs. Noa, bloque.",
        "@guy asking a kid to move to snap is not okay here. noa, please don't share anything",
    ],
)
async def test_a_moderator_removing_a_minors_details_is_not_flagged(chat, text):
    await chat.say("noa_13", "j'ai 13 ans")
    assert await chat.say("helper", text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "noa ne donne jamais ton numéro à personne d'autre que moi, envoie-le sur snap",
        "noa never give your number to anyone but me, add my snap and delete this chat",
    ],
)
async def test_a_groomer_asking_for_the_details_still_fires(chat, text):
    await chat.say("noa_13", "j'ai 13 ans")
    assert "child_safety" in await chat.say("stranger", text)


async def test_an_age_echoed_answers_the_minor_with_a_line_between(chat):
    await chat.say("jay", "lfg ranked, im 14 so text comms only", room="lfg")
    await chat.say("pal", "respect, i'll duo with you", room="lfg")
    echoed = "14? ur voice is cute for 14 lol. got a gf yet?"
    assert "child_safety" in await chat.say("coach", echoed, room="lfg")


async def test_without_the_echo_a_line_between_leaves_the_minor_out(chat):
    await chat.say("jay", "lfg ranked, im 14 so text comms only", room="lfg")
    await chat.say("pal", "respect, i'll duo with you", room="lfg")
    assert await chat.say("coach", "ur voice is cute lol, got a gf yet?", room="lfg") == set()


@pytest.mark.parametrize(
    "text", ["and turn ur cam on for a sec, wanna see who im gifting", "allume ta caméra 2 sec stp"]
)
async def test_asking_a_minor_for_the_camera_fires(chat, text):
    await chat.say("jay", "im 14 btw", room="lfg")
    assert "child_safety" in await chat.say("coach", text, room="lfg")


@pytest.mark.parametrize(
    ("declaration", "echo", "approach"),
    [
        (
            "merci 🥹 j'ai 15 ans, je dessine depuis un an",
            echo,
            "ajoute moi sur snap lina, et dis rien à ta mère",
        )
        for echo in [
            "15 ans et déjà ce niveau ? t'es mature pour ton âge toi",
            "15 ans ? tu fais bien plus sur ta photo",
            "15 ans c'est parfait, ça te dirait des petits boulots payés ?",
        ]
    ]
    + [
        (
            "im 16 btw, just started sixth form",
            "16 lol you look way older in ur pfp",
            "lina add me on snap, dont tell ur mum",
        )
    ],
)
async def test_an_adult_echoing_a_minors_age_is_not_taken_for_a_minor(
    chat, declaration, echo, approach
):
    await chat.say("lina_b", declaration)
    await chat.say("marc", echo)
    assert "child_safety" in await chat.say("marc", approach)


@pytest.mark.parametrize(
    ("question", "answer", "approach"),
    [
        ("t'as quel âge lina ?", answer, "lina ajoute moi sur snap, et dis rien à ta mère")
        for answer in [
            "15 ans, et toi ?",
            "15 ans pk ?",
            "15 ans. j'habite vers Lyon",
            "oui 15 ans lol",
        ]
    ]
    + [
        ("how old r u lina?", answer, "lina add me on snap, dont tell ur mum")
        for answer in ["16 lol why", "16 btw, and you?", "16 lol, you?"]
    ],
)
async def test_a_minor_answering_with_a_bare_age_is_still_a_minor(chat, question, answer, approach):
    await chat.say("marc", question)
    await chat.say("lina_b", answer)
    assert await chat.say("lina_b", "ajoute moi sur snap pour l'exposé") == set()
    assert "child_safety" in await chat.say("marc", approach)


# Counter-evidence must never fit the mouth of the one approaching: each of these would
# otherwise cancel the approach around it.
FR_GROOMER_IN_WARNERS_WORDS = [
    "pourquoi tu me réponds pas ? 😢 t'as snap ? dis rien à ta mère",
    "réponds pas ici, ajoute moi sur snap et dis rien à tes parents",
    "envoie moi une photo de toi, je te règle 20€, dis rien à ta mère",
    "c'est moi, ils m'ont banni pour rien 😢 ajoute moi sur snap, dis rien à ta mère",
    "c'est pas une arnaque promis, envoie une photo de toi et je te paie, garde ça pour toi",
    "fais gaffe que ta mère voie pas nos messages, ajoute moi sur snap",
    "viens sur snap, ici n'importe qui lit, et garde ça pour toi",
    "envoie moi ton num et efface la conv, ta mère doit pas savoir",
    "ajoute moi sur snap, les modos lisent tout ici, garde ça pour toi",
]
EN_GROOMER_IN_WARNERS_WORDS = [
    "you dont answer anymore 😢 add me on snap, dont tell ur mum",
    "don't reply here, add me on snap and dont tell ur parents",
    "i deleted our chat, u delete yours too, and add me on snap",
    "be careful your mum doesn't see our messages, add me on snap",
    "its me, they banned me for nothing 😢 add me on snap, dont tell ur mum",
    "it's not a scam i promise, send me a pic of you and i'll pay, keep it between us",
    "send me your number and delete this chat after",
]


@pytest.mark.parametrize(
    ("declaration", "text"),
    [("j'ai 13 ans", text) for text in FR_GROOMER_IN_WARNERS_WORDS]
    + [("im 13", text) for text in EN_GROOMER_IN_WARNERS_WORDS],
)
async def test_a_groomer_using_a_warners_words_still_fires(chat, declaration, text):
    await chat.say("lina_b", declaration)
    assert "child_safety" in await chat.say("marc", text)


@pytest.mark.parametrize(
    "text",
    [
        "lina ne lui réponds pas, signale-le à un modo, et n'ajoute personne sur snap",
        "lina fais gaffe à ce mec, il demande des photos, bloque-le et parles-en à tes parents",
        "les modos sont au courant, lina n'envoie rien et bloque le",
        "lily don't reply to him, block him and tell a mod, never add strangers on snap",
        "lily be careful, he asks kids for pics. don't answer and talk to your parents",
        # Telling a child to take down the details they posted of themselves.
        "lily you cant put your address on here, delete it",
        "lily u shouldnt post ur number here lol, remove it",
        "lina efface ton num stp, pas de numéros perso ici",
        "lina tu peux pas mettre ton adresse ici, enlève-la",
        "lina efface vite ton adresse, tout le monde la voit, donne-la en privé à tes potes",
        "lily delete ur number quick, anyone can see it here, give it to friends in private",
    ],
)
async def test_warnings_in_those_words_are_still_not_flagged(chat, text):
    await chat.say("lina_b", "j'ai 13 ans")
    await chat.say("lily_b", "im 13")
    assert await chat.say("helper", text) == set()


@pytest.mark.parametrize(
    ("declaration", "text"),
    [
        ("im 13", "give me ur address, nobody has to know"),
        ("im 13", "send a pic, no one will ever find out"),
        ("j'ai 13 ans", "donne moi ton adresse, personne doit savoir"),
        ("j'ai 13 ans", "personne n'a besoin de savoir, ajoute moi sur snap"),
    ],
)
async def test_nobody_has_to_know_is_secrecy(chat, declaration, text):
    await chat.say("lina_b", declaration)
    assert "child_safety" in await chat.say("marc", text)


async def test_everyone_should_know_is_no_secret(chat):
    await chat.say("lina_b", "j'ai 13 ans")
    assert await chat.say("helper", "chaque personne doit savoir que le 119 existe") == set()


@pytest.mark.parametrize(
    ("declaration", "text", "fires"),
    [
        # Brushing age aside is an adult's move; a number said of a game is not.
        ("im 13", "don't worry about age 😉", True),
        ("j'ai 13 ans", "t'inquiète pas pour l'âge, on s'entend bien", True),
        ("im 13", "the score? it's just a number, we had fun", False),
        ("j'ai 13 ans", "le score c'est qu'un chiffre, on s'est bien amusés", False),
        # The grade guessed (France, Québec, English-speaking schools) is age probing.
        (
            "j'ai 14 ans",
            "t'es super mature toi, t'es en 3e donc t'as quoi, 14 ans ? ajoute moi",
            True,
        ),
        ("j'ai 15 ans", "t'es en quel secondaire ? sec 3 ? t'as un snap ?", True),
        ("im 13", "r u in 8th grade? ur so mature, add me on snap", True),
        # The handle asked outright, or left in a profile to find.
        ("im 14", "gg 5 in a row, gift incoming. what's ur telegram? discord eats my msgs", True),
        ("j'ai 13 ans", "si tu changes d'avis mon snap est sur mon profil 😉", True),
        ("im 13", "my snap's in my bio if u wanna talk more privately", True),
        # The room asked for its youngest.
        ("im 13", "anyone still up? who's the youngest here lol, dm me", True),
        ("j'ai 13 ans", "qui est la plus jeune ici ? ajoute moi sur snap", True),
        # A moderator's prevention is no approach.
        ("im 13", "lily delete ur number quick, everyone can read it here", False),
    ],
)
async def test_moves_aimed_at_a_minor_and_their_twins(chat, declaration, text, fires):
    await chat.say("kid_b", declaration)
    assert ("child_safety" in await chat.say("adult", text)) is fires, text


async def test_classmates_asking_the_grade_are_not_flagged(chat):
    await chat.say("kid_b", "j'ai 14 ans")
    await chat.say("kid_c", "moi aussi j'ai 14 ans")
    assert (
        await chat.say("kid_c", "t'es en 3e toi aussi ? on a le brevet en juin c'est chaud")
        == set()
    )
