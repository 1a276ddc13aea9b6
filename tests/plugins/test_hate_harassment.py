"""The hate_harassment pack, through the engine: targeted abuse, slurs, threats, negatives.

The sentences are written for these tests, not taken from the dev corpus. They quote
abuse only to check that it is caught.
"""

from datetime import timedelta

import pytest
from support.packchat import pack_chat

_CYRILLIC = str.maketrans("aeopcxys", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0455")


def cyrillic(text):
    """Swap Latin letters for their Cyrillic lookalikes."""
    return text.translate(_CYRILLIC)


@pytest.fixture(scope="module")
def chat(registry):
    return pack_chat("hate_harassment", registry, step=timedelta(minutes=5), fresh_members=True)


ABUSE = [
    # French: targeted insults, slurs, threats, exclusion, incitement
    "t'es vraiment qu'une grosse conne toi",
    "espèce de sale bâtard, t'as rien compris",
    "ferme ta gueule sale bouffon",
    "nique ta mère fdp",
    "sale pédé va",
    "sale juif de merde",
    "les arabes dehors",
    "je vais te planter sale chien",
    "on sait où tu habites, fais gaffe",
    "on va t'attendre devant chez toi",
    "va te pendre personne t'aime",
    "suicide-toi stp",
    "mort aux musulmans",
    "t'es un cas soc mdrr personne te calcule",
    "t'es qu'un sale lâche",
    "vous êtes des sous-hommes vous les roms",
    "tg le gros",
    # English
    "you're a worthless piece of shit",
    "shut up you stupid cunt",
    "fuck you and your whole family",
    "I'm going to find you and hurt you",
    "i know where u live lol",
    "nobody likes you, leave the server",
    "go back to where you came from",
    "muslims are vermin",
    "kill ur self nobody would miss you",
    "@jordan you dumb whore",
    "dirty immigrants ruin everything",
    "nobody asked you, ugly ass",
    # evasion: leetspeak, spacing, asterisks, Cyrillic, stretched letters
    "c0nn4ss3 va",
    "t'es un gros c.o.n.n.a.r.d",
    "fils de p*te",
    cyrillic("sale pede"),
    "k.y.s",
    "ur such a r3tard",
    "stupid b!tch",
    "y0u're a l0ser and everyone h4tes you",
    "ur a f a g g o t",
    "casse toi sale meeeerde",
]
NOT_ABUSE = [
    "petit rappel : pas d'insultes, pas de propos racistes, sinon ban",
    "Reminder: slurs and threats are not allowed here, you'll be banned",
    "il m'a traité de connard en mp, je fais quoi ?",
    "he called me a retard in dms, reported",
    "quelqu'un m'a écrit 'je vais te retrouver', je l'ai signalé aux modos",
    "please don't call people retards, it's a slur",
    "mon train a 40 min de retard encore",
    "putain j'ai encore raté le bus",
    "fuck, i burned the pizza",
    "you're killing it with these drawings",
    "je vais te défoncer au 1v1 ce soir mdr",
    "i'll destroy you in ranked tonight gg",
    "I'm gonna kill you in the next round haha",
    "je vais te tuer à Smash ce soir 😈",
    "mdr t'es trop con je t'adore",
    "ce boss m'a tué 12 fois",
    "je me suis fait défoncer en ranked",
    "you're dead wrong about that movie",
    "my friend is gay and he's the best",
    "mon pote rebeu m'a invité au mariage de sa soeur",
    "les musulmans fêtent l'Aïd cette semaine, bonne fête à tous",
    "j'ai acheté une tapette à mouches",
    "life's a bitch sometimes",
    "going out for a fag, brb",
    "le raton laveur de la vidéo 😂",
    "kill the boss first then loot",
    "quel bouffon ce perso dans la série mdr",
    "Scunthorpe United won yesterday",
    "this update is garbage, devs pls fix",
    "t'es con ou quoi ? mdr je rigole",
    "elle m'a dit 'ferme ta gueule' devant tout le monde, je suis choquée",
]


@pytest.mark.parametrize("text", ABUSE)
async def test_abuse_fires(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert str(match.category) == "hate_harassment"
    assert any(s.startswith("hate_harassment.combo.") for s in match.signals)


@pytest.mark.parametrize("text", NOT_ABUSE)
async def test_hard_negatives_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_a_harasser_follow_up_needs_less(chat):
    assert await chat.say("ta gueule sale conne", user="bully") is not None
    follow_up = await chat.say("t'es nulle", user="bully")
    assert follow_up is not None
    assert "hate_harassment.harasser" in follow_up.signals
    assert await chat.say("t'es nulle") is None


# Put-downs of whole groups, exclusion by origin, wishes of harm, exposure threats,
# said without the pack's fixed phrases; and everyday French that only looks rude.
REWORDED_ABUSE = [
    "t'es tellement moche que même ta mère veut pas te regarder",
    "retourne en afrique",
    "les noirs sont moins intelligents que les blancs",
    "on va tous le signaler et le spammer jusqu'à ce qu'il parte",
    "les féministes hystériques, retournez à la cuisine",
    "j'espère que tu vas choper un cancer",
    "t'es grosse comme une baleine, arrête de bouffer",
    "je vais balancer tes photos à tout le lycée",
    "immigrants are ruining this country, send them all back",
    "I hope you get cancer and die",
    "fermez vos gueules bande de pédales",
    "i'll find out where you live and make you regret this",
    "les musulmans c'est tous des terroristes",
    "n1qu3 t4 m3r3 s4l3 b4t4rd",
]
EVERYDAY_FRENCH = [
    "on se retrouve à la sortie du lycée à 17h ?",
    "t'es nul au foot mdr, même mon petit frère joue mieux",
    "t'es con ou quoi, c'était pas la bonne porte",
    "rentre chez toi il est tard, bisous",
    "bande de nazes vous avez perdu le match",
    "les femmes sont moins payées que les hommes, c'est un scandale",
    "les femmes sont sous-représentées en politique",
    "les migrants sont concernés par la nouvelle loi",
    "i hope you get better soon!",
    "let's report this bug to the devs",
    "on va le signaler aux modos ce bug",
    "je vais envoyer tes photos de vacances à tout le groupe, elles sont trop belles",
    "t'es tellement fort que je peux pas te battre",
    "retourne au menu principal pour changer les options",
    "nique sa mère le bus est encore en retard",
    "ferme ta gueule mdr t'es trop drôle",
    "what a loser move lol",
    "les immigrés italiens sont arrivés en masse au 19e siècle",
    "women are amazing at this game, stop the stereotypes",
    "espèce de chanceux, t'as eu le skin légendaire",
]


@pytest.mark.parametrize("text", REWORDED_ABUSE)
async def test_reworded_abuse_fires(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert str(match.category) == "hate_harassment"


@pytest.mark.parametrize("text", EVERYDAY_FRENCH)
async def test_everyday_talk_does_not_fire(chat, text):
    assert await chat.say(text) is None
