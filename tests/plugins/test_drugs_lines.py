"""The drugs pack on recruitment for a line, coded menus, slang asks and ordinary sales.

Each class has firing sentences and false-positive twins, in French and English, written
for these tests.
"""

import pytest

from tests.support.packchat import pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("drugs", registry, library)


# (text, fires?) per class.
# Recruiting runners and lookouts: a trade word with a wage or the street around it.
RECRUITMENT = [
    ("who wants to go country next week, 200 a day, we sort the ticket", True),
    ("need someone to run the line from a flat in Hastings, easy p, keep your mouth shut", True),
    ("cherche un guetteur pour le point, 80 balles la journée", True),
    ("tu fais le chouf en bas de la tour, tu cries quand les keufs arrivent", True),
    ("on cherche des petits pour chouffer devant le bâtiment, 60 balles la journée", True),
    ("need youngers to go OT next week, 300 a week, phone sorted", True),
    ("our youngers won the cup on saturday, tickets 5 quid at the gate", False),
    ("the documentary on county lines was grim, kids of 14 exploited", False),
    ("je charbonne au taf pour 90 balles par jour, c'est dur", False),
    ("we're going to the country this weekend, 3 days, the kids love it", False),
]
# A coded offer to send the product list.
MENU = [
    ("all tested, hit me up for the menu", True),
    ("menu en mp, livraison rapide", True),
    ("dm me for the menu, best burgers in town, open till 11", False),
    ("écris-moi pour le menu du traiteur, plat du jour à 12€", False),
]
# Buyers in slang: Irish yokes, a spelled snow, a bare "anyone know where".
SLANG_ASKS = [
    ("anyone know where to get yokes for saturday", True),
    ("anyone know where to get a bit of sn0w and some yokes", True),
    ("anyone know where to get snow chains for the car", False),
    ("the yoke on the wall is broken, anyone know where to get a new one", False),
]
# "Anyone selling" names the thing: ordinary goods are not a plug.
ORDINARY_SALES = [
    ("anyone selling a second-hand desk near the station?", False),
    ("quelqu'un vend un canapé pas trop cher vers Nantes ?", False),
    ("anyone selling bud tonight? paying cash", True),
]
# The product told by what it does: "de quoi tenir la nuit", "something to keep you up".
BY_ITS_EFFECT = [
    ("si vous voulez de quoi tenir la nuit, 20 le cachet, je passe vers 22h", True),
    ("je cherche de quoi planer pour samedi, qqn a un plan ? 30 balles le g ça va", True),
    ("something to keep you up for the rave, 10 a pill, dm me", True),
    ("j'ai de quoi tenir la nuit : trois thermos de café et des madeleines", False),
    ("prends un pull, y'a de quoi tenir la nuit au bivouac", False),
    ("need something to keep you up during finals? coffee, 2 for 3 quid at the union bar", False),
]


@pytest.mark.parametrize(
    ("text", "fires"), RECRUITMENT + MENU + SLANG_ASKS + ORDINARY_SALES + BY_ITS_EFFECT
)
async def test_drugs_fires_on_the_trade_not_on_its_words(chat, text, fires):
    match = await chat.say(text)
    assert (match is not None and str(match.category) == "drugs") is fires, text


async def test_a_question_about_a_chair_after_a_sale_is_not_a_buyer(chat):
    offer = await chat.say("weed and carts, $20 a gram, dm me", user="dealer", room="market")
    assert offer is not None
    assert await chat.say("anyone selling a gaming chair?", user="bob", room="market") is None


# (message posted by someone else right after a sale, fires?): another trade's ad or
# recruitment is not a buyer; a buyer is.
AFTER_A_SALE = [
    ("need a break from uni bills? generous gentlemen want company, message me", False),
    ("tu galères ce mois-ci ? des hommes généreux cherchent de la compagnie, écris-moi", False),
    ("sweet gfe, incalls and outcalls, text for menu", False),
    ("how much for a half? can meet tonight", True),
    ("t'as encore de la beuh ? combien le 10", True),
]


@pytest.mark.parametrize(("text", "fires"), AFTER_A_SALE)
async def test_another_trade_after_a_sale_is_not_a_buyer(chat, text, fires):
    offer = await chat.say("weed 10€ le g, livraison, snap: xx.plug", user="dealer", room="r")
    assert offer is not None
    match = await chat.say(text, user="other", room="r")
    assert (match is not None and str(match.category) == "drugs") is fires, text
