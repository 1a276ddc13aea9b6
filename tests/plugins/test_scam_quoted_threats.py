"""The scam pack leaves victims quoting a threat and runner recruitment of minors alone.

The sentences are written for these tests, not taken from any corpus.
"""

from functools import partial

import pytest

from tests.support.packchat import fires_as

_fires = partial(fires_as, "scam")


CASES = [
    # The extortionist's own words fire; the victim quoting them does not.
    ("I recorded you on your webcam, pay 0.05 btc or I send the video to your contacts", True),
    ("je t'ai filmé avec ta webcam, paie 500€ en bitcoin ou j'envoie la vidéo à tes amis", True),
    ("got this email: 'I recorded you on your webcam, pay 0.05 btc or I send the video'", False),
    ("j'ai reçu ce mail : « je t'ai filmé avec ta webcam, paie 500€ ou j'envoie la vidéo »", False),
    ("he said he'd send my pics to everyone unless I pay, I recorded nothing, what do I do", False),
    ("il me menace d'envoyer la vidéo de ma webcam à mes contacts si je paie pas 300€", False),
    # Easy money for a job from the phone is a scam; a runner's pitch to a minor is not one.
    ("make 200 a day from your phone, no experience, dm me", True),
    ("gagne 300€ par semaine depuis ton tel, aucune expérience, écris moi", True),
    ("tu veux te faire 100 balles par jour facile ? tu fais le guet en bas, t'es mineur", False),
    ("wanna make 200 a day easy? just drop packages for me, dm me", False),
]


@pytest.mark.parametrize(("text", "fires"), CASES)
async def test_quoted_threats_and_runner_pitches(scam_lines, text, fires):
    assert await _fires(scam_lines, text) is fires, text
