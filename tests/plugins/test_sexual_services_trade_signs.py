"""The sexual_services pack on trade signs without a service word, each class with its twins.

Menu and budget questions after an ad, a subscription that unlocks a meeting, the women's
papers held, a pitch that recruits the person addressed, an ad made of a rate by the hour, a
hotel and a wink. The sentences are written for these tests, not taken from any corpus.
"""

from datetime import timedelta
from functools import partial

import pytest

from tests.support.packchat import fires_as, pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("sexual_services", registry, library)


@pytest.fixture
def fresh(registry, library):
    return pack_chat(
        "sexual_services", registry, library, step=timedelta(hours=3), fresh_members=True
    )


_fires = partial(fires_as, "sexual_services")


# (reply to an ad by another member, fires?): a client asks what the options include or
# states a budget; a member asks the same words about something else with no ad around.
MENU_QUESTIONS = [
    ("et c'est quoi la différence entre les deux formules ?", True),
    ("what's the difference between the two? is there an extra for more", True),
    ("vous avez quoi ce soir vers la gare ? j'ai 150", True),
    ("i've got 200 cash, booked the 11pm then", True),
]
MENU_TWINS = [
    "c'est quoi la différence entre un PEA et une assurance vie ?",
    "what's the difference between the two graphics cards?",
    "j'ai 150 abonnés sur ma chaîne, vous avez quoi comme conseils ?",
    "booked the 7pm train, see you then",
]


@pytest.mark.parametrize(("text", "fires"), MENU_QUESTIONS)
async def test_menu_and_budget_questions_after_an_ad_are_clients(chat, text, fires):
    ad = await chat.say(
        "massage relaxant « complet » 💋 120 la demi-heure, discrétion assurée, écris-moi",
        user="ad",
        room="r",
    )
    assert ad is not None
    assert await _fires(chat, text, user="client", room="r") is fires, text


@pytest.mark.parametrize("text", MENU_TWINS)
async def test_the_same_questions_without_an_ad_do_not_fire(fresh, text):
    assert not await _fires(fresh, text), text


SIGNS = [
    # A subscription that unlocks a meeting in person.
    ("offre VIP pour mes abonnés : abo à 40€ et je viens à ton hôtel, réserve en mp", True),
    ("subscribe for $15 and after a month you unlock a private date with me, dm me", True),
    ("mes abonnés ont accès aux vidéos de recettes en avant-première, abo à 3€", False),
    ("subscribe to the newsletter for $5, members get a private tour of the brewery", False),
    # Papers held so the women cannot leave, with the pimp's cut or girls.
    ("my girls work Leeds this weekend, I take my cut and hold their passports", True),
    ("je garde leurs passeports, elles bossent à Lyon, 50/50 sur les clients", True),
    ("je garde les papiers de la voiture dans la boîte à gants", False),
    ("the travel agent will hold their passports until the visas come back", False),
    # A pitch that recruits the person addressed.
    ("t'es jolie, tu ferais bcp d'argent avec moi, j'ai des clients discrets", True),
    ("three clients a night and your rent is paid, add me on telegram", True),
    ("tu ferais bcp d'argent avec tes dessins, tu devrais ouvrir une boutique", False),
    ("the bistro gets two clients a night on Mondays, add me if you want the job", False),
    # An ad made of a rate by the hour, a hotel or a trip, availability and a wink.
    ("dispo ce week-end sur Lausanne 💋 déplacement hôtel, heure 250", True),
    ("je fais du baby-sitting, 12€ de l'heure, dispo le soir, je me déplace à domicile", False),
    ("Cours de guitare à domicile, heure 40, dispo le week-end, discret et patient 😊", False),
    # Screening by e-mail: how independent escorts vet clients.
    ("back in town 💋 companion for gentlemen, screening via email only", True),
    ("film screening via zoom tonight, email only for the link", False),
    # Housing as the price of sex, half-said.
    ("spare room rent free for a girl who's nice to me, if you know what I mean 😉", True),
    ("chambre gratuite pour une étudiante, contre quelques moments ensemble 😉", True),
    ("room free in our flat from June, 450 a month, we're three girls and a cat", False),
    ("loyer gratuit le premier mois si vous signez avant vendredi, agence du centre", False),
]


@pytest.mark.parametrize(("text", "fires"), SIGNS)
async def test_trade_signs_and_their_twins(fresh, text, fires):
    assert await _fires(fresh, text) is fires, text
