import time

import pytest
from pydantic import ValidationError

from plugins.links.brands import BrandIndex, fold, link_lists
from plugins.links.domains import DomainSet, normalize_domain
from plugins.links.invites import find_invites
from plugins.links.triggers import InvitesOptions, LinksOptions
from plugins.links.urls import find_links

# --- finding links through disguises ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "host", "path"),
    [
        ("join discord.gg/abc123 now", "discord.gg", "/abc123"),
        ("discord . gg / abc", "discord.gg", "/abc"),
        ("discord[.]gg/xyz", "discord.gg", "/xyz"),
        ("discord(dot)gg/xyz", "discord.gg", "/xyz"),
        ("discord dot gg/xyz", "discord.gg", "/xyz"),
        ("discord point gg/xyz", "discord.gg", "/xyz"),
        ("d i s c o r d . g g / abc", "discord.gg", "/abc"),
        ("go to p a y p a l . c o m / l o g i n", "paypal.com", "/login"),
        ("steam.c o m/x", "steam.com", "/x"),
        ("dis\u200bcord.gg/q1w2", "discord.gg", "/q1w2"),
        (
            "\uff44\uff49\uff53\uff43\uff4f\uff52\uff44\uff0e\uff47\uff47\uff0f\uff41\uff42",
            "discord.gg",
            "/ab",
        ),
        ("discord\u3002gg/abc", "discord.gg", "/abc"),
        ("discord%2Egg/abc", "discord.gg", "/abc"),
        ("hxxps://evil[.]com/login", "evil.com", "/login"),
        ("https://paypa1.com/login.", "paypa1.com", "/login"),
        ("voir (https://example.org/a_(b)) ok", "example.org", "/a_(b)"),
        ("xn--pypal-4ve.com", "p\u0430ypal.com", ""),
        ("http://1.2.3.4/x", "1.2.3.4", "/x"),
    ],
)
def test_links_are_found_through_disguises(text, host, path):
    (link,) = find_links(text)
    assert (link.host, link.path) == (host, path)
    assert text[link.start : link.end] == link.text


@pytest.mark.parametrize(
    "text",
    [
        "Salut. Ça va ? oui.",
        "bob@example.com écrit à @bob:matrix.org dans #room:server.org",
        "le fichier main.py et fini.merci",
        "3.14 est à peu près pi, v2.0 sort demain",
        "ok . bref",
        "une dot de mariage, un point c'est tout",
        "le plan a b c . d'accord",
        "options a b c / d e f, choisis",
        "I got a b c grades. ok",
        "",
    ],
)
def test_prose_has_no_links(text):
    assert find_links(text) == ()


def test_disguised_links_are_marked_and_point_at_raw_text():
    text = "regarde ça: discord [.] gg / abc !"
    (link,) = find_links(text)
    assert link.obfuscated
    assert link.text == "discord [.] gg / abc"
    (plain,) = find_links("discord.gg/abc")
    assert not plain.obfuscated
    spelled = "viens sur d i s c o r d . g g / abc vite"
    (link,) = find_links(spelled)
    assert link.obfuscated
    assert link.text == "d i s c o r d . g g / abc"


# --- invites ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "platform", "target"),
    [
        ("discord.gg/AbC123", "discord", "AbC123"),
        ("https://discord.com/invite/xyz", "discord", "xyz"),
        ("discordapp.com/invite/zz-top", "discord", "zz-top"),
        ("dsc.gg/gaming", "discord", "gaming"),
        ("dis\u200bcord . gg / evade", "discord", "evade"),
        ("best server 👉 d i s c o r d . g g / cashgang", "discord", "cashgang"),
        ("d\u0456scord.gg/cyr", "discord", "cyr"),
        ("https://matrix.to/#/#room:example.org?via=example.org", "matrix", "#room:example.org"),
        ("matrix.to/#/%23encoded%3Aexample.org", "matrix", "#encoded:example.org"),
        ("https://matrix.to/#/!abc:example.org/$event", "matrix", "!abc:example.org"),
        ("matrix:r/chat:example.org", "matrix", "#chat:example.org"),
        ("matrix:roomid/xyz:example.org?action=join", "matrix", "!xyz:example.org"),
        ("https://app.element.io/#/room/#x:y.org", "matrix", "#x:y.org"),
    ],
)
def test_invites_are_found(text, platform, target):
    (invite,) = find_invites(text)
    assert (invite.platform, invite.target) == (platform, target)


@pytest.mark.parametrize(
    "text",
    [
        "j'adore discord.gg, vraiment",
        "I use discord.gg and Discord a lot",
        "https://discord.com/channels/123/456",
        "https://matrix.to/#/@bob:example.org",
        "https://discord.com/invite/",
    ],
)
def test_not_invites(text):
    assert find_invites(text) == ()


INVITE_RULES = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      invites:
        triggers:
          - invites:
              allow: [vigie, "#general:example.org", friends.org, "discord.gg/Partner"]
        actions: [delete, report]
"""


async def test_invite_rule_deletes_and_reports(testbot):
    bot = await testbot(INVITE_RULES)
    plan, _ = await bot.say("venez sur discord . gg / raid123 !")
    (hit,) = plan.hits
    assert hit.match.category == "spam"
    assert "invite.obfuscated" in hit.match.signals
    assert hit.match.spans[0].text == "discord . gg / raid123"
    assert bot.pop_kinds() == ["delete", "report"]


ALLOWED_INVITES = [
    "notre serveur: discord.gg/vigie",
    "discord.gg/VIGIE",
    "https://discord.com/invite/partner",
    "https://matrix.to/#/#general:example.org",
    "https://matrix.to/#/#anything:friends.org",
    "discord.gg c'est le domaine des invitations",
]


async def test_allowed_invites_pass(testbot):
    bot = await testbot(INVITE_RULES)
    for text in ALLOWED_INVITES:
        plan, _ = await bot.say(text)
        assert not plan.hits, text


def test_invite_options_check_entries_at_load():
    with pytest.raises(ValidationError, match="not an invite"):
        InvitesOptions(allow=["https://example.org/nope"])
    with pytest.raises(ValidationError, match="deny list"):
        InvitesOptions(only_denied=True)


async def test_only_denied_and_bare_aliases(testbot):
    bot = await testbot(
        INVITE_RULES.replace(
            """allow: [vigie, "#general:example.org", friends.org, "discord.gg/Partner"]""",
            """{deny: ["#spam:evil.org", badcode], only_denied: true, bare_aliases: true}""",
        )
    )
    assert not (await bot.say("discord.gg/anything"))[0].hits
    assert (await bot.say("rejoins #spam:evil.org"))[0].hits
    assert (await bot.say("discord.gg/BadCode"))[0].hits


# --- domains and brands -------------------------------------------------------------------


def test_domain_sets_cover_subdomains():
    denied = DomainSet(["example.com", "https://Evil.ORG/path", "*.xn--pypal-4ve.com"])
    assert denied.find("a.b.example.com") == "example.com"
    assert denied.find("evil.org") == "evil.org"
    assert denied.find("notexample.com") is None
    assert denied.find("login.p\u0430ypal.com") == "p\u0430ypal.com"
    assert normalize_domain("HTTPS://user@Example.com:8080/x") == "example.com"


@pytest.fixture(scope="module")
def brands():
    lists = link_lists()
    return BrandIndex(lists.brands, lists.scam_words, lists.not_lookalikes)


@pytest.mark.parametrize(
    ("host", "brand"),
    [
        ("discorcl.com", "discord"),
        ("dlscord.gift", "discord"),
        ("discord-nitro.gift", "discord"),
        ("discrod.com", "discord"),
        ("steamcomrnunity.com", "steam"),
        ("steamcommunity.com.ru", "steam"),
        ("paypa1.com", "paypal"),
        ("p\u0430ypal.com", "paypal"),
        ("paypal.com.secure-login.xyz", "paypal"),
        ("ameli-remboursement.fr", "ameli"),
        ("impots-gouv-remboursement.fr", "impots"),
        ("caf-remboursement.fr", "caf"),
        ("caf.fr-aide.com", "caf"),
        ("lnstagram.com", "instagram"),
        ("mircosoft.com", "microsoft"),
        ("laposte-colis.com", "laposte"),
    ],
)
def test_lookalikes_name_the_brand(brands, host, brand):
    found = brands.check(host)
    assert found is not None
    assert found.brand == brand


@pytest.mark.parametrize(
    "host",
    [
        "discord.com",
        "cdn.discordapp.com",
        "steamcommunity.com",
        "paypal.com",
        "paypal.com.au",
        "google.de",
        "amazon.co.uk",
        "impots.gouv.fr",
        "ameli.fr",
        "amelie.fr",
        "cafe.fr",
        "free-games.com",
        "gluten-free.com",
        "orange-sanguine.fr",
        "discordpy.readthedocs.io",
        "wikipedia.org",
        "youtube.com",
        "applebees.com",
    ],
)
def test_real_and_unrelated_hosts_are_not_lookalikes(brands, host):
    assert brands.check(host) is None


def test_fold_reads_lookalike_letters():
    assert fold("dlscord") == fold("discord") == fold("d1scord")
    assert fold("steamcomrnunity") == fold("steamcommunity")
    assert fold("discorcl") == fold("discord")


LINK_RULES = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
      links:
        triggers:
          - links:
              deny: [example.com]
              allow: [ok.example.com]
              shorteners: true
              brands: {monasso: [monasso.fr]}
        actions: [delete, report]
"""


async def test_links_rule_lookalike_is_a_scam(testbot):
    bot = await testbot(LINK_RULES)
    plan, _ = await bot.say("Nitro gratuit: https://dlscord.gift/claim")
    (hit,) = plan.hits
    assert hit.match.category == "scam"
    assert "link.lookalike:discord" in hit.match.signals
    assert hit.match.spans[0].text == "https://dlscord.gift/claim"
    assert bot.pop_kinds() == ["delete", "report"]


FIRING_LINKS = [
    ("voir https://a.example.com/x", "link.denied:example.com"),
    ("voir example[.]com", "link.denied:example.com"),
    ("hxxp://example%2Ecom/x", "link.denied:example.com"),
    ("https://bit.ly/3abc", "link.shortener"),
    ("https://grabify.link/ABC", "link.ip_logger"),
    ("adhérez sur monasso-paiement.fr", "link.lookalike:monasso"),
]
SPARED_LINKS = [
    "le vrai site: https://discord.com/download",
    "https://ok.example.com/page",
    "https://www.paypal.com/fr/home",
    "https://steamcommunity.com/id/bob",
    "https://www.impots.gouv.fr/accueil",
    "mon asso: https://monasso.fr",
    "un lien normal https://fr.wikipedia.org/wiki/Vigie",
]


async def test_links_rule_fires_and_spares(testbot):
    bot = await testbot(LINK_RULES)
    for text, signal in FIRING_LINKS:
        (hit,) = (await bot.say(text))[0].hits
        assert signal in hit.match.signals, text
    for text in SPARED_LINKS:
        assert not (await bot.say(text))[0].hits, text


async def test_only_allowed_links(testbot):
    bot = await testbot(
        LINK_RULES.replace(
            "deny: [example.com]", "only_allowed: true\n              deny: [example.com]"
        )
    )
    assert (await bot.say("https://random.org/x"))[0].hits
    assert not (await bot.say("https://ok.example.com/x"))[0].hits
    assert not (await bot.say("pas de lien ici."))[0].hits


def test_links_options_need_something_to_do():
    with pytest.raises(ValidationError, match="nothing to look for"):
        LinksOptions(lookalikes=False, ip_loggers=False)


# --- cost ---------------------------------------------------------------------------------


def test_plain_message_costs_little():
    text = "Salut tout le monde, quelqu'un a vu le match hier soir ? C'était vraiment fou"
    find_links(text)
    runs = 20_000
    start = time.perf_counter()
    for _ in range(runs):
        find_links(text)
    per_message = (time.perf_counter() - start) / runs
    assert per_message < 20e-6, per_message
