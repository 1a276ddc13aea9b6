"""The hate_harassment pack, through the engine: targeted abuse, slurs, threats, negatives.

The sentences are written for these tests, not taken from the dev corpus. They quote
abuse only to check that it is caught.
"""

from datetime import timedelta

import pytest

from tests.support.packchat import pack_chat

_CYRILLIC = str.maketrans("aeopcxys", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0455")


def cyrillic(text):
    """Swap Latin letters for their Cyrillic lookalikes."""
    return text.translate(_CYRILLIC)


def small_caps(text, f="\ua730"):
    """Write text in small capitals as fancy-text generators do (some write f as Cyrillic ғ)."""
    caps = str.maketrans("kilyouref", "\u1d0b\u026a\u029f\u028f\u1d0f\u1d1c\u0280\u1d07" + f)
    return text.translate(caps)


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
    "the kids should be put in camps this summer, scouts are great",
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
    "gays should be put in camps honestly",
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


# Set phrases typed with chat spelling and fillers: "u", "ur", "t'habites", "toujours".
CHAT_SPELLING = [
    "go back where u came from, nobody invited you",
    "we know where ur sister works, think about it",
    "watch ur back after school",
    "on sait très bien où t'habites maintenant",
    "je sais où ton frère va à l'école",
    "tout le monde vous déteste ici, partez",
]
CHAT_SPELLING_TWINS = [
    "go back to the lobby, the match is starting",
    "do you know where the library is?",
    "on sait où se trouve la gare ?",
    "tout le monde t'aime ici, reste !",
]


@pytest.mark.parametrize("text", CHAT_SPELLING)
async def test_chat_spelled_threats_and_rejections_fire(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", CHAT_SPELLING_TWINS)
async def test_chat_spelled_everyday_questions_do_not_fire(chat, text):
    assert await chat.say(text) is None


# A trap (fake profile, fake date) with a group arriving or a beating planned, and a
# plan to hurt someone else; a party, a surprise or a match are not that.
AMBUSH = [
    "on se fait passer pour une meuf, on lui donne rdv derrière le gymnase et on sera six",
    "faut lui casser la gueule à ce bouffon, on l'attrape à la sortie",
    "on lui fixe un rdv au parking et on lui fait sa fête, ramène tes potes",
    "make a fake profile, get him to meet at the canal and we all show up",
    "that tranny from voice chat, let's catfish her and film everything",
    "someone should beat that kid up, he talks too much",
]
AMBUSH_TWINS = [
    "c'est l'anniv de Sam samedi, on lui donne rdv au bar et on lui fait la fête",
    "on va les défoncer au match de dimanche, on sera six",
    "we all show up at 8 for the surprise birthday, bring the boys",
    "you should teach him a lesson about patience in chess",
    "lol let's catfish him on tinder, he's been single forever",
]


@pytest.mark.parametrize("text", AMBUSH)
async def test_ambush_and_beating_plans_fire(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert str(match.category) == "hate_harassment"


@pytest.mark.parametrize("text", AMBUSH_TWINS)
async def test_parties_and_matches_are_not_ambushes(chat, text):
    assert await chat.say(text) is None


# Calls to pile on someone, prank deliveries, raids against the server.
PILE_ON = [
    "file son snap qu'on la harcèle",
    "allez tous le spammer jusqu'à ce qu'il quitte",
    "commandez-lui des pizzas chez lui à 4h du mat",
    "everyone go flood her dms till she quits",
    "somebody send like 30 ubers to his house lmao",
    "join us or get raided tonight",
    "on va vous raid ce week-end",
]
PILE_ON_TWINS = [
    "let's order 20 pizzas to her place for the party",
    "go text her, she's been waiting for your answer",
    "let's raid the dungeon tonight at 9",
    "on commande des pizzas pour la soirée ?",
]


@pytest.mark.parametrize("text", PILE_ON)
async def test_pile_ons_and_raids_fire(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", PILE_ON_TWINS)
async def test_invitations_and_orders_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_a_friendly_visit_needs_hostility_to_be_a_veiled_threat(chat):
    plain = "ta mère bosse toujours à la poste ? on passera lui dire bonjour"
    assert await chat.say(plain) is None
    assert await chat.say("say hi to your mom for me, she works near the station right?") is None
    hidden = "ta mère b0sse toujours à la p0ste ? on passera lui dire b0njour"
    assert await chat.say(hidden) is not None
    assert await chat.say("would be a shame if something happened to your sister") is not None
    shame = "ce serait dommage qu'il lui arrive quelque chose, à ta daronne"
    assert await chat.say(shame) is not None


async def test_a_harasser_mentioning_a_relative_is_caught(chat):
    assert await chat.say("ferme ta gueule sale tocard", user="stalker") is not None
    follow_up = await chat.say("ta soeur finit à 17h au lycée non ?", user="stalker")
    assert follow_up is not None
    assert "hate_harassment.harasser" in follow_up.signals
    assert await chat.say("ta soeur finit à 17h au lycée non ?") is None


# Urging someone to die, in both languages and through small capitals.
SELF_HARM = [
    "tu devrais te pendre, sérieux",
    "va te suicider personne le remarquerait",
    "you should just kill yourself honestly",
    "kill yourselves janitors",
    small_caps("kill yourself"),
    small_caps("kill yourselves", f="\u0493"),
    "ur mom should have aborted you",
]
SELF_HARM_TWINS = [
    "je vais me tuer à la tâche ce week-end",
    "you should kill the healer first",
    "this level makes me want to die lol",
]


@pytest.mark.parametrize("text", SELF_HARM)
async def test_incitement_to_self_harm_fires(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", SELF_HARM_TWINS)
async def test_everyday_death_words_do_not_fire(chat, text):
    assert await chat.say(text) is None


# A rejection aimed at someone fires; a bare "get out" to a spammer or a seller does not.
async def test_a_bare_imperative_is_not_exclusion(chat):
    assert await chat.say("@vendeur42 ici c'est un salon de musique, dégage") is None
    assert await chat.say("@promo_bot get lost, nobody wants your ads") is None
    assert await chat.say("personne ne veut de toi ici, dégage") is not None
    assert await chat.say("nobody will ever love you") is not None


# Victims quoting what they were called, the news, and people using reclaimed words.
QUOTED = [
    "quelqu'un poste ma photo avec « grosse truie » écrit dessus, je fais quoi ?",
    "on me traite de sale gouine au lycée depuis des semaines",
    "someone keeps posting my selfie with 'ugly cow' written on it",
    "a guy in voice kept calling me a faggot, screenshots attached",
    "un supporter condamné pour injures racistes après avoir crié « sale singe »",
    "BBC: footballer convicted over racist abuse sent to a teammate",
    "je suis gouine et fière, bonne marche des fiertés",
    "as a dyke myself, that joke made me laugh",
]


@pytest.mark.parametrize("text", QUOTED)
async def test_victims_news_and_reclaimed_words_do_not_fire(chat, text):
    assert await chat.say(text) is None


# Gaming trash talk stays benign; the same words aimed at a person's worth do not.
async def test_trash_talk_is_not_harassment(chat):
    for text in [
        "you're trash at this game lmao",
        "t'es le pire joueur que j'ai vu, tu nous as fait perdre 3 games",
        "gg ez noob, uninstall",
        "ur a clown for that play",
    ]:
        assert await chat.say(text) is None, text
    assert await chat.say("you're a worthless failure and everyone hates you") is not None


# Put-downs of women and of whole groups, with new wording.
GROUP_PUT_DOWNS = [
    "les femmes ont pas leur place en ranked, retourne à la cuisine",
    "les gays ça devrait pas exister",
    "ton pays de merde",
    "women don't belong in esports, get back in the kitchen",
    "ur whole country is a dump",
    "trans people shouldn't exist",
]
GROUP_TWINS = [
    "les femmes sont encore trop peu nombreuses en esport",
    "la cuisine de mon pays me manque",
    "women are underrepresented in esports and it shows",
    "my country is a dump for recycling, we export most plastic",
]


@pytest.mark.parametrize("text", GROUP_PUT_DOWNS)
async def test_group_put_downs_fire(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", GROUP_TWINS)
async def test_talk_about_groups_does_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_a_plain_you_is_not_remembered_against_a_later_harasser(chat):
    await chat.say("hey, ur way funnier in voice chat", user="mixed", room="lounge")
    await chat.say("proper muppet that one", user="mixed", room="lounge")
    match = await chat.say("shut up you stupid cunt", user="mixed", room="lounge")
    assert match is not None
    excerpts = [r.excerpt for r in match.related]
    assert excerpts == ["proper muppet that one"]


# Words of the new groups in everyday use: a poster, bugs, a sniper, laughter.
EVERYDAY_TWINS = [
    "filme tout pendant le concert, on l'affiche au mur du salon après",
    "il faut les virer ces bugs avant la mise à jour",
    "watch your back, there's a sniper on the roof",
    "i hope you die laughing at this meme",
    "je suis mort de rire, va crever de rire devant la vidéo",
    "t'es un génie toi, je vais te tuer de rire avec ce mème",
    "ta mère travaille toujours à l'hôpital ? dis-lui bonjour de ma part",
]


@pytest.mark.parametrize("text", EVERYDAY_TWINS)
async def test_new_group_words_in_everyday_use_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_expelling_a_group_needs_the_group(chat):
    assert await chat.say("faut les expulser, les migrants") is not None
    assert await chat.say("nik ta mer") is not None


# Mocking a member in the third person, as a pile-on does; animals and shows are not members.
MOCKERY = [
    "cette grosse truie a encore posté un selfie",
    "regardez-moi ce tocard mdrrr",
    "un vrai porc celui-là",
    "imagine being this fat and still posting pics",
    "ur so ugly it's actually sad",
    "nobody likes him, he should just leave the server",
    "honestly she should kill herself",
    "elle devrait se pendre celle-là",
]
MOCKERY_TWINS = [
    "j'ai vu une grosse baleine au large de Tadoussac",
    "regardez le clown au spectacle 🤡",
    "ce gros cochon de la ferme pèse 300 kilos",
    "your fat cat is adorable",
    "nobody likes him in the show, he's the villain",
    "the writers should kill him off next season",
    "he needs to leave early to catch his train",
]


@pytest.mark.parametrize("text", MOCKERY)
async def test_third_person_mockery_fires(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", MOCKERY_TWINS)
async def test_animals_shows_and_errands_do_not_fire(chat, text):
    assert await chat.say(text) is None


# Regional French: Quebec, Marseille, Belgium; "espèce d'" before a vowel.
REGIONAL = [
    "esti de cave, farme ta yeule",
    "mange de la marde, maudit colon",
    "t'es rien qu'un gros fif",
    "espèce d'empafé",
    "espèce d'abruti fini",
    "crisse de niaiseux, décâlisse d'ici, personne veut de toi",
]
REGIONAL_TWINS = [
    "la cave à vin est au sous-sol",
    "il fait frette en esti à matin",
    "on monte au chalet en fin de semaine, sacre ton sac dans le char",
    "espèce de chanceux, t'as gagné le tirage",
]


@pytest.mark.parametrize("text", REGIONAL)
async def test_regional_insults_fire(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", REGIONAL_TWINS)
async def test_regional_everyday_words_do_not_fire(chat, text):
    assert await chat.say(text) is None


# Threats through body parts, the passive voice and the hospital; the same verbs as favours.
THREATS = [
    "i'll snap ur neck if i see you",
    "ur gonna get jumped after school",
    "i'll put you in the hospital",
    "nobody would care if u died",
    "i hope ur whole family dies",
    "tu vas te faire tabasser à la sortie",
    "tu mérites de te faire violer",
    "je vais te retrouver.",
]
THREAT_TWINS = [
    "i'll break your record this weekend",
    "i'll get you a coffee on the way",
    "i'll make you a sandwich if you want",
    "je vais te trouver un bon resto pour ce soir",
    "je vais te choper un billet pour le concert",
    "the guy in the clip jumped off a cliff into the lake",
    "let's go jump off the cliff at the quarry this summer",
]


@pytest.mark.parametrize("text", THREATS)
async def test_threats_fire(chat, text):
    match = await chat.say(text)
    assert match is not None, text
    assert match.severity.name == "HIGH"


@pytest.mark.parametrize("text", THREAT_TWINS)
async def test_favours_and_records_are_not_threats(chat, text):
    assert await chat.say(text) is None


# An identity called an illness, women reduced to chores; facts and kitchens are not that.
PATHOLOGIZING = [
    "être lesbienne c'est contre nature",
    "les meufs c'est juste bon à faire le ménage",
    "une fille ça sait pas viser, laisse tomber",
    "being trans is a mental illness",
    "trans women are just men, freak",
    "girls can't aim, stick to cooking",
]
PATHOLOGIZING_TWINS = [
    "être gay c'est normal, love is love",
    "make me a sandwich too if you're making some",
    "my sister is trans and she's the best support main",
    "women are only 5% of pro players, that needs to change",
]


@pytest.mark.parametrize("text", PATHOLOGIZING)
async def test_identities_called_illnesses_fire(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", PATHOLOGIZING_TWINS)
async def test_facts_about_identities_do_not_fire(chat, text):
    assert await chat.say(text) is None


async def test_everyday_words_of_reports_do_not_shield_abuse(chat):
    assert await chat.say("stop talking about me you stupid bitch") is not None
    assert await chat.say("stay out of my dms you creepy fucking loser") is not None
    assert await chat.say("je m'appelle Léa et toi t'es qu'une grosse pute") is not None
    assert await chat.say("see you on the court, you fat cunt") is not None


# Slurs disguised past what the normalizer reads: digits for letters, hyphens, one
# spaced-out slur alone (the evasion itself counts); a reclaimed word stays weak.
DISGUISED_SLURS = [
    "shut up ni99er",
    "sale pé-dé",
    "f a g",
    "go k*ll yourself",
]


@pytest.mark.parametrize("text", DISGUISED_SLURS)
async def test_disguised_slurs_fire(chat, text):
    assert await chat.say(text) is not None, text


async def test_a_reclaimed_word_among_friends_does_not_fire(chat):
    assert await chat.say("my nigga just got engaged, so happy for him") is None


# Calls to flood someone's accounts or nights, and plans to shame them in public.
SHAMING = [
    "tous sur lui en mp, on le lâche pas",
    "go raid son live et spammez le chat",
    "faites tourner sa photo partout",
    "on va l'humilier devant tout le serveur",
    "envoyez-lui des messages toute la nuit",
    "everyone @ her until she leaves",
    "grab her pics and spread them everywhere",
    "text him at 3am every night lol",
]
SHAMING_TWINS = [
    "tous sur le boss en même temps !",
    "go raid le donjon ce soir",
    "faites tourner le lien du tournoi",
    "envoyez-lui vos félicitations pour son bac !",
    "everyone @ me when the stream starts",
    "i have screenshots of everything he sent, reported",
    "on a filmé le concert, on poste la vidéo demain",
]


@pytest.mark.parametrize("text", SHAMING)
async def test_floods_and_public_shaming_fire(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", SHAMING_TWINS)
async def test_raids_on_bosses_and_shared_links_do_not_fire(chat, text):
    assert await chat.say(text) is None


# One table per family met in chats written by other hands: (text, fires?). Every abusive
# line has a twin that shares its words but not the abuse.
SEXISM_AT_PLAYERS = [
    ("lmao she drives like a little girl, uninstall", True),
    ("girls should just stick to support and stop talking in comms", True),
    ("she only gets subs because of her body, zero skill", True),
    ("retourne faire la vaisselle au lieu de streamer", True),
    ("les meufs en ranked c'est juste -30 lp à chaque game", True),
    ("my little sister plays like a pro, she carried us", False),
    ("women should get the same prize pool as men", False),
    ("je fais la vaisselle et je reviens jouer", False),
]
VERMIN_AND_GO_BACK = [
    ("cockroaches, the lot of them, every single one", True),
    ("those people are savages, they wreck every town they move to", True),
    ("they should all be rounded up and sent back", True),
    ("il faut les chasser comme des cafards ces gens-là", True),
    ("the kids are animals on the trampoline today lol", False),
    ("on a chassé les cafards de la cuisine avec un spray", False),
]
STALKING_THREATS = [
    ("i know which gym u go to, see you there", True),
    ("enjoy getting doxxed tonight", True),
    ("you can't block me forever, i always come back", True),
    ("on sait dans quel lycée elle va, elle va comprendre", True),
    ("tu rentreras pas chez toi en un seul morceau", True),
    ("i know which bus goes to the stadium, the 12", False),
    ("je sais dans quel lycée aller pour les portes ouvertes", False),
]
PILE_ONS = [
    ("everyone go to his stream and spam clown emotes until he quits", True),
    ("y'all go report her right now", True),
    ("on va tous aller sur son tiktok ce soir pour le spammer", True),
    ("everyone go to her stream tonight, she's doing a charity run", False),
    ("on va tous aller sur son live ce soir pour la soutenir", False),
]
EXPOSED_WITH_A_CALL = [
    ("he works at the garage on Elm Street btw, go say hi 😂", True),
    ("elle bosse à la boulangerie de la place, allez lui dire bonjour", True),
    ("her plate is AB12 CDE, you know what to do", True),
    ("he works at the garage on Elm Street, he fixed my car for cheap", False),
    ("elle bosse à la boulangerie de la place, allez-y leurs croissants sont top", False),
    # The employer or school told, the leak announced.
    ("his real name is Thomas Dubois, works at the Carrefour in Nantes, call his boss", True),
    ("son vrai nom c'est Kevin Morel, il bosse au Leclerc de Brest, appelez son patron", True),
    ("dropping the mod's ip and address since he thinks he's untouchable: 82.64.113.7", True),
    ("call his boss if the delivery is late again, he'll sort it", False),
    ("my dad works at the Carrefour in Nantes, call his work if you need a lift", False),
    ("posting her number in the group chat so we can all wish her happy birthday", False),
]
MOCKING_GROUPS = [
    ("on crée un groupe pour se moquer d'elle, ajoutez tout le monde sauf elle", True),
    ("made a group chat to make fun of him lol add everyone", True),
    ("on crée un groupe pour organiser l'anniv d'Emma, ajoutez tout le monde sauf elle", False),
    ("un groupe pour se moquer des films nuls du dimanche soir", False),
    ("a group chat to make fun of our teacher's dad jokes 😂", False),
]
FRIENDS_AND_FANS = [
    ("ta gueule frère on relance une game", False),
    ("nah the champ is gonna murder him in the final, 3-0", False),
    ("tu vas mourir en 2 min dans ce donjon mdr", False),
    ("on sera les deux gouines les plus bruyantes de la marche", False),
    ("commande sur tg, livraison rapide", False),
    ("tg le gros", True),
    ("gonna murder you when i find you, watch your back", True),
]


@pytest.mark.parametrize(
    ("text", "fires"),
    SEXISM_AT_PLAYERS
    + VERMIN_AND_GO_BACK
    + STALKING_THREATS
    + PILE_ONS
    + EXPOSED_WITH_A_CALL
    + MOCKING_GROUPS
    + FRIENDS_AND_FANS,
)
async def test_families_and_their_twins(chat, text, fires):
    match = await chat.say(text)
    assert (match is not None) is fires, text
    if fires:
        assert str(match.category) == "hate_harassment"


EXPOSURE_AND_PHONE_PILE_ONS = [
    ("send 200 in btc tonight or the screenshots go to your boss and all your contacts", True),
    ("paie avant demain sinon je balance la vidéo à tous tes potes", True),
    ("fill her voicemail up lads, she deserves it", True),
    ("don't let him feel safe at school tomorrow", True),
    # The mailed "webcam" boilerplate is fraud, left to the scam pack.
    (
        "I recorded you through your webcam while you were on adult sites, pay $500 in bitcoin "
        "or the video goes to all your contacts",
        False,
    ),
    ("pay the invoice by friday or the late fee goes to your account", False),
    ("fill the form up before the deadline", False),
]


@pytest.mark.parametrize(("text", "fires"), EXPOSURE_AND_PHONE_PILE_ONS)
async def test_exposure_threats_and_their_twins(chat, text, fires):
    assert (await chat.say(text) is not None) is fires, text


# A slur said of a group in the plural is the slur: the pack lists both forms.
PLURAL_SLURS = [
    "ces ritals et ces polaks ont envahi le quartier",
    "gyppos camped in the park again, lock your sheds",
    "trop de bamboulas dans ce serveur maintenant",
    "the zipperheads run every shop on this street",
]
PLURAL_SLUR_TWINS = [
    "les polonais et les italiens du club ont gagné le tournoi",
    "travellers camped in the park again, the council is sending someone",
]


@pytest.mark.parametrize("text", PLURAL_SLURS)
async def test_plural_slurs_fire(chat, text):
    assert await chat.say(text) is not None, text


@pytest.mark.parametrize("text", PLURAL_SLUR_TWINS)
async def test_the_groups_named_plainly_do_not_fire(chat, text):
    assert await chat.say(text) is None, text
