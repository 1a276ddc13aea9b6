"""The drugs pack, through the engine: offers, buyers, deal follow-ups, hard negatives.

The sentences are written for these tests, not taken from the dev corpus.
"""

from datetime import timedelta

import pytest

from tests.support.packchat import pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("drugs", registry, library)


OFFERS = [
    # French, plain
    "Salut la team, nouvel arrivage de frappe, 10 balles le gramme, je bouge sur tout le 94",
    "dispo: weed, résine, coke. Prix en mp. Livraison rapide 🛵",
    "qui veut du shit ? 15e la barrette, je suis vers la gare",
    "ecsta à 10€ pièce, MD cristal 40 le g, livraison sur Lille",
    "j'ai du 3-MMC et de la kétamine, envoi postal discret",
    "vend lean codéine, prix dégressif",
    "je fais des pochons de 20 et de 50, tu m'appelles",
    "yo j'ai de la bonne résine marocaine, 5€ le g, viens au quartier",
    "ballons de proto pour vos soirées, 2€ l'unité, livré",
    # English, plain
    "got that gas 🔥 $20 a gram, dm me",
    "selling carts and edibles, ship nationwide, telegram only",
    "coke 90/g, delivery in the city, hmu",
    "shrooms available, $25 an eighth, cashapp only",
    "blues 20 each, can meet tonight",
    "plug here: xans, percs, addys. DM for prices",
    # emoji menu: several product emoji together say more than one
    "new menu up 🍃❄️💊 order before midnight, snap: the.candyman",
    "who's got coke? need an eight ball tonight",
]
EVASIONS = [
    "b.e.u.h dispo 10e le g",
    "g de la c0ke de ouf, 60 le gramme, snap: ze.plug.94",
    "k\u0435t\u0430 40 le g",  # Cyrillic e and a
    "c o c a i n e 80 le g",
    "w\u200be\u200be\u200bd $10 a g",  # zero-width spaces
    "weeeeed for sale dm",
    "\U0001d534\U0001d522\U0001d522\U0001d521 20 a gram",  # fraktur letters
    "sh\u0456t 7 balles le g, livraison",  # Cyrillic i
]
HARD_NEGATIVES = [
    "le documentaire sur la coke en Colombie était glaçant",
    "ne prenez jamais de cachets qu'on vous propose en soirée, prévention",
    "j'ai pris du doliprane 1000 mg, ça va mieux 💊",
    "my charger 🔌 broke, anyone selling a usb-c one for 10 bucks?",
    "snow ❄️❄️ everywhere, roads are closed, 20 cm overnight",
    "a coke and a burger for 8 dollars, good deal",
    "ce plug-in coûte 20€ par mois",
    "that shot was pure fire, the plug for this game is the dev",
    "Rappel: vente de drogue = ban. Signalez les messages.",
    "the police seized 2kg of cocaine in the port",
    "je vends mon vélo 150€, dispo ce week-end, mp",
    "livraison de pizza offerte dès 20€, commande sur l'appli",
    "j'ai acheté 500g de champignons de paris au marché, 4€",
    "i need some ice for the party, 2 bags, who can drop some?",
    "le prix du coca zéro a augmenté, 2€ la canette",
    "grosse frappe de Mbappé, 1-0 à la 20e",
    "this beat is crack 🔥 dm me for the link, $20 lease",
    "mdr j'ai fumé un joint hier, trop défoncé",
    "selling my old pc, 300 dollars, dm me",
    "recette du gâteau au chocolat : 200g de farine, 100g de sucre",
    "shit, 40 min de retard et 15€ de taxi",
    "I'm the plug for cheap keyboards, 30 bucks each",
    "can i get a coke and fries please",
]


@pytest.mark.parametrize("text", OFFERS + EVASIONS)
async def test_offers_fire_with_the_signals_that_made_them(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert str(match.category) == "drugs"
    assert "drugs.product" in match.signals
    assert any(s.startswith("drugs.combo.") for s in match.signals)
    assert match.spans
    assert all(s.text for s in match.spans)


@pytest.mark.parametrize("text", HARD_NEGATIVES)
async def test_everyday_words_alone_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_evasion_adds_weight_and_is_named(chat):
    match = await chat.say("c\u200bo\u200bk\u200be 70 le g, snap: xyz.shop")
    assert match is not None
    assert "drugs.hidden" in match.signals


async def test_spans_point_at_the_raw_text(chat):
    text = "Dispo: b3uh 10€ le g"
    match = await chat.say(text)
    assert match is not None
    assert any(text[s.start : s.end] == "b3uh" for s in match.spans)


async def test_buyer_is_flagged_only_right_after_an_offer(chat):
    assert await chat.say("ok je prends, combien ?", user="bob", room="a") is None
    offer = await chat.say("beuh dispo 10€ le g, livraison", user="dealer", room="a")
    assert offer is not None
    follow = await chat.say("ok je prends", user="bob", room="a")
    assert follow is not None
    assert "drugs.offer_nearby" in follow.signals
    # Another room saw no offer.
    assert await chat.say("ok je prends", user="carl", room="b") is None


async def test_buyer_is_not_flagged_once_the_thread_went_cold(chat):
    await chat.say("weed $10 a g, dm me", user="dealer", room="a")
    assert await chat.say("i'll take it", user="bob", room="a", seconds=3600) is None


async def test_the_rest_of_a_deal_is_judged_in_the_deal(chat):
    await chat.say("t'as encore de la beuh ? combien le g", user="bob", room="a")
    assert await chat.say("10 le g, je livre", user="dealer", room="a") is not None
    match = await chat.say("8 rue des Lilas, 2e étage", user="bob", room="a")
    assert match is not None
    assert "drugs.in_deal" in match.signals
    # A bystander who posts an address is not part of the deal.
    assert await chat.say("le resto c'est au 12 rue Nationale", user="eve", room="a") is None


async def test_an_unrelated_sale_after_an_offer_is_not_a_buyer(chat):
    await chat.say("beuh dispo, 10€ le g, snap: x.plug", user="dealer", room="a")
    assert (
        await chat.say("je vends ma tablette 80€, dispo ce soir, mp", user="pat", room="a") is None
    )
    assert await chat.say("200g de farine et 25cl de coca", user="tom", room="a") is None


@pytest.fixture
def fresh(registry, library):
    return pack_chat("drugs", registry, library, step=timedelta(hours=3), fresh_members=True)


# Buyers asking around, sellers saying it their way, vague words with the whole trade.
@pytest.mark.parametrize(
    "text",
    [
        "quelqu'un sait où je peux choper de la beuh sur Lille ?",
        "anyone know where to get molly for the festival?",
        "j'ai des pochons à 20, qui veut ?",
        "résine et weed de qualité, je me déplace sur tout le 93",
        "dealer dispo ce soir sur Marseille centre, écrivez",
        "d\u200cr\u200co\u200cg\u200cu\u200ce\u200cs dispo, livraison 24/7, telegram",
        "ya de la frappe, 20 balles le 5g",
    ],
)
async def test_reworded_deals_fire(fresh, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "drugs"


@pytest.mark.parametrize(
    "text",
    [
        "j'ai vu un reportage sur les dealers à Marseille, c'est chaud",
        "le médecin m'a prescrit du xanax pour l'anxiété",
        "can you grab me a coke and some chips from the store?",
        "my plug for sneakers has the new jordans",
        "où je peux trouver un bon resto sur Lille ?",
    ],
)
async def test_reworded_everyday_talk_does_not_fire(fresh, text):
    assert await fresh.say(text) is None


# Each class of phrasing the pack learnt, in both languages, with its lookalike twins.
# Party and UK slang: pingers, ket, charlie, mandy; "3 for 20"-style bundle prices.
PARTY_SLANG = [
    "festival this weekend, sorted with pingers and a bit of ket, 5 for 25, message me",
    "mandy and charlie for saturday, 40 a bag, can drop to the flat",
    "who's holding? after a couple of pingers for tonight",
    "de la k et des taz pour samedi, 30 le g, je me déplace",
    "p!ngers dispo pour le festival, 3 pour 20, mp",
]
PARTY_TWINS = [
    "festival this weekend, sorted the tent and the tickets, 5 for 25 on the food vouchers",
    "bump, still selling my old headset, $20, dm me",
    "Charlie is selling his bike, 40 quid, message him",
    "fist bump to whoever carried that raid last night",
    "le festival c'est samedi, les billets sont à 30, je me déplace en train",
]
# Shipping and payment words of online sellers: tracked post, stealth, e-transfer.
SHIPPING = [
    "runtz and zkittlez in, royal mail tracked, stealth packaging, pay in crypto",
    "roxies and etizolam, ships nationwide, vacuum sealed, telegram for the list",
    "soap bar and resin, next day delivery uk wide, dm",
    "beuz et schnouf, envoi colissimo sous vide, commande sur telegram",
]
SHIPPING_TWINS = [
    "my order shipped royal mail tracked, should arrive tomorrow",
    "new keyboard in, ships nationwide, pay with e-transfer, dm me",
    "colis envoyé en colissimo, livraison prévue demain",
]
# Prices said in words or per unit ("twenty a bag", "vingt balles le pochon").
PRICES = [
    "twenty a bag of zaza, pull up behind the shops",
    "runtz in, eighth is 30, quarter 55, can meet after work",
    "vingt balles le pochon, en bas du bât B",
    "la dose de md à 10 balles, je passe déposer chez toi",
    "got that gas 🔥 eighths 25, quarters 45, hit my line",
]
PRICE_TWINS = [
    "twenty a bag for the charity raffle, come by the hall",
    "the game has four quarters 15 minutes each, hit me up for tickets",
    "la pizza à 10 balles, livraison en scooter offerte",
]
# Pharmaceuticals sold without a prescription.
PILLS = [
    "lyrica et prégabaline sans ordonnance, 3€ le cachet, idéal pour les soirées",
    "vallies and roxies no prescription needed, 5 each, dm",
]
PILL_TWINS = [
    "mon médecin m'a prescrit de la prégabaline, 2 cachets par jour",
    "my doctor prescribed roxies after the surgery, the pharmacy was out",
]
# Buyers asking in their words, and the seller's answers inside an exchange.
BUYERS = [
    "anyone holding near the station? need some mandy for tonight",
    "t'as quoi comme beuh en ce moment ? cb le g ?",
    "mets m'en 5g de la verte, je passe chercher à 20h",
    "who's the plug round here? need thc pens for the weekend",
    "c'est qui le plug sur Nantes ? je cherche de la ké",
]
# A unit of an ambiguous street name: "a gram of charlie", "de la bonne".
UNITS = [
    "can you sort me a gram of charlie before the club",
    "j'ai de la bonne, 5g à 40, viens en bas",
    "whos selling round here, need a bag of chang for tonight, 50 is fine",
]
UNIT_TWINS = [
    "a gram of sugar in the recipe, then a bit of white chocolate",
    "j'ai de la bonne musique pour ce soir, viens en bas à 20h",
    "i need a bag of ice and a bag of white rice for the party tonight",
]
# A "plug" for sneakers or tickets is a reseller, not a dealer.
RESELLERS = [
    "my plug for sneakers restocked, jordans 180 each, dm",
    "mon plug pour les billets du concert en a encore, 60€ la place, mp",
]
BUYER_TWINS = [
    "anyone holding the door for the late raid? we need one more",
    "who's the plug for cheap concert tickets? need 2 for friday",
    "t'as quoi comme jeux sur la switch ? je passe chercher la manette à 20h",
]

# Snow as weather or sport, ❄️ included, and the coded offers the same words make.
WINTER = [
    "snow this weekend ❄️ who's up for skiing? dm me",
    "la neige est là ❄️ sortie luge dispo samedi, écrivez moi",
    "❄️ fresh powder at the resort, 2 spots left in my car, dm me",
    "snow ❄️ tonight, roads are bad, message me if you need a lift",
    "neige ❄️ ce week-end, station ouverte, forfait 35€, mp pour covoit",
    "first snow ❄️ anyone got spare gloves? dm",
]
SNOW_OFFERS = [
    "snow ❄️ available, dm me",
    "de la neige ❄️ dispo, livraison",
]


@pytest.mark.parametrize(
    "text", PARTY_SLANG + SHIPPING + PRICES + PILLS + BUYERS + UNITS + SNOW_OFFERS
)
async def test_new_phrasings_fire(fresh, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "drugs"


@pytest.mark.parametrize(
    "text",
    PARTY_TWINS
    + SHIPPING_TWINS
    + PRICE_TWINS
    + PILL_TWINS
    + BUYER_TWINS
    + UNIT_TWINS
    + RESELLERS
    + WINTER,
)
async def test_their_everyday_twins_do_not_fire(fresh, text):
    assert await fresh.say(text) is None


# Songs, films and pharmacy talk about the same products.
@pytest.mark.parametrize(
    "text",
    [
        "the new album has a song about selling pingers at festivals, 10/10",
        "le nouveau son parle de beuh livrée en scoot, le clip est ouf",
        "la pharmacienne m'a donné du lyrica, 2 plaquettes pour le mois",
        "breaking bad is the best series, the meth lab episode",
    ],
)
async def test_culture_and_pharmacy_talk_does_not_fire(fresh, text):
    assert await fresh.say(text) is None


async def test_a_festival_deal_is_followed_message_by_message(chat):
    offer = await chat.say("pingers and ket for the weekend, 3 for 20, dm", user="s", room="f")
    assert offer is not None
    ask = await chat.say("@s how much for 10 pingers, and any coke?", user="b", room="f")
    assert ask is not None
    reply = await chat.say("10 for 45, a bump is 60 a g, meet by the gate", user="s", room="f")
    assert reply is not None
    assert await chat.say("say less, ill grab 10", user="b", room="f") is not None
    # A bystander chatting about the festival in the same room stays unflagged.
    assert await chat.say("anyone got a spare tent peg?", user="c", room="f") is None


# Each class of phrasing below comes with its everyday twin: (text, fires?).
STEROIDS = [
    ("tren, anavar and test cyp back in stock, pharma grade, tracked post", True),
    ("cure de testo + dianabol dispo, envoi discret partout en france", True),
    ("sarms and clen for your cut, dm for the list", True),
    ("my doctor put me on testosterone, my levels were low", False),
    ("on a fait une cure de vitamine D tout l'hiver, envoi du compte-rendu par mail", False),
    ("new gear for the gym: belt, straps and shoes, dm me for the link", False),
]
SMS_AND_REGIONAL = [
    ("jte fais la 20 à 100, de la bonne frappe, mp", True),
    ("il fait l'once à 120 le gars du dépanneur, jte livre sur Laval", True),
    ("pot pis peanuts 🥜 en spécial à soir, texte-moé", True),
    ("jte fais la vaisselle si tu me fais le dessert à 20h", False),
    ("une once de bon sens suffirait, franchement", False),
    ("les peanuts sont en spécial au IGA à soir", False),
]
EMOJI_NOUNS = [
    ("qui sait où trouver de la 🍃 vers Lille, pas trop cher ?", True),
    ("il tombe de la ❄️ sur Lille ce soir, pas trop cher le ski ?", False),
]
AT_SIGN_HANDLES = [
    ("coke 80 le g. add me tele: @night_shop", True),
    ("stream tonight, tele: @gaming_ch for the link", False),
]
WORDS_OF_ANOTHER_LANGUAGE = [
    # "came" is French slang and an English verb; "hero" a camera.
    ("it came from paypal, ship it today please", False),
    ("vends GoPro Hero 9, 150 €, remise en main propre", False),
    ("j'ai de la came, livraison ce soir", True),
    # The weed a garden gets rid of.
    ("selling half a bottle of weed killer and a rake, £5 for both, collect only", False),
    ("got weed and a bottle of weed killer lol, 10 a g", True),
    # Carts that hold ink or carry golf bags.
    ("anyone selling golf carts? need two for the club", False),
    ("anyone know where to recycle printer carts?", False),
    ("anyone selling carts? need a couple of thc vapes before the festival", True),
]
MODERATORS_AND_MEDICINE = [
    # A seller dodging the moderators, or calling himself the pharmacist, still sells.
    ("Le Pharmacien ouvert 7/7 💊 xanax 5 l'unité, livraison", True),
    ("3g de beuh à 30, écris moi sur signal, ya des modos ici", True),
    ("le pharmacien m'a donné du xanax, 1 boîte pour le mois", False),
    ("ya des modos ici, merci de pas spammer les salons", False),
]
SHIPPING_FEES = [
    ("votre colis attend : réglez 1,99€ de frais d'envoi ici", False),
    ("shipping fee of 2 dollars to get your parcel", False),
]


@pytest.mark.parametrize(
    ("text", "fires"),
    STEROIDS
    + SMS_AND_REGIONAL
    + EMOJI_NOUNS
    + AT_SIGN_HANDLES
    + WORDS_OF_ANOTHER_LANGUAGE
    + MODERATORS_AND_MEDICINE
    + SHIPPING_FEES,
)
async def test_phrasing_classes_and_their_twins(fresh, text, fires):
    match = await fresh.say(text)
    assert (match is not None) == fires, text
    if fires:
        assert str(match.category) == "drugs"


async def test_closing_a_deal_is_followed_without_product_words(chat):
    assert await chat.say("beuh 10 le g, livraison, mp", user="s", room="d") is not None
    assert await chat.say("t'as combien pour 40 ?", user="b", room="d") is not None
    # Agreeing, a time, a place, moving to private: the same deal, no product named.
    assert await chat.say("vendu, jt'écris", user="b", room="d") is not None
    assert await chat.say("21h derrière la gare, espèces", user="s", room="d") is not None
    # A bystander's car-share with a time and a price is no answer to the offer.
    bystander = "covoit départ 14h de la gare, 8€ par personne"
    assert await chat.say(bystander, user="c", room="d") is None


async def test_an_english_deal_closing_is_followed(chat):
    assert await chat.say("pressies 2 for 15, dm", user="s", room="e") is not None
    assert await chat.say("how much for 6 pressies?", user="b", room="e") is not None
    assert await chat.say("sorted, same spot as last time at 11", user="s", room="e") is not None
    # Another member's question about the time of a concert stays unflagged.
    assert await chat.say("what time does the gig start?", user="c", room="e") is None
