"""The scam pack, through the engine: lures that combine, evasion, hard negatives.

The sentences are written for these tests, not taken from the dev corpus.
"""

from datetime import timedelta

import pytest

from tests.support.packchat import pack_chat

_CYRILLIC = str.maketrans("aeopcxy", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443")


def cyrillic(text):
    """Swap Latin letters for their Cyrillic lookalikes, as spammers do."""
    return text.translate(_CYRILLIC)


def fullwidth(text):
    """Write ASCII letters in fullwidth forms."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def bold(text):
    """Write capital letters in mathematical bold."""
    return "".join(chr(0x1D400 + ord(c) - 65) if "A" <= c <= "Z" else c for c in text)


@pytest.fixture(scope="module")
def chat(registry):
    return pack_chat("scam", registry, step=timedelta(minutes=5), fresh_members=True)


SCAMS = [
    # fake gifts and phishing links
    "🎁 Discord offre 1 an de Nitro aux membres actifs ! Récupère le tien 👉 "
    "https://discord-gifts.club/nitro",
    "free steam gift card 50$ for the first 20 people, claim at steamgiftcards-free.xyz",
    "yo someone is giving away nitro, just log in here https://dlscord.com/gifts/abc",
    "Claim your free $100 Roblox gift card before it expires: robIox-rewards.com/claim",
    "🎁 Steam t'offre un jeu ! Connecte-toi ici pour le récupérer : steamcommunity.com-giftcard.ru",
    # fake support, account threats, credentials
    "Bonjour, ici le support Discord. Votre compte a été signalé, envoyez-moi le code reçu par SMS",
    "hey this is steam support, your account will be suspended unless you verify your identity "
    "at steam-verify-login.com",
    "cc c le support riot, ton compte va être ban, envoie ton identifiant et mdp pour vérifier",
    "pls send me the 6 digit code you just got, i typed my number wrong",
    "Your Apple ID has been locked. Confirm your details at apple-id-verify.support",
    # SMS-style phishing
    "Votre colis est en attente de livraison, réglez les frais de 1,99€ : "
    "https://colis-suivi-fr.info/paiement",
    "AMELI: vous avez droit à un remboursement de 128,40€ https://ameli-remb.fr-secure.xyz",
    "USPS: your package could not be delivered, pay the $1.50 redelivery fee at "
    "usps-track-redelivery.top",
    # investment, crypto doubling, money mules and job scams
    "Investis 200€ aujourd'hui, reçois 2000€ dans 48h grâce à mon trader, rendement garanti, "
    "écris-moi sur WhatsApp",
    "I made $4,000 this week with crypto signals from my mentor, DM me and I'll connect you",
    "bitcoin doubler 2x in 6 hours, send any amount to my wallet",
    "rejoins mon groupe telegram, on fait x10 en 24h sur des memecoins, zéro risque",
    "cherche personnes pour recevoir des virements sur leur compte, tu gardes 15%, argent facile",
    "work from home, earn $500 a day, no experience needed, message me on telegram",
    # sextortion, advance fee, prizes with fees, recovery
    "j'ai des vidéos de toi devant ta webcam, envoie 500€ en bitcoin ou je les envoie à tous tes "
    "contacts",
    "pay me 200 or these pics go to everyone at your school",
    "Félicitations ! Vous avez gagné un iPhone 16, payez juste les frais de livraison de 2€",
    "Scammed by a fake broker? Our recovery agents got back $2M for clients, WhatsApp us",
    "try my beta pls 🙏 link: dropbox-files.click/Beta_Launcher.exe",
    # evasion: fullwidth, math letters, leetspeak, spacing, Cyrillic
    fullwidth("Free nitro") + " ➡ https://discrod-promo.gift/claim",
    bold("FREE STEAM SKINS") + " claim at csgo-skins-drop.xyz",
    "fr33 v-bucks gen3rator, enter your username and password here",
    "n.i.t.r.o g.r.a.t.u.i.t, connecte-toi avec discord sur dlscord-app.ru",
    cyrillic("Gagne 300€ par jour depuis ton canape, aucune experience") + ", contacte-moi",
    "Ton colis Chronopost n'a pas pu être livré, reprogramme la livraison ici",
    "oops je t'ai signalé par erreur, contacte vite cet admin sinon ton compte sera banni",
    # A gift link written out to dodge filters.
    "🎁 free nitro for everyone, claim at giftnitro dot example dot com",
    "nitro offert aux 50 premiers 🎁 nitro-drop [.] com",
]
NOT_SCAMS = [
    "attention, arnaque en cours : des faux messages 'nitro gratuit' circulent, ne cliquez pas",
    "j'ai reçu un SMS 'votre colis est en attente', c'est du phishing, supprimez-le",
    "PSA: steam will never ask for your password, report fake support accounts",
    "my grandma got a text about a customs fee for a parcel, obvious scam, warn your family",
    "the news said crypto scams cost people billions last year",
    "j'ai acheté nitro pour 9,99€ ce mois-ci",
    "les soldes steam c'est jusqu'à -90% sur les jeux indés",
    "je fais du trading depuis 2 ans, c'est risqué, j'ai perdu pas mal",
    "tournoi du serveur : 1 mois de nitro à gagner, inscriptions dans ce salon",
    "le code de vérification ne marche pas sur le site de la banque, vous avez eu ce souci ?",
    "I'm hiring a babysitter for saturdays, 15$/hour",
    "ma cousine a gagné au loto 20 euros mdr",
    "never share the code you receive by SMS, nobody legit will ask for it",
    "rappel : le staff ne vous demandera JAMAIS votre mot de passe",
    "on recrute des modos pour le serveur, envoyez une candidature",
    "ameli m'a remboursé mes lunettes, trop bien",
    "tiens un nitro pour ton anniv https://discord.gift/Xy7Kq2",
    "je vends mon vélo 90€ + frais de port, mp",
    "who wants a free copy of my ebook? no strings, just feedback",
    "j'ai des photos de toi à la soirée, je te les envoie ce soir",
    "don't click links from people claiming to be discord staff, they're fake",
    "Mon colis Chronopost est arrivé en retard, c'est pénible",
    # A one-day win or takings is no rate of return.
    "j'ai gagné 20€ au loto hier, je vous paie un café",
    "I made 40 quid today at the car boot sale, drinks on me",
    # A site written out with no gift or login behind it.
    "the club's site is harriers dot org dot uk, fixtures are there",
    "mon portfolio c'est marie point fr si ça vous dit 🙂",
]


@pytest.mark.parametrize("text", SCAMS)
async def test_scams_fire(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert str(match.category) == "scam"
    assert any(s.startswith("scam.combo.") for s in match.signals)


@pytest.mark.parametrize("text", NOT_SCAMS)
async def test_hard_negatives_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_a_scammer_follow_up_with_bank_details_fires(chat):
    opener = (
        "j'ai gagné 50 000€ à l'euromillions mais on me demande 250€ de frais "
        "de déblocage, je rembourse le double"
    )
    assert await chat.say(opener, user="lucky") is not None
    follow_up = await chat.say("virement ici : FR14 2004 1010 0505 0001 3M02 606", user="lucky")
    assert follow_up is not None
    assert "scam.recent_scam" in follow_up.signals
    assert await chat.say("virement ici : FR14 2004 1010 0505 0001 3M02 606") is None


# Written apart from the packs' word lists: the same scams said other ways.
@pytest.fixture(scope="module")
def fresh(registry):
    return pack_chat("scam", registry, step=timedelta(hours=3), fresh_members=True)


REWORDED_SCAMS = [
    "Bonjour, votre conseiller bancaire ici, une opération suspecte a été détectée, "
    "communiquez-moi le code reçu par sms pour l'annuler",
    "jte double ton argent en 1h, tu m'envoies 50 sur paysafecard et je te renvoie 100",
    "Recharge PCS de 100€ demandée pour débloquer ton gain, envoie-moi les codes en privé",
    "hi dear, i am a soldier abroad, i need your help to move my savings, i will give you 30%",
    "I'm giving away 10 PS5 to celebrate 100k subs, just pay $5 shipping via cashapp",
    "gg t'as gagné un skin AWP 🐉 récupère-le en te connectant avec steam ici",
    "je recrute pour un job simple: liker des vidéos youtube, 50€ par jour, "
    "contacte moi sur telegram",
    "investis dans le nouveau token avant le listing, x100 garanti, lien du groupe en dm",
    "C0ngratulati0ns! You w0n an iPh0ne 15, claim y0ur prize n0w",
    "hey can u do me a favor? buy a $100 apple gift card and send me the code, i'll pay u back",
    "mec je suis bloqué à l'étranger, tu peux m'envoyer 200€ par western union ? "
    "je te rembourse dès mon retour",
    "I can recover your hacked instagram account in 24h, 100% success, dm me",
    "tu veux faire un gros billet ? prête-moi ta carte bancaire 1 jour, on partage 50/50",
    "Salut, c'est le support Discord, ton compte a été signalé",
    "Hi, I'm a recruiter from Amazon, remote work: 2h per day, 400€ per week, "
    "contact me on telegram",
]
REWORDED_NOT_SCAMS = [
    "which app do you use for crypto? binance or coinbase?",
    "quelqu'un a une carte google play à me conseiller pour offrir ?",
    "j'ai reçu un mail bizarre de la banque, c'était du phishing, faites gaffe",
    "mon oncle est militaire en Afrique, il rentre en juin",
    "je te rembourse les 10€ du ciné demain",
    "i need your help with the math homework, can you send me your notes?",
    "ce mec est un génie du trading, j'ai lu son livre",
    "connecte-toi avec discord sur le site du tournoi pour t'inscrire",
]


@pytest.mark.parametrize("text", REWORDED_SCAMS)
async def test_reworded_scams_fire(fresh, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "scam"


@pytest.mark.parametrize("text", REWORDED_NOT_SCAMS)
async def test_reworded_hard_negatives_do_not_fire(fresh, text):
    assert await fresh.say(text) is None


async def test_a_fake_staff_thread_is_followed(chat):
    opener = "c'est le support Discord, ton compte a été signalé"
    assert await chat.say(opener, user="fake") is not None
    follow_up = await chat.say("vite sinon il sera supprimé dans 10 minutes", user="fake")
    assert follow_up is not None
    assert "scam.recent_scam" in follow_up.signals
    assert await chat.say("vite sinon il sera supprimé dans 10 minutes", user="other") is None


# Scam families written as a different hand would, keyed by the group that must be among the
# signals; each has its false-positive twin below.
FAMILIES = {
    "romance_persona": [
        "Bonjour Claire, votre sourire m'a ému. Je suis Marc, militaire en mission au Liban, "
        "veuf depuis deux ans",
        "hello dear, what a smile you have. I'm Daniel, an offshore engineer on an oil rig, "
        "a widower raising my son",
        cyrillic("I'm a soldier deployed abroad, a widower, and your smile is beautiful"),
    ],
    "guilt": [
        "si tu m'aimais vraiment tu ne me laisserais pas comme ça, sans cette somme je reste "
        "coincé ici",
        "I thought you loved me, without the money for my flight ticket I stay stranded here",
        "baby I need $900 for the customs fees to release the package, if you love me you'll help",
    ],
    "safe_account": [
        "Ici votre conseillère, pour mettre votre argent à l'abri virez tout sur le compte de "
        "sécurité que je vous donne",
        "this is your bank's security team, move your savings to this safe account today, "
        "you'll be refunded tomorrow",
    ],
    "new_number": [
        "Coucou papa c'est moi, j'ai perdu mon téléphone, tu peux me virer 280€ vite ?",
        "hi mom it's me, this is my new number, can you send me $350 for rent today",
    ],
    "trade_scam": [
        "no need for escrow, I'm trusted, just hand it over and I send the cash, I never scam",
        "pas besoin d'intermédiaire, donne-le moi d'abord, j'ai jamais arnaqué personne",
    ],
    "account_threat": [
        "Votre abonnement Disney+ a été suspendu, mettez à jour votre moyen de paiement : "
        "disney-plus-facture.example.com",
        "Your Spotify membership has been paused. Update your billing details at "
        "spotify-billing-help.example.net",
    ],
    "mule": [
        "besoin de gens avec un compte bancaire pour recevoir des virements, vous gardez 10 %",
        "need people with a bank account to receive transfers, you keep 15%, message me",
    ],
    "easy_money": [
        "get paid to like posts, $5 per like, small registration fee to start",
        "Payé pour liker des vidéos, 3€ par like, frais d'inscription de 20€",
    ],
    "redirect": [
        "same thing happened to me, message this admin on whatsapp and he'll unlock your account",
        "j'ai eu le même souci, contacte ce technicien sur telegram il règle ça",
    ],
    "prize": [
        "Félicitations, tu as été tirée au sort pour un iPhone 15, il reste 1,50€ de frais de port",
        "you've been drawn as this week's winner of a PS5, just cover the $3 shipping fee",
    ],
}
TWINS = [
    "mon oncle est militaire, en mission au Tchad, il est veuf depuis l'an dernier",
    "my grandad was a navy captain at sea for 30 years, a widower since 2010",
    "si tu m'aimais vraiment tu viendrais à mon anniversaire samedi",
    "if you really loved me you'd let me pick the movie tonight",
    "ma banque m'a dit de ne jamais virer sur un compte sécurisé, c'est une arnaque classique",
    "my savings account is safe, the rate is just bad",
    "j'ai changé de numéro les amis, demandez-le moi en privé",
    "new number, same me, text me whenever",
    "never send first, always wait for the trade hold to clear",
    "le middleman officiel est lent mais n'envoie jamais en premier",
    "my spotify membership got paused because my card expired, updating it tonight",
    "mon abonnement netflix est suspendu parce que ma carte a expiré, je dois la mettre à jour",
    "you keep 15% off with the student card",
    "tu gardes 10% de réduc avec le code du club",
    "contact the admin on discord if you lost your role",
    "j'ai été tirée au sort pour le concours du club, je gagne un t-shirt",
    "are you free tonight? 3 of us need a fourth for ranked",
    "I love you mum, thanks for the money for my plane ticket home",
    "lend me your charger pls, i'm stuck here at the library",
]


@pytest.mark.parametrize(
    ("group", "text"), [(g, t) for g, texts in FAMILIES.items() for t in texts]
)
async def test_scam_families_fire(fresh, group, text):
    match = await fresh.say(text)
    assert match is not None, text
    assert str(match.category) == "scam"
    assert f"scam.{group}" in match.signals, match.signals


@pytest.mark.parametrize("text", TWINS)
async def test_scam_family_twins_do_not_fire(fresh, text):
    assert await fresh.say(text) is None


async def test_a_scammer_who_denies_scamming_is_not_a_warning(fresh):
    match = await fresh.say(
        "escrow takes ages, i'm instant, just hand it over, ive never scammed anyone"
    )
    assert match is not None
    assert "scam.legit_claim" in match.signals
    assert await fresh.say("he scammed me, never trade first with him") is None


async def test_sex_work_recruitment_is_not_a_job_scam(fresh):
    # Another pack handles it; here its vocabulary vetoes the job and investment combinations.
    ad = "hiring girls 18+, earn £2k/week, flat provided, we sort the bookings, incall only"
    assert await fresh.say(ad) is None
    assert await fresh.say("earn £2k/week from home, simple tasks, dm me to start") is not None


# One table per family of fraud met in chats written by other hands: (text, fires?).
# Each scam has a twin that shares its words but not the fraud.
REMOTE_SELLERS = [
    (
        "T3 à louer à Nantes, 700€/mois, je suis actuellement en mission hors de France donc "
        "pas de visite, réglez le dépôt de garantie par mandat cash et je vous poste les clés",
        True,
    ),
    (
        "cosy room downtown, I'm currently overseas so no viewings, wire the deposit via "
        "moneygram and the keys come by courier",
        True,
    ),
    (
        "2 concert tickets, 90 each by bank transfer, I'll email the e-tickets right after "
        "the transfer, I'm out of town this week",
        True,
    ),
    ("je suis en déplacement cette semaine, on fait la visite de l'appart samedi à 10h", False),
    ("I'm overseas till March, can my brother show you the flat on Sunday?", False),
    (
        "billets pour le match dispo, remise en main propre devant le stade, paiement sur place",
        False,
    ),
]
PAYMENT_ROUTES = [
    ("vends compte clash full max 60€, paiement transcash uniquement, aucun remboursement", True),
    ("selling a stacked fortnite account, $40, gift cards only, no refunds", True),
    ("compte fortnite à vendre 60€, paiement en main propre ou virement, facture dispo", False),
    ("no refunds on the concert tickets once the show starts, that's the venue's policy", False),
]
PAYMENT_TRICKS = [
    ("I'll send 800 for the bike, you hand the extra 150 back to my courier when he comes", True),
    ("je t'envoie 900 pour la moto, tu rends la différence à mon transporteur en liquide", True),
    ("already paid you via zelle, check your email, zelle holds the money until you ship", True),
    ("i paid you twice by mistake lol, can you refund me when you get a sec", False),
    ("check your email, I sent the invoice for the drums", False),
]
PUMPS_AND_TASKS = [
    ("next 50x gem launching tonight, get in the VIP signals group before it moons", True),
    ("my students made 3x with my signals, 100 usdt becomes 400 in a week", True),
    (
        "earn 5% commission each time you complete simple tasks on our platform, just top up "
        "your account to start",
        True,
    ),
    (
        "petit dépôt de 20€ pour activer ton compte de tâches, remboursé dès la première mission",
        True,
    ),
    ("this song is a 10x better version of the original", False),
    ("je dois finir mes tâches ménagères avant de jouer", False),
]
FAKE_ADMINS = [
    ("oops i accidentally reported ur account for fraud, u need to talk to the steam admin", True),
    (
        "Windows Defender has detected a virus, call a Microsoft certified technician now, do not "
        "turn off your computer",
        True,
    ),
    ("your funds will be frozen unless you type your 12 words in the form", True),
    ("my uncle got arrested for fraud last year, crazy story", False),
    ("the steam admin panel is down again lol", False),
]
OTHER_HARMS_AND_VICTIMS = [
    # The offender pays for pictures: grooming, not fraud.
    ("i'll send you a steam gift card for a cute selfie, just for me", False),
    # A victim's question and a moderator's reminder.
    ("le site me demande le code reçu par sms, c'est normal ?", False),
    (
        "Rappel : le staff ne vous demandera jamais votre mot de passe, "
        "changez-le si vous l'avez donné",
        False,
    ),
    ("is this legit? someone says I won a nitro gift card", False),
]
# "Your account has been reported" is the fake support's threat, not a member's report; a
# promised sum "in 7 days" is a return.
THREATS_AND_RETURNS = [
    (
        "Your Steam account has been reported for fraud. Contact our support on discord: "
        "steam_support#2211 to avoid ban",
        True,
    ),
    (
        "ton compte a été signalé pour fraude, contacte notre support sur telegram pour "
        "éviter le ban",
        True,
    ),
    ("invest $250 in my bitcoin mining pool and get $2,500 in 7 days, guaranteed", True),
    ("I reported that fake steam support account, they asked for my password", False),
    ("you'll get your 2 tickets in 3 days by post, paid 40 each", False),
]
# Phishing dressed as a warning points at a forged domain as "the only official" one; a
# moderator's real warning names the real site, or the forged one as fake.
FAKE_WARNINGS = [
    (
        "Attention aux faux liens ! Le seul lien officiel pour le remboursement : "
        "remboursement-caf.example.fr",
        True,
    ),
    (
        "⚠️ beware of fake giveaways, the ONLY official one is here: "
        "nitro-official-drop.example.com",
        True,
    ),
    ("méfiez-vous des copies, le vrai site du tirage : tirage-gratuit-officiel.example.fr", True),
    (
        "Attention aux faux liens ! Le seul site officiel c'est ameli.fr, "
        "pas ameli-remboursement.example.fr",
        False,
    ),
    ("the real site has no hyphen, anything like paypal-secure-login.example.com is fake", False),
    ("le site officiel du club c'est club-jules-ferry.fr, ne cliquez sur rien d'autre", False),
]


@pytest.mark.parametrize(
    ("text", "fires"),
    REMOTE_SELLERS
    + PAYMENT_ROUTES
    + PAYMENT_TRICKS
    + PUMPS_AND_TASKS
    + FAKE_ADMINS
    + OTHER_HARMS_AND_VICTIMS
    + FAKE_WARNINGS
    + THREATS_AND_RETURNS,
)
async def test_fraud_families_and_their_twins(fresh, text, fires):
    match = await fresh.say(text)
    assert (match is not None) is fires, text
    if fires:
        assert str(match.category) == "scam"


async def test_a_victim_answering_a_scam_is_not_flagged(chat):
    opener = "selling 2 festival passes, e-transfer only, I send the PDF right after payment"
    assert await chat.say(opener, user="seller", room="market") is not None
    assert await chat.say("ok how do I pay you, e-transfer?", user="buyer", room="market") is None


RELATIVES_AND_STARTER_KITS = [
    (
        "hey mum, this is my new number, my banking app is locked and I need to pay a bill "
        "today, can you send 300?",
        True,
    ),
    (
        "join my team of boss babes, just $99 for the starter kit and you'll make it back "
        "in a week",
        True,
    ),
    ("hey mum, new number, the old phone died. see you sunday for lunch", False),
    ("the lego starter kit was 20 quid, my son loves it", False),
    # The romance persona (two traits) asking for cards or money to come home.
    (
        "darling i'm a surgeon on a ship, i need you to buy itunes cards so i can get home to you",
        True,
    ),
    (
        "my brother is a sailor at sea for 3 months, we send him gift cards for the ship's shop",
        False,
    ),
    (
        "mon cousin est marin en mer, on lui envoie des cartes cadeaux pour qu'il puisse rentrer",
        False,
    ),
    # A giveaway whose winner pays the shipping; transfers received at so much each.
    ("I'm giving away my PS5 to the first person who pays shipping, 25$ via gift card", True),
    ("recherche personnes pour recevoir des virements sur leur compte, 300€ par opération", True),
    ("selling my PS5, 300 and the buyer pays shipping", False),
    ("le chirurgien facture 300€ par opération, c'est remboursé par la sécu", False),
]


@pytest.mark.parametrize(("text", "fires"), RELATIVES_AND_STARTER_KITS)
async def test_relatives_and_starter_kits_and_their_twins(fresh, text, fires):
    assert (await fresh.say(text) is not None) is fires, text


# A moderator or a peer naming the scheme repeats its words; the scheme itself still fires.
MODERATOR_VOICE = [
    "Both gone. Approving that 'airdrop' contract drains your wallet; nobody doubles crypto.",
    "Correct, real Steam support never DMs you. Deleted and banned. Change your password.",
    "Nobody in this server is launching a token. If someone offers to double your ETH, it's theft.",
    "Personne ne double vos cryptos, jamais. Compte supprimé et banni.",
    "Personne ne paie en recharge PCS à un inconnu, c'est intraçable et c'est fait pour ça",
]


@pytest.mark.parametrize("text", MODERATOR_VOICE)
async def test_a_moderator_naming_the_scheme_does_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_the_scheme_named_by_the_moderator_still_fires(chat):
    match = await chat.say("send 0.1 ETH to my wallet and I double it back in an hour, 20 spots")
    assert match is not None
    assert str(match.category) == "scam"
