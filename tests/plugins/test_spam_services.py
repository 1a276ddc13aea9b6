"""The spam pack on services and goods sold to the room: search ranking, boosts, NFT drops.

"Rank #1 on Google", backlinks and "first page of Google" sell a search position; gold and
boosts "best prices on the market, add me" sell a game's grind. Each has a twin a member
could write: a question about backlinks, a search that found ads, "add me" to play. The
sentences are written for these tests, not taken from any corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")

SERVICES = [
    ("SEO services: rank #1 on google in 30 days guaranteed, contact us today", True),
    ("professional backlinks, your shop on the first page of Google, contact us for a quote", True),
    ("référencement seo pas cher, votre site 1er sur google en 2 semaines, contactez nous", True),
    ("selling wow gold and boosting services, best prices on the market, add me", True),
    ("how do backlinks even work? my teacher mentioned them in class", False),
    ("check out this guide on backlinks, it helped my school blog a lot", False),
    ("i googled it and the first page of google was all ads lol", False),
    ("j'ai cherché sur google et le premier résultat c'était une pub", False),
    ("can someone add me to the group chat for the trip?", False),
    ("selling my old bike, it's cheap, add me if you're interested", False),
    ("ajoute moi sur steam, on fait une partie ce soir", False),
    ("vends boost elo lol toutes les ranks, paiement paypal, ajoutez moi", True),
    ("j'ai fait un boost elo tout seul cette saison, toutes les ranks sont dures", False),
]
# NFT drops, an affiliate deal, "hot singles in your area": other adverts rooms get.
OTHER_ADVERTS = [
    ("check out my new NFT collection on opensea, only 20 left at 0.05 eth 🔥", True),
    ("ma collection NFT est en ligne sur opensea, foncez avant qu'il n'en reste plus", True),
    ("grab this deal on amazon before it's gone amzn.to/3abcd 🛒", True),
    ("hot singles in your area are waiting for you 😍 click here: datingnow.example", True),
    ("des célibataires de ta région t'attendent 😍 clique ici : rencontres.example", True),
    ("does anyone collect nfts? my nft collection lost 90% lol", False),
    ("grab yours at the bake sale tomorrow, all money goes to the shelter", False),
    ("there are so many singles in your area at the speed dating night, go!", False),
    ("hot singles of the summer 🔥 check out my playlist", False),
    ("the girls near you at the football club are recruiting, join the team!", False),
    ("les célibataires de ta région organisent un pique-nique dimanche, rejoignez-nous", False),
    ("suivez ma page insta @cuisine_de_mamie, nouvelle recette chaque jour 🍰", True),
    ("suivez ma page sur le projet, je mets les comptes rendus de réunion", False),
]
# A show pushed to the room, and "listen to" asked for rather than called for.
SHOWS = [
    ("Nouveau podcast dispo sur toutes les plateformes, écoutez et partagez 🎙️", True),
    ("new podcast out now, listen on all platforms and share 🎙️", True),
    ("go listen to my new track on soundcloud, it slaps 🔥", True),
    ("Anyone here on SoundCloud? I want to find new artists to listen to", False),
    ("did you hear the new podcast from the BBC? so good", False),
    ("vous avez écouté le nouveau podcast de France Culture ? trop bien", False),
]


@pytest.mark.parametrize(("text", "fires"), SERVICES + OTHER_ADVERTS + SHOWS)
async def test_services_sold_and_their_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
