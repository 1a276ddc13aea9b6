"""The spam pack on promo codes, bought audiences, private-message sellers and side trades.

A code to type in (DISCORD30, PROMO50) beside a discount, a gift, a price or a link is
someone selling; a wifi password or a booking reference is not. "Real followers", "grow
your channel" and guaranteed subscribers sell an audience; a band's real fans do not. A
service offered "contactez-moi en privé" is an advert; the same words about a lift are
not. Game currency sold "safe method, no ban", copies "same as the original", a blue tick,
paid shoutouts, an app pushed with one's invite link, a stream announced on Kick, a
home-business pitch, a hook-up site, essays written to order, psychics, miracle diets and
begged votes are the other trades rooms get advertised. The sentences are written for
these tests, not taken from any corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")

CODES = [
    ("-25% sur toute la boutique de bougies avec le code HIVER25, livraison offerte", True),
    ("my sister's bakery does 20% off this week, use code BREAD20 at the counter", True),
    ("remise de 20% sur les coques avec le code COQUE20, livraison 48h", True),
    ("200€ offerts à l'ouverture du compte avec mon code parrainage LUCAS200", True),
    ("free month of the app with code TRIAL30, link in my bio", True),
    ("le code wifi de la salle c'est SALLE2026, demandez à l'accueil", False),
    ("my booking code is QX7TZ2, can someone check if it shows on your end?", False),
    ("the door code changed to 4821, don't share it outside the server", False),
    ("il faut taper le code A12 à l'entrée du parking", False),
]
AUDIENCES = [
    ("I'll grow your channel to 1k subs this month, real subscribers, $30, dm me", True),
    ("real followers for your tiktok, 5k for 10$, fast delivery", True),
    ("je booste votre compte tiktok : 2000 abonnés garantis pour 15€", True),
    ("vrais abonnés, pas des bots, 1000 pour 6€, paiement paypal", True),
    ("the band's real followers know the B-sides better than the hits", False),
    ("how do you grow your channel without buying anything? I post every day and nothing", False),
    ("mes vrais abonnés sont ceux qui commentent, merci à vous ❤️", False),
    ("vos reels à 50k vues garanties pour 12€, écrivez-moi", True),
    ("I'll push your track to 100k streams, real listeners, 30$, message me", True),
    ("mon edit a fait 40k vues sur insta, je suis choquée", False),
    ("that song has 300k plays already, crazy for a first single", False),
]
PRIVATE_SELLERS = [
    ("je fais vos devoirs de maths, tous niveaux, contacte-moi en message privé", True),
    ("je monte à Lyon samedi, il reste deux places, contactez-moi en privé", False),
    ("j'ai fini mes devoirs de maths, quelqu'un veut réviser en vocal ?", False),
]

SIDE_TRADES = [
    ("selling cheap robux, 4500 for 20 dollars, safe method no ban, dm me", True),
    ("je vends des v-bucks pas chers, 5000 pour 15€, méthode sûre, mp", True),
    ("designer sunglasses same as the original, 25$ with the box, dm me", True),
    ("montres qualité identique à l'original, 40€ pièce, envoi en 48h, écrivez-moi en mp", True),
    ("blue tick on your tiktok in 48h, 100% safe, only 25$, dm me", True),
    ("paid shoutouts on my 30k insta, 8$ a post, dm to book", True),
    ("this budgeting app pays you for receipts, sign up with my referral link for 5 free", True),
    ("going live on kick in 10 min, come through kick.com/lenaplays_fr", True),
    ("deviens ton propre patron, rejoins mon équipe, tout se fait depuis ton téléphone, mp", True),
    ("plans coquins dans ta ville 😏 inscription gratuite sur coquin-local.example.net", True),
    ("my cousin got scammed buying robux from a random, don't do it", False),
    ("cheap robux from randoms are either stolen or fake, don't buy them", False),
    ("« des v-bucks pas chers » d'un inconnu, c'est volé à 100%", False),
    ("the replica of the painting in the museum shop is the same as the original to me", False),
    ("how did the streamer get a blue tick so fast? I've been waiting months", False),
    ("shoutout to the mods who stayed up during the raid, absolute heroes", False),
    ("il a créé sa boîte et il est devenu son propre patron, je suis fier de lui", False),
    ("is she streaming on kick now or did she stay on twitch?", False),
    ("read my fanfic pls, chapter 12 is up tonight wattpad.com/story/skyfall", True),
    ("lisez mon webtoon svp, un nouvel épisode chaque vendredi 👉 webtoons.com/fr/lune", True),
    ("can you read my story and tell me if the ending works? it's in the google doc", False),
    ("je lis une fanfic géniale sur wattpad en ce moment, quelqu'un veut le lien ?", False),
    ("I bought this lamp, check it out amazon.fr/dp/B07XYZ, super cheap", False),
]


# Essay mills: written for you, free of plagiarism, beside a link or a price.
ESSAY_MILLS = [
    ("📚 CHEAP ESSAYS, any subject, 48h turnaround 👉 uni-writers.example.com", True),
    ("thesis stress? written by PhD experts, plagiarism-free, dm for a quote", True),
    ("mémoires rédigés par des profs, 0% plagiat ➡️ memoire-express.example.fr", True),
    ("our tutor says to run the essay through the plagiarism checker before you submit", False),
    ("j'ai rendu mon mémoire hier, sans plagiat promis, le prof a tout vérifié 😅", False),
]

# Psychics and love spells, miracle diets, votes begged with a link, merch in the bio.
STALLS = [
    ("voyance sérieuse par téléphone, retour affectif rapide, 30€ la consultation", True),
    ("powerful love spell to bring back your ex in 3 days, whatsapp me", True),
    ("lose 8 kilos in 3 weeks with my detox tea, dm me for the plan", True),
    ("vote for our band in the battle, it takes one click 👉 battle-vote.example.com/b/7", True),
    ("new hoodies are out, free shipping till sunday, shop in my bio 🔥", True),
    ("ma tante fait de la voyance, elle y croit à fond, moi pas trop", False),
    ("j'ai perdu 5 kilos en 2 mois depuis que je cours le matin", False),
    ("don't forget to vote for our class rep on friday, the ballot is in the hall", False),
    ("please vote in the server poll for next month's event 👉 poll.example.com/abc", False),
    ("check my bio if you want my steam friend code for the tournament", False),
]


@pytest.mark.parametrize(
    ("text", "fires"), CODES + AUDIENCES + PRIVATE_SELLERS + SIDE_TRADES + ESSAY_MILLS + STALLS
)
async def test_codes_audiences_and_private_sellers_and_their_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
