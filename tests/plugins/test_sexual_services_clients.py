"""The sexual_services pack on clients, coded prices, subscription pages and refusals.

Each class has firing sentences and false-positive twins, in French and English, written
for these tests.
"""

import pytest

from tests.support.packchat import pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("sexual_services", registry, library)


# (text, fires?) per class.
# A client looking for a provider, or asking a price in roses or bottles.
CLIENTS = [
    ("any working girls free tonight near the airport? cash waiting", True),
    ("how many roses for an hour, and do you do outcall", True),
    ("combien de bouquets pour la nuit ?", True),
    ("cherche une escort ce soir sur Lyon, liquide prêt", True),
    ("how many roses for my mum's birthday bouquet?", False),
    ("combien de bouteilles pour la soirée de samedi ?", False),
    ("the working girls in that film were the best part of it", False),
    # Asking the room for a provider: "anyone know an escort…", "qqn connaît un plan tarifé…".
    ("anyone know an escort near the ring road tonight? paying cash", True),
    ("qqn connaît un plan tarifé vers Bellecour ce soir ?", True),
    ("anyone know an escort mission walkthrough? stuck on the bridge", False),
    ("quelqu'un connaît une escorte dans le jeu pour la quête du pont ce soir ?", False),
]
# A paid subscription page that also sells meetings.
SUBSCRIPTION = [
    ("my fansly is half price and I do irl meets for my top subscribers 😘", True),
    ("nouveau sur mym 🔥 contenus exclusifs et rencontres en vrai pour les abonnés", True),
    ("our book club meets irl every Tuesday, subscribers get the reading list", False),
    ("abonnement à la salle : 30€, on se voit en vrai au cours du jeudi", False),
]
# The target who asks what an "arrangement" is, or refuses it, is not the trade.
REFUSALS = [
    ("sugar daddy here, generous allowance, dm me", True),
    ("c'est quoi exactement l'arrangement ? je suis juste étudiante", False),
    ("a 2000 a month 'allowance' for 'company'? no thanks, bye", False),
    ("what kind of arrangement, what do you mean by generous?", False),
    ("£95 arrangement fee on the loan, then it's approved", False),
]


@pytest.mark.parametrize(("text", "fires"), CLIENTS + SUBSCRIPTION + REFUSALS)
async def test_sexual_services_fires_on_the_trade_not_on_its_targets(chat, text, fires):
    match = await chat.say(text)
    assert (match is not None and str(match.category) == "sexual_services") is fires, text


async def test_a_refusal_right_after_an_ad_is_not_a_client(chat):
    ad = await chat.say("sugar daddy, 1500 a month allowance, dm me", user="sd", room="dating")
    assert ad is not None
    assert (
        await chat.say("what's the arrangement exactly? no thanks", user="amy", room="dating")
        is None
    )


# (reply after an ad, fires?): a client books, asks the number or what is included; a
# bystander asks about something else; the target asks what the job is.
AFTER_AN_AD = [
    ("sounds good, 2h at 10? what's your number", True),
    ("what's included exactly for the 150?", True),
    ("je peux réserver pour 22h ? c'est quoi le numéro", True),
    ("c'est quoi le massage complet exactement, c'est compris dans les 120 ?", True),
    ("what's the address of the pub quiz later?", False),
    ("what kind of work is it exactly? sounds odd", False),
    ("c'est quoi le job exactement ? non merci en fait", False),
]


@pytest.mark.parametrize(("text", "fires"), AFTER_AN_AD)
async def test_answers_to_an_ad_are_judged_by_who_asks_what(chat, text, fires):
    ad = await chat.say(
        "massage with extras 💋 150 the hour, incall near the station, text me", user="ad", room="r"
    )
    assert ad is not None
    match = await chat.say(text, user="other", room="r")
    assert (match is not None and str(match.category) == "sexual_services") is fires, text
