"""Classes of harassment that slip past slur lists, each beside its innocent twin.

Every table holds, in French and English, abuse of one class (fires) and ordinary chat
that shares its words (does not fire): sports and game talk, banter between friends, a
slur quoted to report it, news about a fight, a moderator's warning, a history lesson,
self-deprecation. The sentences are written for these tests, not taken from a corpus.
"""

from datetime import timedelta

import pytest

from tests.support.packchat import pack_chat


@pytest.fixture(scope="module")
def chat(registry):
    return pack_chat("hate_harassment", registry, step=timedelta(minutes=5), fresh_members=True)


# Sent home without a slur: a "go home" with what is not wanted here.
GO_HOME = [
    ("rentre chez toi, on veut pas de tes gosses dans notre quartier", True),
    ("retourne chez toi et emmène ta smala avec toi", True),
    ("go back home, we don't want your kind round here", True),
    ("go back home and take your whole family with you", True),
    # twins
    ("rentre chez toi te reposer, on a pas besoin de toi malade au bureau", False),
    ("go back home and rest, we'll finish the match tomorrow", False),
    ("on veut pas de ta pitié, juste un coup de main pour le déménagement", False),
]

# People spoken of as an invasion, a swarm or vermin.
INVASION = [
    ("ils pullulent dans le quartier ces gens-là, on est plus chez nous", True),
    ("regardez-les, ils se reproduisent comme des lapins, ces gens", True),
    ("these people are flooding in every week, soon they'll be outbreeding us", True),
    ("more of them moved in next door 🪳🪳 infesting the whole street", True),
    # twins
    ("les fourmis envahissent la cuisine, faut appeler la dératisation", False),
    ("en 1066 les normands envahissent l'angleterre, c'est au programme d'histoire", False),
    ("the rats are breeding under the decking again 🐀, calling pest control tomorrow", False),
    ("tourists are invading the beach this weekend, bring an umbrella", False),
    ("the zerg are swarming our base, we need more turrets", False),
]

# Gay and trans people smeared as a danger to children.
LGBT_SMEAR = [
    ("pride month again, the groomers are out in force near the school", True),
    ("gays are all predators, everyone knows it", True),
    ("les trans c'est tous des pédos, faut les tenir loin de nos enfants", True),
    ("la marche des fiertés devant l'école, ces pédos n'ont honte de rien", True),
    # twins
    ("how to spot a groomer: they isolate the kid and ask for secrets", False),
    ("the pride march was lovely, my kids loved the floats", False),
    ("signalez les pédos aux modos, voilà le lien pharos", False),
]

# Several people waiting for someone, and a menace.
GANG_MENACE = [
    ("on va l'attendre à la sortie avec mes cousins, il va prendre cher", True),
    ("je ramène mes potes samedi, tu vas comprendre ta douleur", True),
    ("we'll be waiting for him outside the chippy tonight, he'll get what's coming", True),
    ("i'm bringing the boys friday, you won't know what hit you", True),
    # twins
    ("on t'attend ce soir en bas avec les gars pour le foot, ramène le ballon", False),
    ("i'll bring a couple of mates to help you move the sofa", False),
    ("this chilli is brutal, you won't know what hit you 🌶️", False),
]

# A fight called for in real life, with a dare, a place or a time.
FIGHT_CHALLENGE = [
    ("fight me irl, behind the tesco at 9pm, come alone", True),
    ("square up outside then, or you're a coward", True),
    ("demain 17h derrière le gymnase, on règle ça entre hommes, viens seul", True),
    ("viens te battre sinon t'es qu'une victime", True),
    # twins
    ("1v1 me in ranked tonight, loser buys pizza", False),
    ("two men were charged after a fight outside a pub in leeds, the news says", False),
    ("on se bat pour la dernière part de pizza ce soir 😂", False),
]

# A mild insult between players, and the same insult carried to the person.
CONTEMPT_IRL = [
    ("you're a numpty in game and i bet you're a numpty in real life too", True),
    ("t'es un bouffon en jeu et dans la vraie vie aussi", True),
    # twins
    ("you're a muppet lol, see you at training", False),
    ("i'm such a numpty in real life, locked myself out again", False),
]

# Campaigns to make a life hell until someone moves.
LIFE_HELL = [
    ("let's make his life a living hell till he moves out", True),
    ("on va lui pourrir la vie jusqu'à ce qu'il déménage", True),
    ("faut leur rendre la vie impossible à ceux du 2e", True),
    # twins
    ("this boss makes my life hell every run", False),
    ("les travaux m'ont pourri la vie tout l'été", False),
]

# Misogyny under leetspeak.
LEET_MISOGYNY = [
    ("g1rl g4m3rs = 0 sk1ll, stick to makeup", True),
    ("l3s str34m3us3s c'est 0 sk1ll, elles savent que mendier des dons", True),
    # twins
    ("girl gamers = 40% of the player base now, the survey says", False),
    ("les streameuses ont 0 problème avec le nouveau patch", False),
]

# Insults heaped on a neighbour, and self-deprecation with the same words.
NEIGHBOUR = [
    ("le voisin du 1er c'est un gros porc, une vraie ordure", True),
    ("that bloke at number 4 is a filthy pig and a scumbag", True),
    # twins
    ("j'ai mangé comme un gros porc ce midi, je m'en veux", False),
    ("rôti de porc ce soir, qui vient ?", False),
]

# Prank orders sent night after night to someone's door.
PRANK_ORDERS = [
    ("someone order him a taxi every night this week lol", True),
    ("commandez-lui des pizzas toutes les nuits, il va adorer", True),
    # twins
    ("someone order her a pizza, she's been working all night", False),
    ("order him a taxi tonight, he's too drunk to drive", False),
]

# The last step of a set-up: the group falls on the one who came.
SET_UP = [
    ("ok so she tells him to meet at the bus shelter, then we jump him", True),
    ("il vient seul au parking, et là on lui tombe dessus à cinq", True),
    ("on passe ce soir lui expliquer la vie à celui-là", True),
    # twins
    ("then we jump him in the final round, gg", False),
    ("je vais lui expliquer la vie, il comprend rien aux impôts", False),
]

# Monkeys and bananas thrown at a person.
MONKEY = [
    ("🐒🍌 go home to the trees", True),
    ("🍌🍌 for the monkey in goal", True),
    ("Youssef 😂 le prénom dit tout 🐒🍌", True),
    # twins
    ("bananas for the monkey at the zoo 🍌, the kids loved feeding time", False),
    ("le prénom de mon fils dit tout de notre amour pour la Bretagne", False),
]

# Told that the whole class hates them, that nobody would miss them.
NOBODY_WOULD_MISS_YOU = [
    ("tout le monde dans ta classe te déteste", True),
    ("personne te regretterait si tu disparaissais", True),
    # twins
    ("tout le monde ici te dit merci pour le tournoi", False),
    ("personne remarquerait si tu partais plus tôt, vas-y", False),
]

# A group name masked with an asterisk to slip past filters, then smeared.
MASKED_GROUP = [
    ("all m*slims are terrorists, wake up", True),
    ("les m#sulmans sont tous des terroristes", True),
    ("the j#ws who control the media again", True),
    # twins
    ("the f*cking printers are criminals lol", False),
    ("these sh*t refs are criminals, how was that a penalty", False),
    ("les b*nques qui contrôlent le monde, quel film", False),
]

# An origin ruled out as the condition of a room or a job.
ORIGIN_RULED_OUT = [
    ("studio à louer près de la gare, 450€, pas de maghrébins svp", True),
    ("on embauche pour l'été, français de souche uniquement, pas d'africains", True),
    ("room to let near the station, £450, no Africans or Pakistanis", True),
    # twins
    ("studio à louer près de la gare, 450€, pas d'animaux svp", False),
    ("messages en français uniquement dans ce salon, merci", False),
    ("no foreigners in the final this year, only home-grown players lol", False),
]

# A whole group said to be one vice, as a noun: "c'est tous des voleurs", "they're all thieves".
GROUP_SMEAR = [
    ("les gens de ce quartier c'est tous des voleurs et des assistés", True),
    ("les Lyonnaises du serveur vous êtes toutes des thons", True),
    ("the scots on here are just drunks and peasants lol", True),
    ("you lot are all scroungers, every one of you", True),
    # twins
    ("les fraises de cette année c'est que des sucres, un régal", False),
    ("on est tous des débutants ici, pas de stress pour le tournoi", False),
    ("we are all doomed lol, the exam is tomorrow", False),
    ("the kids are all dirty after the rugby match 😂", False),
]

# Abuse thrown at the moderators is abuse: naming them is no quote of the rules.
AT_THE_MODERATORS = [
    ("kys mods, you wont stop us", True),
    ("les modos vous êtes des sales fils de pute", True),
    # Telling the moderators of an insult, or quoting their rule, is not.
    ("mods he called me a retard in general, can you look", False),
    ("rappel des modos : pas d'insultes, les « fils de pute » = ban", False),
]
# Monkeys and nothing else thrown at named members.
MONKEYS_AT_MEMBERS = [
    ("🐒🐒🐒🐒 @aoife @priya_v @dan.lille", True),
    ("@karim 🐒🍌🐒", True),
    # One monkey at a friend, or monkeys with words around them, are not this.
    ("@lea 🐒", False),
    ("@lea regarde les 🐒🐒🐒 au zoo de Lille ce matin, trop mignons", False),
]

TABLES = {
    "go-home": GO_HOME,
    "invasion": INVASION,
    "lgbt": LGBT_SMEAR,
    "gang": GANG_MENACE,
    "fight": FIGHT_CHALLENGE,
    "irl": CONTEMPT_IRL,
    "hell": LIFE_HELL,
    "leet": LEET_MISOGYNY,
    "neighbour": NEIGHBOUR,
    "prank": PRANK_ORDERS,
    "set-up": SET_UP,
    "monkey": MONKEY,
    "missed": NOBODY_WOULD_MISS_YOU,
    "masked": MASKED_GROUP,
    "ruled-out": ORIGIN_RULED_OUT,
    "group-smear": GROUP_SMEAR,
    "at-mods": AT_THE_MODERATORS,
    "monkeys-at": MONKEYS_AT_MEMBERS,
}

CASES = [
    pytest.param(text, fires, id=f"{name}-{i}")
    for name, table in TABLES.items()
    for i, (text, fires) in enumerate(table)
]


@pytest.mark.parametrize(("text", "fires"), CASES)
async def test_class_fires_and_its_twin_does_not(chat, text, fires):
    match = await chat.say(text)
    assert (match is not None) is fires, text
    if fires:
        assert str(match.category) == "hate_harassment"


async def test_a_slur_quoted_to_report_it_is_not_an_lgbt_smear(chat):
    assert await chat.say("he called them groomers in general, reported to the mods") is None


async def test_a_moderator_warning_about_go_home_lines_does_not_fire(chat):
    text = "rappel du règlement : les « rentre chez toi, on veut pas de ta famille ici » = ban"
    assert await chat.say(text) is None


async def test_the_new_combinations_say_why(chat):
    match = await chat.say("je ramène les gars ce soir, il va morfler")
    assert match is not None
    assert "hate_harassment.combo.gang_menace" in match.signals
    match = await chat.say("ils nous envahissent, ces gens-là")
    assert match is not None
    assert "hate_harassment.combo.invasion_smear" in match.signals
