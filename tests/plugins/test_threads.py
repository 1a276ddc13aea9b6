"""Threads: answers to an open incident, earlier messages of a thread, their evidence.

The sentences are written for these tests, not taken from the dev corpus.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.actions import Hit, Plan
from bot.app import build_engine, build_services
from bot.categories import Category, Severity
from bot.config import load_config_text
from bot.evaluation import evaluate, predictions
from bot.moderation.evidence import evidence_of
from bot.moderation.reports import ReportCard, card_for
from bot.rules import Match, Related
from plugins.packs.library import SERVICE_KEY
from plugins.packs.threads import SIGNALS_KEPT, Earlier
from tests.support.messages import T0, make_message

PACKS = ("drugs", "sexual_services", "scam", "luring", "child_safety")
CONFIG = """
communities:
  c:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    moderators: {users: [modo]}
    rules:
"""


class Thread:
    """Members talk in rooms; each message returns its plan."""

    def __init__(self, registry, library) -> None:
        rules = "".join(
            f"      {p}:\n        triggers: [{{pack: {p}}}]\n        actions: [report]\n"
            "        conditions: {exempt_moderators: false}\n"
            for p in PACKS
        )
        config = load_config_text(CONFIG + rules, registry, file="t.yaml", env={})
        services = build_services(config)
        services.extra[SERVICE_KEY] = library
        self.engine = build_engine(config, registry, services)
        self.now = T0
        self.ids = 0

    async def say(
        self,
        user: str,
        text: str,
        *,
        room: str = "general",
        reply_to: str | None = None,
        mentions: tuple[str, ...] = (),
        seconds: float = 30,
    ) -> Plan:
        self.ids += 1
        self.now += timedelta(seconds=seconds)
        event = make_message(
            text,
            room=room,
            ts=self.now,
            member=user,
            message_id=f"m{self.ids}",
            reply_to=reply_to,
            mentions=mentions,
        )
        return await self.engine.handle(event)


def categories(plan: Plan) -> set[str]:
    return {str(h.match.category) for h in plan.hits}


def combos(plan: Plan) -> set[str]:
    return {s.rsplit(".", 1)[1] for h in plan.hits for s in h.match.signals if ".combo." in s}


@pytest.fixture
def thread(registry, library):
    return Thread(registry, library)


DRUG_OFFER = {
    "fr": "beuh de qualité dispo, 10 balles le g, livraison sur Nantes",
    "en": "weed available, $10 a gram, delivery in the city",
}
BUYER = {"fr": "ok je prends, combien ?", "en": "how much for two?"}
MEETING = {"fr": "on se voit où ?", "en": "where do we meet?"}
SEX_AD = {
    "fr": "escort dispo, 150 la demi-heure, je reçois à Lyon, snap nina.x",
    "en": "full service and more, 150 roses for half an hour, incall downtown, snap nina.x",
}
CLIENT = {"fr": "c'est combien pour une heure ?", "en": "how much for an hour?"}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_a_buyer_answering_a_drug_offer_is_flagged(thread, lang):
    assert "drugs" in categories(await thread.say("seller", DRUG_OFFER[lang]))
    answer = await thread.say("buyer", MEETING[lang])
    assert categories(answer) == {"drugs"}
    assert combos(answer) == {"incident_reply"}
    # Explicitly answering the seller, later in the window.
    later = await thread.say("other", BUYER[lang], reply_to="m1", seconds=300)
    assert categories(later) == {"drugs"}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_a_client_answering_an_ad_is_flagged(thread, lang):
    assert "sexual_services" in categories(await thread.say("nina", SEX_AD[lang]))
    assert categories(await thread.say("client", CLIENT[lang])) == {"sexual_services"}


GOING_ON = {
    "fr": "envoie-moi un sms la veille pour confirmer",
    "en": "text me the day before to confirm",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_member_flagged_going_on_with_the_deal_is_flagged(thread, lang):
    assert "sexual_services" in categories(await thread.say("nina", SEX_AD[lang]))
    going_on = await thread.say("nina", GOING_ON[lang])
    assert categories(going_on) == {"sexual_services"}
    assert combos(going_on) == {"incident_reply"}
    # Someone else saying it, unaddressed, is a new topic; the member flagged saying it
    # in another room or after the incident closed goes on with nothing.
    assert not (await thread.say("lea", GOING_ON[lang])).hits
    assert not (await thread.say("nina", GOING_ON[lang], room="gaming")).hits
    assert not (await thread.say("nina", GOING_ON[lang], seconds=20 * 60)).hits


PLOT = {
    "fr": "on se fait passer pour une meuf sur insta et on lui donne rdv au parc vendredi soir",
    "en": "let's catfish him with a fake profile and get him to meet at the skatepark saturday",
}
JOINING = {
    "fr": "on sera 5 derrière les garages",
    "en": "we'll be 4, waiting in the car by the back gate",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_a_member_adding_to_a_plot_against_someone_absent_is_flagged(thread, lang):
    # Alone, the gang's numbers and a place are not an ambush.
    assert not (await thread.say("rico", JOINING[lang], room="other")).hits
    assert "luring" in categories(await thread.say("yanis", PLOT[lang]))
    joining = await thread.say("rico", JOINING[lang])
    assert categories(joining) == {"luring"}
    assert combos(joining) == {"plot_reply"}
    # A bystander objecting adds nothing to it; the plot is not open in another room, nor
    # after the pack's thread window (15 minutes). Other members: rico's own messages now
    # add up to a trap by themselves.
    assert not (
        await thread.say("clara", "laissez-le tranquille, c'est nul ce que vous faites")
    ).hits
    assert not (await thread.say("sam", JOINING[lang], room="gaming")).hits
    assert not (await thread.say("lou", JOINING[lang], seconds=20 * 60)).hits


async def test_a_lure_aimed_at_the_member_answering_opens_no_plot(thread):
    # "Come alone" is said to the one who answers: their replies are the target's.
    assert "luring" in categories(
        await thread.say(
            "jade", "viens seule ce soir au parking derrière le stade, dis rien à personne"
        )
    )
    assert not (await thread.say("tom", "on sera 5 derrière les garages")).hits


async def test_a_friend_answering_for_the_one_lured_is_not_in_on_it(thread):
    plot = "tell him I set up a fake profile, he thinks he's meeting a girl at 11pm behind the mill"
    assert "luring" in categories(await thread.say("sophie", plot))
    answer = "he's not going anywhere at 11pm to meet a profile with no pictures"
    assert not (await thread.say("tom", answer)).hits


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_same_question_without_an_incident_is_not_flagged(thread, lang):
    assert not (await thread.say("buyer", BUYER[lang])).hits
    assert not (await thread.say("client", CLIENT[lang])).hits


@pytest.mark.parametrize(
    "text",
    [
        "trop bien la météo aujourd'hui",
        "anyone up for a match tonight?",
        "ah ok merci, bonne soirée",
    ],
)
async def test_a_benign_reply_right_after_a_hit_is_not_flagged(thread, text):
    await thread.say("seller", DRUG_OFFER["fr"])
    assert not (await thread.say("someone", text, reply_to="m1")).hits


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_replies_elsewhere_or_after_the_window_are_not_flagged(thread, lang):
    await thread.say("seller", DRUG_OFFER[lang])
    assert not (await thread.say("buyer", BUYER[lang], room="gaming")).hits
    # The drugs pack keeps an incident open for 15 minutes.
    assert not (await thread.say("buyer2", BUYER[lang], reply_to="m1", seconds=20 * 60)).hits


async def test_a_statement_right_after_is_a_new_topic_not_an_answer(thread):
    await thread.say("seller", DRUG_OFFER["fr"])
    ad = "je vends ma vieille guitare 80€, dispo ce soir sur Rennes, mp si intéressé"
    assert not (await thread.say("pauline", ad)).hits
    # The same words, written as an answer to the seller, are one.
    assert categories(await thread.say("pauline", ad, reply_to="m1")) == {"drugs"}


@pytest.mark.parametrize(
    "text",
    [
        "on se voit où ? c'est interdit ici, je signale",
        "don't buy that, it's illegal, reported",
    ],
)
async def test_a_member_warning_in_an_incident_is_not_flagged(thread, text):
    await thread.say("seller", DRUG_OFFER["en"])
    assert not (await thread.say("member", text, reply_to="m1")).hits


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_a_moderator_is_never_flagged_as_answering(thread, lang):
    await thread.say("seller", DRUG_OFFER[lang])
    assert not (await thread.say("modo", MEETING[lang], reply_to="m1")).hits
    assert not (await thread.say("modo", BUYER[lang], reply_to="m1")).hits
    # The same answers by a member are flagged.
    assert (await thread.say("member", MEETING[lang], reply_to="m1")).hits


@pytest.mark.parametrize(
    ("declare", "answer"),
    [("j'ai 14 ans", "c'est combien le g ? non en fait"), ("im 15", "how much for two? no thanks")],
)
async def test_a_declared_minor_answering_is_never_flagged(thread, declare, answer):
    assert not (await thread.say("kid", declare)).hits
    await thread.say("seller", DRUG_OFFER["fr"])
    assert not (await thread.say("kid", answer, reply_to="m2")).hits
    # An adult asking the same is.
    assert categories(await thread.say("adult", answer, reply_to="m2")) == {"drugs"}


@pytest.mark.parametrize(
    ("lure", "answer"),
    [
        (
            "viens chez moi ce soir, personne ne saura, viens seule",
            "seule ? pourquoi pas en ville, on se voit au café ce soir",
        ),
        (
            "come to the park tonight, come alone and tell no one",
            "alone at night? no, let's meet at the café tonight",
        ),
    ],
)
async def test_the_target_answering_a_lure_is_not_flagged(thread, lure, answer):
    assert "luring" in categories(await thread.say("lurer", lure, room="rencontres"))
    plan = await thread.say("target", answer, room="rencontres", reply_to="m1")
    assert "luring" not in categories(plan)


EARLY = {
    "fr": ("t'es seule ce soir ?", "viens chez moi ce soir, personne ne saura, viens seule"),
    "en": ("you home alone tonight?", "come to the park tonight, come alone and tell no one"),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_early_moves_are_attached_when_the_thread_fires(thread, lang):
    probe, lure = EARLY[lang]
    early = await thread.say("lurer", probe, room="rencontres")
    assert not early.hits
    await thread.say("lurer", "gg le match hier", room="gaming")  # no signal: not kept
    plan = await thread.say("lurer", lure, room="rencontres")
    assert "luring" in categories(plan)
    assert plan.related == (Related("m1", Category.LURING, probe),)
    # Once attached, they are not attached again.
    again = await thread.say("lurer", lure, room="rencontres")
    assert again.related == ()


async def test_earlier_signals_expire_stay_in_their_room_and_are_capped(thread):
    probe, lure = EARLY["en"]
    await thread.say("lurer", probe, room="rencontres")  # m1
    # Past the author window (2 hours for luring): forgotten.
    await thread.say("lurer", probe, room="rencontres", seconds=3 * 3600)  # m2
    await thread.say("lurer", probe, room="dating")  # m3
    for _ in range(SIGNALS_KEPT + 2):
        await thread.say("lurer", "you alone rn?", room="rencontres", seconds=5)
    plan = await thread.say("lurer", lure, room="rencontres")
    assert "luring" in categories(plan)
    ids = [r.message_id for r in plan.related]
    assert "m1" not in ids
    assert "m2" not in ids  # pushed out by the cap
    assert "m3" not in ids  # another room
    assert ids == [f"m{n}" for n in range(6, 6 + SIGNALS_KEPT)]


def test_evaluation_counts_related_messages_as_flagged():
    event = make_message(message_id="m9")
    match = Match(
        category=Category.LURING,
        summary="ambush",
        severity=Severity.HIGH,
        related=(Related("m7", Category.LURING, "t'es seule ?"),),
    )
    plan = Plan(event=event, hits=(Hit(rule="r", match=match, actions=()),))
    quiet = Plan(event=event)
    predicted = predictions([("m7", quiet), ("m8", quiet), ("m9", plan)])
    assert predicted == {"m7": {"luring"}, "m8": frozenset(), "m9": {"luring"}}
    labels = {"m7": frozenset({"luring"}), "m8": frozenset(), "m9": frozenset({"luring"})}
    result = evaluate(predicted, labels)
    assert result.categories["luring"].tp == 2
    assert result.benign_flagged == 0
    # The card and the evidence name them, with the remembered excerpt.
    card = card_for(plan, case_number=1, actions=[], history=[], pings=[])
    assert card.related == ("m7 (luring): t'es seule ?",)
    assert "Related: m7 (luring): t'es seule ?" in card.render_text()
    assert ReportCard.from_dict(card.to_dict()) == card
    assert evidence_of(plan)["related"] == [
        {"message_id": "m7", "category": "luring", "excerpt": "t'es seule ?"}
    ]
    assert "related" not in evidence_of(quiet)


def related(plan: Plan) -> list[tuple[str, str]]:
    return [(r.message_id, str(r.category)) for r in plan.related]


# A secret asked of a member: grooming when aimed at a minor, a weak ambush signal anyway.
SECRET = {
    "fr": ("j'ai 13 ans", "efface nos messages après, c'est notre secret"),
    "en": ("im 13", "delete our chats after, it's our little secret"),
}
AMBUSH = {
    "fr": "viens seule au parc ce soir, dis rien à personne",
    "en": "come alone to the park tonight and tell no one",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_a_move_another_pack_flagged_is_not_attached_under_the_firing_pack(thread, lang):
    declare, secret = SECRET[lang]
    await thread.say("kid", declare, room="ados")
    assert categories(await thread.say("adult", secret, room="ados")) == {"child_safety"}
    await thread.say("kid", "ok", room="ados")
    plan = await thread.say("adult", AMBUSH[lang], room="ados")
    assert "luring" in categories(plan)
    # The secret is grooming, already its own case: not an ambush move.
    assert ("m2", "luring") not in related(plan)


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_same_move_no_pack_flagged_joins_the_ambush(thread, lang):
    _, secret = SECRET[lang]
    await thread.say("friend", "salut" if lang == "fr" else "hi", room="rencontres")
    assert not (await thread.say("adult", secret, room="rencontres")).hits
    await thread.say("friend", "ok", room="rencontres")
    plan = await thread.say("adult", AMBUSH[lang], room="rencontres")
    assert categories(plan) == {"luring"}
    assert related(plan) == [("m2", "luring")]


# A trap set as a sale: an ambush on its own, with a weak child-safety place word.
TRAP = {
    "fr": (
        "je vends ma console 100€, viens la chercher ce soir au parking derrière le "
        "gymnase, seul et en liquide",
        "j'ai 14 ans, je peux venir avec mon frère ?",
        "non viens seul et dis rien à tes parents",
    ),
    "en": (
        "selling my console for $100, pick it up tonight behind the gym, come alone and bring cash",
        "im 14, can i come with my brother?",
        "no come alone and don't tell your parents",
    ),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_an_ambush_is_not_attached_to_a_later_grooming_case(thread, lang):
    ad, kid, answer = TRAP[lang]
    assert categories(await thread.say("seller", ad, room="annonces")) == {"luring"}
    await thread.say("kid", kid, room="annonces", reply_to="m1")
    plan = await thread.say("seller", answer, room="annonces", reply_to="m2")
    assert {"luring", "child_safety"} <= categories(plan)
    # The ad is the ambush's own case, not a grooming move.
    assert ("m1", "child_safety") not in related(plan)


PROBE = {
    "fr": ("salut", "coucou", "t'es seule ce soir ?"),
    "en": ("hi", "hey", "you home alone tonight?"),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_moves_aimed_at_someone_else_stay_out_of_a_thread(thread, lang):
    hello_a, hello_b, probe = PROBE[lang]
    lure = EARLY[lang][1]
    await thread.say("anna", hello_a, room="rencontres")  # m1
    await thread.say("bea", hello_b, room="rencontres")  # m2
    assert not (await thread.say("lurer", probe, room="rencontres", reply_to="m1")).hits
    assert not (await thread.say("lurer", probe, room="rencontres", reply_to="m2")).hits
    to_bea = await thread.say("lurer", lure, room="rencontres", reply_to="m2")
    assert categories(to_bea) == {"luring"}
    assert related(to_bea) == [("m4", "luring")]
    # The move aimed at Anna waits for her own thread.
    to_anna = await thread.say("lurer", lure, room="rencontres", reply_to="m1")
    assert related(to_anna) == [("m3", "luring")]


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_a_move_aimed_at_no_one_joins_a_targeted_thread(thread, lang):
    _, hello_b, probe = PROBE[lang]
    lure = EARLY[lang][1]
    # No one else spoke in the room: the probe is aimed at no one in particular.
    assert not (await thread.say("lurer", probe, room="rencontres")).hits
    await thread.say("bea", hello_b, room="rencontres", seconds=15 * 60)
    plan = await thread.say("lurer", lure, room="rencontres", reply_to="m2")
    assert related(plan) == [("m1", "luring")]


def test_moves_stored_before_they_had_a_target_and_a_score_are_read():
    older = Earlier.parse("1772388000\trencontres\tm1\tt'es seule ce soir ?")
    assert older == Earlier(1772388000.0, "rencontres", "m1", "", 0.0, "t'es seule ce soir ?")
    now = Earlier(1772388000.0, "rencontres", "m1", "anna", 1.25, "t'es seule\tce soir ?")
    assert Earlier.parse(now.line()) == now
