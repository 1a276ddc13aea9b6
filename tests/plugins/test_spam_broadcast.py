"""The spam pack on scam-like offers broadcast to the room, crypto shills and countdown links.

Each class is one table of (text, fires?): every advert has a twin in the same words that
a member could write without advertising (a question, a warning, a plain job or loan talk).
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")


# An easy-money scheme (a job from the phone, a private loan, fund recovery, easy money) with
# a way to reach it (an e-mail, a phone, an app handle, a link or a call to join).
SCHEMES = [
    (
        "On recrute ! Travail depuis ton téléphone, 200€ par jour, rejoins notre canal telegram "
        "@jobs_express",
        True,
    ),
    ("Quelqu'un a un job étudiant à proposer ? je cherche du travail le week-end", False),
    (
        "Remote job offer: earn $400 a day from your phone, no experience, "
        "join t.me/quickcash_jobs",
        True,
    ),
    ("Our bakery is hiring a part-time cashier, apply in store on Monday", False),
    (
        "Prêt rapide entre particuliers de 2000 à 40 000€ sans justificatif, contactez-nous : "
        "credit.facile@example.fr",
        True,
    ),
    ("Je cherche un prêt pour ma voiture, quelqu'un connaît une bonne banque ?", False),
    (
        "Private loans for everyone, bad credit ok, approval in 24h, email fastloans@example.com",
        True,
    ),
    ("my bank refused my loan again, bad credit sucks", False),
    (
        "Vous avez perdu des cryptos ? Nous récupérons vos fonds en 48h, écrivez à "
        "recuperation.crypto@example.fr",
        True,
    ),
    ("J'ai perdu mes cryptos sur un faux site, comment je porte plainte ?", False),
    ("Our team recovers stolen funds in 48h, WhatsApp +44 7700 900123", True),
    ("the police could not recover my stolen bike, any advice?", False),
    ("Argent facile 💸 revenus passifs garantis, rejoins le groupe whatsapp, lien en bio", True),
    ("l'argent facile ça n'existe pas, méfiez vous des groupes telegram", False),
    ("Easy money 💸 passive income every week, join my telegram channel @richlife_signals", True),
    ("there's no such thing as easy money, that telegram channel is a scam", False),
]

# A token presale pushed to the room: a ticker, a multiplier, a call to buy before it lists.
SHILLS = [
    ("$ZORBX presale is live 🚀 1000x gem, ape in before launch", True),
    ("My cousin lost money in a presale scam, any idea how to report it?", False),
    ("Prévente du token $LUNAX ouverte 🚀 x100 assuré, achetez avant le listing", True),
    ("La prévente des billets du concert ouvre demain sur le site de la salle", False),
]

# A countdown, a link and a row of emoji: the decoration of a broadcast, not of a member.
COUNTDOWNS = [
    ("⏰⏰⏰ DERNIERE CHANCE ⏰⏰⏰ gros-lots.example.com", True),
    ("dernière chance pour s'inscrire au tournoi de dimanche, le lien est dans #annonces", False),
    ("💥💥💥 LAST CALL 💥💥💥 winbig-now.example.net", True),
    ("last chance to grab tickets for the school play: tickets.example.org", False),
]


# A link spelled so that filters miss it: spaced dots, "point com", brackets around the dot.
HIDDEN_LINKS = [
    ("🎯 T R I G G E R B O T pas cher 🎯 t r i c h e s h o p . e x a m p l e . f r", True),
    ("le site . com de la mairie est en panne depuis ce matin", False),
    ("free skins at f r e e s k i n z dot net", True),
    ("good point, me too", False),
    ("cheap followers on boostme[.]shop, dm", True),
    ("j'ai vu ça sur leboncoin point fr hier, un vélo à 50 balles", False),
    ("clique vite : cadeaux-skins (point) fr", True),
    ("c'est bon. Ca marche pour demain", False),
]

# Plugs and sales an unseen writer reaches for: premium accounts, app handles, money flips,
# "come hang out on my stream", easy money online.
PLUGS = [
    ("dm me for cheap netflix premium, 3€ a month", True),
    ("Netflix a encore augmenté ses prix, je vais résilier", False),
    ("abonnement IPTV 12 mois, 15 000 chaînes, mp pour tester", True),
    ("c'est quoi l'IPTV ? mon oncle en parle tout le temps", False),
    ("tiktok @milo.skate, une vidéo de skate par jour, abonnez-vous 🛹", True),
    ("je l'ai vu sur tiktok @milo.skate, il est trop fort", False),
    ("💯 PayPal flips 💯 send 50 get 500, telegram @flipmaster", True),
    ("can someone send 50 to get the group gift? I'll pay you back", False),
    ("come hang out in my twitch chat tonight, ranked grind from 9pm 🎮", True),
    ("I watched a ranked grind on twitch last night, so good", False),
    ("Pour gagner de l'argent en ligne, ma méthode est sur mon insta @liberte.cash", True),
    ("tu crois qu'on peut vraiment gagner de l'argent en ligne ? je suis sceptique", False),
]


# Server pitches whose link is sent in private, commissions, followers resold in a few words.
PITCHES = [
    ("Tu cherches un serveur chill ? on est 500, soirées jeux chaque semaine, lien en mp", True),
    ("Je cherche un serveur chill pour jouer à Minecraft, vous avez des idées ?", False),
    ("looking for new members! our server runs game nights every friday, dm for the invite", True),
    ("I'm looking for a new server to play valorant with, any recommendations?", False),
    ("Commandes ouvertes 🎨 portraits à partir de 20€, écrivez-moi en mp", True),
    ("les commandes de pizza sont ouvertes jusqu'à 20h pour la soirée de l'asso", False),
    ("Qui veut des abonnés insta ? j'en vends, 4€ les 1000, mp", True),
    ("j'ai perdu 1000 abonnés insta en une semaine, je comprends pas", False),
]


@pytest.mark.parametrize(("text", "fires"), PITCHES)
async def test_server_pitches_commissions_and_resold_followers(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text


@pytest.mark.parametrize(("text", "fires"), HIDDEN_LINKS)
async def test_hidden_links_with_an_advert(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text


@pytest.mark.parametrize(("text", "fires"), PLUGS)
async def test_plugs_and_sales_in_other_words(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text


@pytest.mark.parametrize(("text", "fires"), SCHEMES)
async def test_scheme_adverts_with_a_contact_point(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text


@pytest.mark.parametrize(("text", "fires"), SHILLS)
async def test_crypto_presale_shills(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text


@pytest.mark.parametrize(("text", "fires"), COUNTDOWNS)
async def test_countdown_links_dressed_in_emoji(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text


async def test_a_scheme_repeated_bare_by_its_advertiser_is_still_spam(spam_thread):
    ad = "Revenus passifs 💸 rejoins le canal telegram @liberte_fi_club"
    assert await spam_thread.say(ad, user="rex") is not None
    again = await spam_thread.say("R E V E N U S   P A S S I F S 💸", user="rex")
    assert again is not None
    assert "spam.recent_promo" in again.signals
    # Another member saying the words is not continuing anyone's advert.
    assert await spam_thread.say("revenus passifs, c'est ça qu'il vend ?", user="ana") is None
