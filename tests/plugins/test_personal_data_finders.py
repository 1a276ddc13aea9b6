"""The personal_data finders: phones, e-mails, IBANs and RIBs, addresses, plates, and masks.

The sentences are written for these tests, not taken from the dev corpus. Numbers come
from ranges reserved for fiction where one exists (06 39 98, 07 00, 555-01xx, 07700 900).
"""

import pytest

from plugins.personal_data.accounts import find_accounts
from plugins.personal_data.addresses import find_addresses
from plugins.personal_data.emails import find_emails
from plugins.personal_data.found import Found, mask, overlaps
from plugins.personal_data.ibans import find_ibans, iban_ok
from plugins.personal_data.identity import find_identity_numbers
from plugins.personal_data.phones import find_phones
from plugins.personal_data.plates import find_plates
from plugins.personal_data.spelled import digit_runs

REGIONS = ("FR", "US", "GB")


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("appelle-moi au 06 39 98 12 45", "0639981245"),
        ("06.39.98.12.45", "0639981245"),
        ("06-39-98-12-45 stp", "0639981245"),
        ("+33 6 39 98 12 45", "639981245"),
        ("+33 (0)6 39 98 12 45", "639981245"),
        ("0033 6 39 98 12 45", "639981245"),
        ("0 6 3 9 9 8 1 2 4 5", "0639981245"),
        ("06_39_98_12_45", "0639981245"),
        ("06\u200b39\u200b98\u200b12\u200b45", "0639981245"),
        ("O6 39 98 12 45", "0639981245"),
        ("0\uff16 3\uff19 9\uff18 1\uff12 4\uff15", "0639981245"),  # fullwidth
        ("06 ▪ 39 ▪ 98 ▪ 12 ▪ 45", "0639981245"),
        ("0️⃣6️⃣ 3️⃣9️⃣ 9️⃣8️⃣ 1️⃣2️⃣ 4️⃣5️⃣", "0639981245"),
        ("zéro six, trente-neuf, quatre-vingt-dix-huit, douze, quarante-cinq", "0639981245"),
        ("zero six trois neuf neuf huit un deux quatre cinq", "0639981245"),
        ("soixante et onze", None),
        ("my cell is (212) 555-0147", "2125550147"),
        ("call +1 646 555 0178", "6465550178"),
        ("ring me on 07700 900461", "07700900461"),
        ("oh seven seven oh oh nine oh oh four six one", "07700900461"),
        # Read aloud: "nine hundred" for 9-0-0, and a mobile's trunk zero left out.
        ("oh seven seven double oh, nine hundred, four six one", "07700900461"),
        ("text me on seven seven zero zero, nine zero zero, four six one", "07700900461"),
        ("mon num : six trente-neuf, quatre-vingt-dix-huit, douze, quarante-cinq", "0639981245"),
        # Without its trunk zero only a mobile is read: a spoken landline stays words.
        ("one two three four five six seven eight nine", None),
        ("un quarante-deux, trente-neuf, quatre-vingt-dix-huit, douze", None),
        ("we were three hundred, then two thousand, nine out of ten came back", None),
        ("appelle au 06 12 34 56 78 2 fois", "0612345678"),
        # A number of a range kept for fiction, followed by a time and a price.
        ("incall 📞 07700 900615 1h 130", "07700900615"),
        ("sms 06 39 98 22 15 30 min 80", "0639982215"),
    ],
)
def test_phone_numbers_are_found_in_plain_and_disguised_writing(text, digits):
    found = find_phones(text, REGIONS)
    if digits is None:
        assert found == []
        return
    assert len(found) == 1, found
    shown = "".join(c for c in found[0].value if c.isdigit())
    assert shown.endswith(digits[-8:])
    span = text[found[0].start : found[0].end]
    assert span
    assert span.strip() == span


@pytest.mark.parametrize(
    "text",
    [
        "mon code ami switch SW-4471-0926-3318",
        "le 12/03/2024 à 18h30, salle 204",
        "score 2024 2025 2026 2027",
        "commande n° 2024-118-55432",
        "j'ai payé 1 234,56 € hier",
        "version 2.14.3 du jeu, build 20260301",
        "FR76 3006 6109 4700 0214 5890 341",
        "order 7700 900 461 shipped",  # typed digits keep needing the trunk zero
    ],
)
def test_digits_that_are_not_phone_numbers_are_left_alone(text):
    assert find_phones(text, REGIONS) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("text me 555-0147", "555-0147"),
        ("call me at 555-0133 evenings", "555-0133"),
        ("hmu at 555-0119", "555-0119"),
        ("I'm on 555-0143 (Ohio time)", "555-0143"),
    ],
)
def test_a_local_number_after_a_word_to_call_is_read(text, value):
    (found,) = find_phones(text, REGIONS)
    assert (found.value, found.detail) == (value, "local number")


@pytest.mark.parametrize(
    "text",
    [
        "the score was 555-0147 at halftime",  # no word to call: a local number needs one
        "call me at 5 for the 555-0147 tickets",  # too far from the word
        "my order number is 555-0147, still not shipped",  # a number, not a phone's
        "text me 555-0147",  # outside North America the seven digits are nobody's number
    ],
)
def test_seven_digits_without_a_word_to_call_or_a_region_are_not_a_number(text):
    regions = ("FR", "GB") if text == "text me 555-0147" else REGIONS
    assert find_phones(text, regions) == []


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("numéro vert 0 800 130 000", True),
        ("le service client 0892 68 30 00", True),
        ("0810 25 75 10", True),
        ("1-800-555-0199", True),
        ("06 39 98 12 45", False),
        ("09 77 42 18 60", False),  # a home box line is a private number
    ],
)
def test_public_number_types_are_told_apart(text, public):
    (found,) = find_phones(text, REGIONS)
    assert found.public is public


def test_digit_runs_keep_the_raw_offsets_of_spelled_numbers():
    text = "tiens: zéro six, trente-neuf, quatre-vingt-dix-huit, douze, quarante-cinq. merci"
    (run,) = digit_runs(text)
    assert run.text == "0 6 39 98 12 45"
    assert run.disguised
    start, end = run.raw_span(0, len(run.text))
    assert text[start:end] == "zéro six, trente-neuf, quatre-vingt-dix-huit, douze, quarante-cinq"


@pytest.mark.parametrize(
    ("text", "value", "public"),
    [
        ("écris-moi: lea.m92@gmail.com", "lea.m92@gmail.com", False),
        ("mail: contact@atelier-bois.fr", "contact@atelier-bois.fr", True),
        ("contact@gmail.com c'est moi", "contact@gmail.com", False),
        ("lea (at) example (point) com", "lea@example.com", False),
        ("priya [dot] r [at] example [dot] org", "priya.r@example.org", False),
        ("jean arobase gmail point com", "jean@gmail.com", False),
        # Country codes beyond the usual few.
        ("jo (dot) walsh (at) example (dot) ie", "jo.walsh@example.ie", False),
        ("ania (at) example (dot) pl", "ania@example.pl", False),
        # Invisible characters inside the address.
        ("son mail lea\u200b.m\u200b@\u200bexample.fr", "lea.m@example.fr", False),
        ("p\u200br\u200bi\u200by\u200ba (at) example (dot) com", "priya@example.com", False),
    ],
)
def test_emails_plain_and_written_out(text, value, public):
    (found,) = find_emails(text, hidden=True)
    assert found.value == value
    assert found.public is public


@pytest.mark.parametrize(
    "text",
    [
        "i'm at home, dot the i's and cross the t's",
        # a pronoun before a plain "at": a site named, no one's address
        "free nitro for everyone at giftnitro [dot] com",
        "see you at shop dot com tomorrow",
    ],
)
def test_words_at_and_dot_in_prose_are_not_an_email(text):
    assert find_emails(text, hidden=True) == []


def test_a_pronoun_in_brackets_is_still_an_address():
    (found,) = find_emails("me (at) example (dot) com", hidden=True)
    assert found.value == "me@example.com"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("écrivez-lui : j u l i e . m o r e l @ example . fr", "julie.morel@example.fr"),
        ("mail him: t . b a k e r @ e x a m p l e . c o . u k", "t.baker@example.co.uk"),
        ("her mail is s.wong\uff20example.org", "s.wong@example.org"),  # a fullwidth @
    ],
)
def test_an_address_spaced_out_or_with_a_wide_at_is_read(text, value):
    (found,) = find_emails(text, hidden=False, spaced=True)
    assert (found.value, found.disguised) == (value, True)


@pytest.mark.parametrize(
    "text",
    [
        "ABONNEZ VOUS A MA CHAINE TIKTOK @lucas.edits.fr",  # a word, then a mention
        "@everyone @here claim it now at claim-gems.example.com",
        "meet me @ the park. see you there",
        "lol @ him . so funny",
    ],
)
def test_mentions_and_prose_around_an_at_are_not_a_spaced_address(text):
    assert find_emails(text, hidden=False, spaced=True) == []


@pytest.mark.parametrize(
    "iban",
    [
        "FR14 2004 1010 0505 0001 3M02 606",
        "GB29 NWBK 6016 1331 9268 19",
        "DE89370400440532013000",
        "be68 5390 0754 7034",
    ],
)
def test_ibans_pass_the_mod97_checksum(iban):
    (found,) = find_ibans(f"voilà: {iban} merci")
    assert found.kind == "iban"


def test_a_wrong_checksum_or_no_iban_finds_nothing():
    assert not iban_ok("FR1420041010050500013M02607")
    assert find_ibans("FR14 2004 1010 0505 0001 3M02 607") == []
    assert find_ibans("mon IBAN est dans le mail") == []


def test_a_failed_checksum_counts_beside_banking_words_only():
    text = "faites le virement sur FR76 3000 6000 0112 3456 7890 188 avant ce soir"
    assert not iban_ok("FR7630006000011234567890188")
    (found,) = find_ibans(text)
    assert found.value == "FR76 3000 6000 0112 3456 7890 188"
    assert find_ibans("ma ref de commande FR76 3000 6000 0112 3456 7890 188") == []
    # The wrong length for the country is still not an IBAN.
    assert find_ibans("virement sur FR76 3000 6000 0112 3456") == []


@pytest.mark.parametrize(
    "text",
    [
        "c'est pour le loyer : FR76 3000 6000 0112 3456 7890 188, Léo",
        "acompte de 200 € sur FR76 3000 6000 0112 3456 7890 188",
        "for the deposit: FR76 3000 6000 0112 3456 7890 188",
    ],
)
def test_rent_deposits_and_kitties_are_banking_words(text):
    (found,) = find_ibans(text)
    assert found.value == "FR76 3000 6000 0112 3456 7890 188"


@pytest.mark.parametrize(
    "text",
    [
        "mon RIB : F R 7 6  3 0 0 0  6 0 0 0  0 1 1 2  3 4 5 6  7 8 9 0  1 8 8",
        "virement ici : F R 7 6 - 3 0 0 0 6 - 0 0 0 0 1 - 1 2 3 4 5 6 7 8 9 0 1 - 8 8",
    ],
)
def test_an_iban_spelled_out_letter_by_letter_is_read(text):
    (found,) = find_ibans(text)
    assert found.value == "FR76 3000 6000 0112 3456 7890 188"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("pay me on sort code 20-45-77, account 13572468, J Doe", "20-45-77 13572468"),
        ("my sort code is 204577 acc 1357 2468", "20-45-77 13572468"),
        ("s0rt c0de 20 45 77, acc no. 13572468", "20-45-77 13572468"),
    ],
)
def test_a_sort_code_with_its_account_number_is_a_bank_account(text, value):
    (found,) = find_ibans(text)
    assert (found.kind, found.value, found.detail) == ("iban", value, "sort code")


def test_a_sort_code_alone_is_a_branch_not_an_account():
    assert find_ibans("the branch sort code is 20-45-77, open till 4") == []
    assert find_ibans("sort code 20-45-77 and then the reference 13572468") == []


def test_a_french_rib_is_checked_by_its_key():
    (found,) = find_ibans("RIB : 30066 10947 00021458903 41")
    assert found.detail == "RIB"
    assert find_ibans("RIB : 30066 10947 00021458903 42") == []


@pytest.mark.parametrize(
    "text",
    [
        "j'habite au 14 rue Victor Hugo 38000 Grenoble",
        "3 impasse des Mésanges, 44000 Nantes",
        "5 bd Voltaire",
        "12 allée des lilas, j'habite là",
        "221B Baker Street",
        "18 Willow Crescent, Bristol BS3 4JR",
        "77 Maple Avenue, Denver CO 80203",
        "I live at 10 downing street",
        # Belgian and Swiss writing: the number after the street.
        "il crèche rue des Tanneurs 17, au 3e",
        "Avenue Louise 54, 1050 Ixelles",
        "j'habite chaussée de Wavre, 212",
        # The kind of street spelled out.
        "passez chez moi, 34 r.u.e Chevreul",
        "j'habite au 12 a v e n u e Foch",
    ],
)
def test_street_addresses_fr_and_en(text):
    assert len(find_addresses(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "il reste 2 places de libre",
        "on a fait 3 chemins différents",
        "j'ai 2 Place de ciné",
        "I walked 5 miles down the road",
        "j'habite en face du 12 rue de la Paix",
        "2 rues plus loin",
        "on est passés rue de la Paix 3 fois",
        "la place Flagey 7 minutes à pied",
        "rdv avenue Foch 12h30",
        "la rue Neuve 2e sortie à droite",
    ],
)
def test_prose_with_street_words_is_not_an_address(text):
    assert find_addresses(text) == []


def test_french_and_british_plates_are_read_in_their_own_layout():
    assert [f.value for f in find_plates("sa caisse c'est AB-123-CD")] == ["AB-123-CD"]
    assert [f.value for f in find_plates("the red Fiesta AB12 CDE outside")] == ["AB12CDE"]
    assert find_plates("SS-123-AA") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("his plate is KX19 LRT, silver Corsa", "KX19LRT"),
        ("plate yk19 exm, can't miss it", "YK19EXM"),
        ("reg Y R 1 9 - K L M", "YR19KLM"),
        ("sa plaque : 1-ABC-123 devant le tabac", "1ABC123"),
        ("plaque d'immatriculation GE 207551", "GE207551"),
        ("licence plate: 7ABC123", "7ABC123"),
    ],
)
def test_a_plate_of_any_layout_is_read_after_a_plate_word(text, value):
    assert [f.value for f in find_plates(text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "yk19 exm",  # no plate word and not in capitals: a code, a reference, anything
        "a plate of 12 cookies",
        "plate 12 was the best at the show",
        "plaque de cuisson 4 feux",
        "plaque BA13 chez le marchand de matériaux",
        "the 2019 reg Golf is for sale",
    ],
)
def test_words_and_codes_near_a_plate_word_are_not_a_plate(text):
    assert find_plates(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("son insta c'est lea.mrtn_92", "lea.mrtn_92"),
        ("her ig is @ash.b", "@ash.b"),
        ("son snap privé : m.a.t.h.i.s.frr", "m.a.t.h.i.s.frr"),
        ("et son insta c'est l e a . p e r r i n . 6 9, voilà", "lea.perrin.69"),
    ],
)
def test_a_handle_is_read_right_after_the_network_name(text, value):
    assert [f.value for f in find_accounts(text)] == [value]


@pytest.mark.parametrize(
    "text", ["insta is down again", "on snap c mieux", "son fb Remi Bastide", "her ig lol"]
)
def test_words_after_a_network_name_are_not_a_handle(text):
    assert find_accounts(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("to verify me: passport no. 502233671, born 1990", "502233671"),
        ("mon numéro de sécu c'est 2 91 07 69 123 456 78", "2 91 07 69 123 456 78"),
        ("my NINO is QQ 12 34 56 C right?", "QQ 12 34 56 C"),
        ("my NI number is QQ 12 34 56 C", "QQ 12 34 56 C"),
        ("carte d'identité n° 592123456789, pour la vente", "592123456789"),
        ("son n° étudiant 22104518, à la fac de Lille", "22104518"),
        ("student ID: 20417733", "20417733"),
        ("ton numéro AVS 756.1234.5678.97 est sur la fiche", "756.1234.5678.97"),
        ("my PPS number is 1234567TA, is that the one Revenue wants?", "1234567TA"),
    ],
)
def test_an_identity_number_is_read_after_its_name(text, value):
    assert [f.value for f in find_identity_numbers(text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "my passport expires in 2027",
        "student number 3 on the list",
        "les étudiants 2024-2025 sont invités",
        "NI number format is two letters, six digits and a letter",
        "le permis à 1500 euros c'est cher",
        "PPS numbers have seven digits and one or two letters",
    ],
)
def test_years_prices_and_counts_near_a_document_name_are_not_its_number(text):
    assert find_identity_numbers(text) == []


def test_masks_never_show_the_whole_value():
    assert mask("phone", "06 39 98 12 45") == "06 •• •• •• 45"
    assert mask("email", "lea.m92@gmail.com") == "l•••@gmail.com"
    assert mask("iban", "FR14 2004 1010") == "FR14 •••• ••10"


def test_spans_that_only_touch_do_not_overlap():
    found = [Found(kind="email", start=5, end=9, value="x")]
    assert overlaps(found, 8, 12)
    assert overlaps(found, 0, 6)
    assert not overlaps(found, 9, 12)
    assert not overlaps(found, 0, 5)
    assert not overlaps([], 0, 5)
