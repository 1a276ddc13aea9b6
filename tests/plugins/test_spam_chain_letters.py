"""The spam pack on chain letters: pass this on to N servers, or else.

A chain asks to pass the message on, to a count or to everyone, and threatens or warns
(the account lost, years of bad luck, Discord closing accounts, a "hacker" whose friend
request must be refused). Each has a twin a member could write: news to share, a real
warning, a question about an account.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "spam")

CHAINS = [
    (
        "Discord va supprimer tous les comptes inactifs demain !! transférez ce message à 15 "
        "serveurs pour montrer que vous êtes actifs",
        True,
    ),
    ("Discord va fermer son ancienne appli Windows, pensez à mettre à jour", False),
    (
        "copiez collez ça dans tous vos serveurs sinon votre compte sera supprimé lundi",
        True,
    ),
    ("mon compte a été supprimé par erreur, comment je contacte le support ?", False),
    (
        "Ne prenez pas la demande d'ami de Tyler_x9, c'est un hacker. Envoyez ce message à tous "
        "vos amis",
        True,
    ),
    ("faites tourner l'info : la sortie au lac de samedi est annulée à cause de la pluie", False),
    (
        "send this to 10 people in the next hour or you'll get 5 years of bad luck, "
        "it happened to my cousin",
        True,
    ),
    ("bad luck for my team tonight, 3 injuries in the first half", False),
    (
        "Discord staff is deleting accounts that don't repost this, post it in all your "
        "servers or your account will be banned",
        True,
    ),
    ("can someone share the tournament bracket with everyone? the link expired", False),
    (
        "WARNING if you get a friend request from j0hn_d0e don't accept, he's a hacker, "
        "forward this to all your contacts",
        True,
    ),
    ("heads up: a friend request from someone pretending to be staff is a scam, just block", False),
    ("envoie ce message à 10 personnes sinon tu auras 7 ans de malheur", True),
    ("ma mère dit que casser un miroir c'est sept ans de malheur", False),
    ("if you don't send this to 3 people you'll have bad luck for a year", True),
    ("breaking a mirror means seven years of bad luck, my gran swears by it", False),
]


@pytest.mark.parametrize(("text", "fires"), CHAINS)
async def test_chain_letters_and_their_twins(spam_ads, text, fires):
    assert await _fires(spam_ads, text) is fires, text
