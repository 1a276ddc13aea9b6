"""The scam pack leaves other trades and honest income to their own packs.

Each class has firing sentences and false-positive twins, in French and English, written
for these tests.
"""

import pytest

from tests.support.packchat import pack_chat


@pytest.fixture
def chat(registry, library):
    return pack_chat("scam", registry, library)


# (text, fires?) per class.
# Runner and lookout recruitment is drugs + child_safety, not a fraud; a real mule or
# "easy money" pitch still is.
RECRUITMENT = [
    ("need a youngen to go country this weekend, 250 a day, we pay the train", False),
    ("tu veux faire 100 balles par jour ? juste guetter en bas du bloc, rien d'autre", False),
    ("on cherche un charbonneur pour le point, 120 par jour, tu gardes ta part", False),
    ("gagne 300€ par jour sans rien faire, écris-moi sur télégram", True),
    ("earn $400 a day from your phone, no experience, dm me on whatsapp", True),
]
# Honest side income told with its limits.
SIDE_INCOME = [
    ("je fais des vide-greniers le dimanche, 150€ par mois, c'est pas la fortune", False),
    ("i flip furniture on weekends, maybe 200 a month, it's not much but it's fun", False),
    ("complément de revenu garanti : 200€ par jour depuis ton canapé, mp", True),
    ("passive income 500 a week guaranteed, zero risk, dm me", True),
]
# A gift card offered to a child for a photo or for secrecy is grooming (child_safety).
GIFT_TO_A_CHILD = [
    ("i'll send u a steam gift card if u send me a selfie, just for me ok", False),
    ("je t'envoie une carte cadeau roblox, envoie moi une photo de toi, c'est notre secret", False),
    ("you won a free steam gift card 🎁 claim it now: steam-giftcards.example.net", True),
]
# Sex-work deposits, drugs with a payment rule, a subscription page with meetings.
OTHER_TRADES = [
    ("2 hours 300, incall only, deposit first by paysafecard", False),
    ("tren and anavar in stock, crypto only, no refunds", False),
    ("my onlyfans is 40% off, custom content and meetups for my top fans, link in bio", False),
    ("nintendo switch 90€, paysafecard only, no refund, i ship tomorrow", True),
]
# A robbery plan and a server's own giveaways are not frauds at a distance.
ROBBERY_AND_SERVER = [
    ("we wait by the garages and take his phone and wallet, he won't call the cops", False),
    ("on le dépouille à la sortie, prends son portefeuille et son tel", False),
    ("join our server 🚀 10k members, free nitro giveaways every week", False),
    ("rejoins notre serveur, giveaway nitro gratuit chaque samedi", False),
    ("free nitro for everyone 🎁 claim before midnight: nitro-gifts.example.com", True),
]
# "Argent facile" once is one signal, not a promise of returns plus a job.
EASY_MONEY_ONCE = [
    ("ARGENT FACILE 💰 rejoins le canal", False),
    ("easy money 💰 join the channel", False),
    ("argent facile : investis 100€ et reçois 1000€ en 7 jours, lien en mp", True),
]
# Papers sold without the exam: a certificate or a licence paid up front is a fraud;
# an exam passed without a school, or a warning about such offers, is not.
FAKE_PAPERS = [
    ("certificat DELF B2 officiel sans passer l'examen, 200€, écris-moi en mp", True),
    ("IELTS 7.5 certificate without taking the exam, 300 quid, dm me", True),
    ("j'ai eu mon DELF B2 sans passer par une école, 120€ d'inscription quand même", False),
    ("le permis sans passer le code ça existe pas, 1200€ l'auto-école c'est le prix", False),
    ("'certificate without taking the exam' for 300 quid 🙄 nobody fall for this", False),
]


@pytest.mark.parametrize(
    ("text", "fires"),
    RECRUITMENT
    + SIDE_INCOME
    + GIFT_TO_A_CHILD
    + OTHER_TRADES
    + ROBBERY_AND_SERVER
    + EASY_MONEY_ONCE
    + FAKE_PAPERS,
)
async def test_scam_fires_on_frauds_not_on_other_trades(chat, text, fires):
    match = await chat.say(text)
    assert (match is not None and str(match.category) == "scam") is fires, text
