"""The spam pack on coin pumps, chain letters, the author's own work and asked-for codes.

"$WOOF to the moon, buy before the listing" shills a coin; "send this to 10 people or your
mum dies" is a chain letter with a curse; "vote for my band, link: site/vote" points the
room at a link in words; "upvote my post" or "just released my album, only 4.99" puts the
author's own work before the room; "DM me 'GLOW' for my free guide" is a funnel. Each has a
twin a member could write: bitcoin news, a chain letter remembered, a vote in class, a
friend asked to watch a video, an advert laughed at, and a member asking for a referral
code rather than offering one. The sentences are written for these tests, not taken from any corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")

PUMPS = [
    ("$WOOF is going to the moon 🚀🚀🚀 buy now before the listing", True),
    ("new memecoin about to explode, get in early, contract in my bio", True),
    ("$CHAT va exploser cette semaine, achetez vite avant le listing 🚀", True),
    ("ce token va faire x100 facile, rejoins le groupe t.me/pepite_example", True),
    ("bitcoin dropped again today, glad I sold last year", False),
    ("my brother lost his savings on a memecoin, the whole thing was a pump", False),
    ("le bitcoin va exploser ou s'effondrer, personne ne sait, j'y touche pas", False),
]
CURSES = [
    ("forward this to 10 people or you will die in 3 days, it's real", True),
    ("send this to 5 friends or you'll never find love 💔", True),
    ("envoie ce message à 10 personnes sinon tu mourras dans 7 jours", True),
    ("partage ça à 15 contacts sinon tu ne trouveras jamais l'amour", True),
    ("remember those 'send to 10 people or you die' chain letters? so dumb", False),
    ("envoie ce message à ta mère sinon elle va s'inquiéter", False),
    ("share this if you love your dad, 90% of people won't share it 💔", True),
    ("copy this to 10 servers and you'll get free nitro tomorrow", True),
    ("partage si tu aimes ta mère, 95% ne le partageront pas 😢", True),
    ("share if you agree, the council has to fix this road", False),
]
OWN_WORK = [
    ("upvote my post pls, I need karma: forum.example/t/8812", True),
    ("just released my first album, only 4.99 on bandcamp this week 🎶", True),
    ("allez voir ma nouvelle vidéo, lien : video.example/v/77", True),
    ("signez ma pétition pour sauver le parc, ça prend 2 minutes 👉 petition.example/parc", True),
    ("DM me 'GLOW' for my free skincare guide ✨", True),
    ("écrivez GUIDE en mp pour recevoir le guide gratuit", True),
    ("did you watch my video from the tournament? I look so dumb lol", False),
    ("allez voir ma grand-mère à l'hôpital si vous passez, elle adore les visites", False),
    ("can you share my post about our lost dog? she ran off, link: lostpets.example/luna", False),
    ("partagez ma cagnotte pour les obsèques de mon père svp 🙏 cagnotte.example/papa", False),
    ("please watch my video for the school project, it's on drive.example/abc", False),
    ("regardez ma vidéo pour l'exposé et dites-moi, c'est sur drive.example/x", False),
    # A gain told with the word to send is the scam pack's, not an advert.
    ("I turned 500 into 9,000, DM me 'READY'", False),
]
BROADCASTS = [
    ("doctors hate this one weird trick to sleep 8 hours 👉 sleep-hack.example", True),
    ("arrêtez de scroller ! l'astuce que les banques détestent : banque-astuce.example/go", True),
    ("giving away 3 game keys! follow @keyfairy_x and RT to enter 🎮", True),
    (
        "this message is from Discord staff, inactive accounts will be deleted friday,"
        " send this to all your servers",
        True,
    ),
    ("achetez des vues tiktok, 5000 vues pour 4€, livraison instantanée", True),
    ("my new single is out everywhere!! please share it 🙏🎶", True),
    ("mon nouveau clip est sorti, partagez svp 🙏", True),
    ("hop on our new survival server, ip: play.blocktown.example", True),
    ("NFT mint is live, whitelist closes tonight, mint at apes-mint.com", True),
    ("go like my new reel pls, trying to hit 5k 🙏 insta: @mina.draws", True),
    ("loans with no credit check and instant approval, apply here: cashnow.example/apply", True),
    ("nouvelle appli de rencontres gratuite, télécharge ici : appli.example/dl 🔥🔥🔥", True),
    ("that 'one weird trick' ad again, who even clicks those", False),
    ("the bank said no credit check for the student account, is that normal?", False),
    ("my new single is finally finished, recording it was so hard", False),
    ("is the survival server still up? what was the ip again", False),
    ("discord said they'd delete inactive accounts? source?", False),
]
POINTED_AND_ASKED = [
    ("vote for my drawing in the art contest pls!! link: artvote.example/entry/88", True),
    ("votez pour ma photo au concours svp, lien : concours.example.fr/photo/31", True),
    ("I can design your logo for cheap, contact me for samples", True),
    ("je peux créer ton site pour pas cher, contactez-moi pour un devis", True),
    ("je follow back direct, je rends à tout le monde 💯", True),
    ("the class vote is on friday, link: school.example/vote/2", False),
    ("does anyone have a referral code for the gym? the sign-up fee is steep", False),
    ("quelqu'un a un code parrainage pour la banque en ligne ? l'inscription coûte cher", False),
    ("contact me if you need help with the maths homework", False),
    ("I can make you a copy of my notes, they're cheap to print", False),
]


# The app that "will start charging" unless the hoax goes round; a recruiter's word to DM.
HOAXES_AND_RECRUITERS = [
    ("send this to 10 groups or instagram will start charging you next month!!", True),
    ("faites tourner à 10 contacts sinon Messenger deviendra payant dès lundi", True),
    ("apparently spotify will start charging more next month, ugh", False),
    ("Messenger deviendra payant ? c'est encore ce vieux canular, ignorez", False),
    ("tu veux devenir ta propre patronne ? je recrute 2 mamans motivées, écris-moi « BOSS »", True),
    ("devenir son propre patron c'est dur, mon frère a galéré 3 ans avec sa boîte", False),
]


CASES = PUMPS + CURSES + POINTED_AND_ASKED + OWN_WORK + BROADCASTS + HOAXES_AND_RECRUITERS


@pytest.mark.parametrize(("text", "fires"), CASES)
async def test_pumps_curses_pointed_votes_and_their_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
