import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.text import NormalizedText, normalize, skeleton

# Lookalikes are written as escapes so the source shows what they really are.
CYRILLIC_COCAINE = "\u0441\u043e\u0441\u0430ine"  # Cyrillic es, o, es, a + Latin "ine"
CYRILLIC_BAH = "\u0412\u0410\u041d"  # Cyrillic capitals VE, A, EN
FULLWIDTH_COKE = "\uff43\uff4f\uff4b\uff45"
MATH_BOLD_COKE = "\U0001d41c\U0001d428\U0001d424\U0001d41e"
IPA_ARGENT = "\u0251rgent"  # Latin small letter alpha

# Characters chosen to hit every stage: separators, leet, invisibles, bidi
# controls, combining marks, variation selectors, emoji and their joiners,
# tag characters, confusables, fullwidth and math letters, expansions.
_TRICKY = (
    "abcekos y"
    "0134578 .-_*,/|:!@$€"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u0301\u0308\u0338\u20e3\u034f"
    "\ufe0e\ufe0f\U000e0100"
    "🏳🌈👨👩👧🏴😂\U0001f3fd❤"
    "\U000e0067\U000e0062\U000e0073\U000e007f"
    "\u0441\u0435\u043e\u0430\u0412\u041d \uff43\uff4f\U0001d41c\U0001d428\u0251"
    "œßﬁ…\u2019«\u00a0\u202f\u2800\u3164"
    "\n\t\x00\x7f"
)
_raw_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(_TRICKY)),
    st.text(alphabet=st.sampled_from(_TRICKY), min_size=50, max_size=400),
)


def _text(raw: str) -> str:
    return normalize(raw).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("co\u200bke", "coke"),
        ("co\u00adke", "coke"),
        ("c\u2060o\ufeffk\u200ce", "coke"),
        (CYRILLIC_COCAINE, "cocaine"),
        (FULLWIDTH_COKE, "coke"),
        (MATH_BOLD_COKE, "coke"),
        ("c o k e", "coke"),
        ("s.n.a.p", "snap"),
        ("b.e.u.h", "beuh"),
        ("c-o-k-e", "coke"),
        ("s_n_a_p", "snap"),
        ("c . o . k . e", "coke"),
        ("cooookkeee", "coke"),
        ("cooooke", "coke"),
        ("snaaaap", "snap"),
        ("c0k3", "coke"),
        ("c0ca1ne", "cocaine"),
        ("b3uh", "beuh"),
        ("c000ke", "coke"),
        ("c.0.k.3", "coke"),
        ("sh!t", "shit"),
        ("ca$h", "cash"),
        ("cocaïne", "cocaine"),
        ("COCAÏNE", "cocaine"),
        ("c\u0327a", "ca"),
        ("c̸̢o̷k̷e", "coke"),
        ("œuf", "oeuf"),
        ("Straße", "strasse"),
        ("l\u2019ecstasy", "l'ecstasy"),
        (CYRILLIC_BAH, "bah"),
        ("c\u03bfke", "coke"),  # Greek omicron, from the UTS #39 data like every mapping
        ("c\u0585ke", "coke"),  # Armenian oh
        # An amount whose zeros are typed as the letter o.
        ("£5OO a day", "£500 a day"),
        ("gagne 5OO€/jour", "gagne 500€/jour"),
        ("1OO% garanti", "100% garanti"),
        ("solde de 1 8OO € ", "solde de 1 800 €"),
        ("2OO balles", "200 balles"),
    ],
)
def test_evasions_normalize_to_the_plain_word(raw: str, expected: str) -> None:
    assert _text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "flag"),
    [
        ("co\u200bke", "invisible"),
        ("\u202egnp.exe", "invisible"),
        (CYRILLIC_COCAINE, "confusable"),
        (CYRILLIC_COCAINE, "mixed_script"),
        (IPA_ARGENT, "confusable"),
        (FULLWIDTH_COKE, "fullwidth_or_math"),
        (MATH_BOLD_COKE, "fullwidth_or_math"),
        ("s n a p", "spaced"),
        ("c0k3", "leet"),
        ("cooooke", "repeats"),
        ("c\u0301\u0302\u0303oke", "combining"),
    ],
)
def test_evasions_raise_their_flag(raw: str, flag: str) -> None:
    assert flag in normalize(raw).flags


@pytest.mark.parametrize(
    "raw",
    [
        "salut, ça va ? on se voit à 20h au café",
        "coffee speed cannabis",
        "il y a à manger",
        "œuvre, cœur et sœur",
        "привет всем",
        "m² et 3ème étage",
    ],
)
def test_ordinary_text_raises_no_flag(raw: str) -> None:
    assert normalize(raw).flags == frozenset()
    assert normalize(raw).invisible == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("j'ai 13 ans", "j'ai 13 ans"),
        ("j'ai 13ans", "j'ai 13ans"),
        ("06.12.34.56.78", "06.12.34.56.78"),
        ("06 12 34 56 78", "06 12 34 56 78"),
        ("5€", "5€"),
        ("10 €", "10 €"),
        ("2024", "2024"),
        ("40 min", "40 min"),
        ("rdv à 20h", "rdv a 20h"),
        ("5g de beuh", "5g de beuh"),
        ("le 1er mai", "le 1er mai"),
        ("mdma100", "mdma100"),
        ("salut!!", "salut!!"),
    ],
)
def test_numbers_keep_their_digits(raw: str, expected: str) -> None:
    assert _text(raw) == expected


def test_one_o_after_a_digit_is_a_letter_two_make_an_amount() -> None:
    assert _text("5o what") == "so what"
    assert _text("5oo what") == "500 what"


def test_leet_on_a_lone_digit_glued_to_letters_is_either_way() -> None:
    assert _text("4k") in {"4k", "ak"}


@pytest.mark.parametrize(
    "raw", ["coffee", "speed", "cannabis", "assassin", "a la", "y a", "y a-t-il", "ab c"]
)
def test_doubles_and_short_words_survive(raw: str) -> None:
    assert _text(raw) == raw


def test_french_one_letter_words_are_not_joined() -> None:
    assert _text("il y a à manger") == "il y a a manger"
    assert _text("c'est-à-dire") == "c'est-a-dire"


def test_whitespace_collapses_and_strips() -> None:
    assert _text("  Hello \n\t  World \u00a0 ") == "hello world"


@pytest.mark.parametrize(
    "raw",
    [
        "🏳️\u200d🌈",
        "👨\u200d👩\u200d👧",
        "👩\U0001f3fd\u200d💻",
        "❤️\u200d🔥",
        "1️⃣",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "می\u200cخو\u0627\u0647م",
    ],
)
def test_emoji_and_script_joiners_are_not_evasion(raw: str) -> None:
    view = normalize(raw)
    assert view.invisible == 0
    assert "invisible" not in view.flags


def test_joiners_between_latin_letters_are_evasion() -> None:
    assert normalize("co\u200dke").invisible == 1
    assert normalize("co\u200cke").invisible == 1
    assert normalize("\U000e0063oke").invisible == 1


def test_invisible_counts_every_removed_character() -> None:
    view = normalize("c\u200bo\u200bk\u200be")
    assert view.text == "coke"
    assert view.invisible == 3


def _raw_of(raw: str, word: str) -> str:
    view = normalize(raw)
    start = view.text.index(word)
    a, b = view.to_raw(start, start + len(word))
    return raw[a:b]


@pytest.mark.parametrize(
    ("raw", "word", "expected"),
    [
        ("j'ai de la c.o.k.e", "coke", "c.o.k.e"),
        ("j'ai de la c.o.k.e.", "coke", "c.o.k.e"),
        ("de la c o k e ce soir", "coke", "c o k e"),
        ("de la cooooke ici", "coke", "cooooke"),
        ("de la co\u200bke\u200b ici", "coke", "co\u200bke"),
        ("la " + FULLWIDTH_COKE, "coke", FULLWIDTH_COKE),
        ("la " + MATH_BOLD_COKE + "!", "coke", MATH_BOLD_COKE),
        ("un cocai\u0308ne", "cocaine", "cocai\u0308ne"),
        ("un œuf", "o", "œ"),
        ("sur s n a p", "snap", "s n a p"),
    ],
)
def test_to_raw_maps_a_match_back_to_exactly_what_was_typed(
    raw: str, word: str, expected: str
) -> None:
    assert _raw_of(raw, word) == expected


def test_to_raw_of_an_empty_span_and_bad_spans() -> None:
    view = normalize("ab")
    assert view.to_raw(1, 1) == (1, 1)
    assert view.to_raw(2, 2) == (2, 2)
    with pytest.raises(ValueError, match="outside"):
        view.to_raw(1, 3)
    with pytest.raises(ValueError, match="outside"):
        view.to_raw(2, 1)


def test_normalized_text_is_frozen() -> None:
    view = normalize("x")
    assert isinstance(view, NormalizedText)
    with pytest.raises(AttributeError):
        view.text = "y"  # type: ignore[misc]


@pytest.mark.parametrize(
    "term", ["coke", "cocaine", "plan cul", "beuh", "ecstasy", "l'ecstasy", "snap", "cannabis"]
)
def test_skeleton_is_the_normalized_text_and_settles(term: str) -> None:
    assert skeleton(term) == normalize(term).text
    assert skeleton(skeleton(term)) == skeleton(term)


def _check_offsets(raw: str, view: NormalizedText) -> None:
    assert len(view.offsets) == len(view.text)
    assert all(0 <= o < len(raw) for o in view.offsets)
    assert all(a <= b for a, b in zip(view.offsets, view.offsets[1:], strict=False))
    start, end = view.to_raw(0, len(view.text))
    assert 0 <= start <= end <= len(raw)
    # Whatever lies outside the full span carries nothing meaningful.
    assert normalize(raw[:start]).text == ""
    assert normalize(raw[end:]).text == ""


@settings(max_examples=400, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(_raw_text)
def test_offsets_stay_valid_for_any_text(raw: str) -> None:
    _check_offsets(raw, normalize(raw))


@settings(max_examples=200, deadline=1000)
@given(_raw_text, st.integers(0, 500), st.integers(0, 500))
def test_to_raw_of_any_span_is_ordered_and_in_range(raw: str, i: int, j: int) -> None:
    view = normalize(raw)
    n = len(view.text)
    start, end = sorted((i % (n + 1), j % (n + 1)))
    a, b = view.to_raw(start, end)
    assert 0 <= a <= b <= len(raw)
    if start < end:
        assert a <= view.offsets[start] < b
        assert a <= view.offsets[end - 1] < b


def test_lone_surrogates_do_not_crash() -> None:
    view = normalize("a\ud800b")
    _check_offsets("a\ud800b", view)


_ADVERSARIAL = {
    "spelled-run": "a.b." * 25_000,
    "standalone-letters": "a " * 50_000,
    "spaced-pairs": "c o " * 25_000,
    "digit-letter": "0a" * 50_000,
    "letter-digit": "a0" * 50_000,
    "one-letter": "a" * 100_000,
    "two-letters": "ab" * 50_000,
    "joiners": "\u200d" * 100_000,
    "emoji-joiners": "😂\u200d" * 50_000,
    "flag-tags": "🏴" + "\U000e0067" * 100_000,
    "stacked-marks": "e" + "\u0301" * 100_000,
    "script-halves": "\u0441" * 50_000 + "a" * 50_000,
    "script-mix": "\u0441a" * 50_000,
    "spaces": " " * 100_000 + "x",
    "leet-symbols": "x" + "!|@$" * 25_000,
}


@pytest.mark.parametrize("raw", list(_ADVERSARIAL.values()), ids=list(_ADVERSARIAL))
def test_adversarial_input_is_linear(raw: str) -> None:
    started = time.perf_counter()
    view = normalize(raw)
    assert time.perf_counter() - started < 2.0
    _check_offsets(raw, view)


# Lowercase Cyrillic letters the UTS #39 data maps to IPA letters or small
# capitals (em, te, en, ka), small capitals themselves, and the documented
# supplement (pe, omega).
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u043cdma", "mdma"),  # Cyrillic em
        ("\u0442eub", "teub"),  # Cyrillic te
        ("\u043dello", "hello"),  # Cyrillic en
        ("co\u043ae", "coke"),  # Cyrillic ka
        ("\u1d04\u1d0f\u1d0b\u1d07", "coke"),  # Latin small capitals
        ("\u043fudes", "nudes"),  # Cyrillic pe (supplement)
        ("\u03c9hatsapp", "whatsapp"),  # Greek omega (supplement)
        ("\u03b5xta", "exta"),  # Greek epsilon, through its capital
        ("\u03f2oke", "coke"),  # Greek lunate sigma, a "c" (NFKC would make it a sigma)
        ("\u03f9OKE", "coke"),  # Greek capital lunate sigma
        ("\u03c3ex", "oex"),  # the sigma letter itself still passes for an "o"
    ],
)
def test_lowercase_lookalikes_map_to_the_latin_letter(raw: str, expected: str) -> None:
    view = normalize(raw)
    assert view.text == expected
    assert "confusable" in view.flags


# Capitals whose lowercase looks like another letter (Greek ETA, NU, UPSILON, IOTA): read as
# the Latin capital they pass for, typed plain or in the math alphabets NFKC brings back.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u039c\u0395\u03a4\u0397", "meth"),  # Greek capitals
        ("\U0001d6b3\U0001d6ac\U0001d6bb\U0001d6ae", "meth"),  # math bold Greek capitals
        ("\u039dUDES", "nudes"),  # Greek NU, not "v"
        ("\U0001d6b4UDES", "nudes"),  # math bold NU
        ("\u03a5OUNG", "young"),  # Greek UPSILON, not "u"
        ("K\u0399LL", "kill"),  # Greek IOTA: UTS #39's prototype "l" is read as an "I"
        ("\u0406NSTA", "insta"),  # Cyrillic capital I
        ("\u13deOSER", "loser"),  # Cherokee TLE: an "L", whose prototype is written "L"
        ("KI\u2cd0\u2cd0", "kill"),  # Coptic L-shaped HA
    ],
)
def test_capital_lookalikes_map_to_the_latin_capital(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize("raw", ["тот кот", "мама тут", "Привет, как дела? lol"])
def test_cyrillic_prose_is_not_a_spoof(raw: str) -> None:
    assert "confusable" not in normalize(raw).flags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("vi.ens seul", "viens seul"),
        ("nu\u00b7des", "nudes"),
        ("sn.ap moi", "snap moi"),
        ("v1.ens", "viens"),
        ("s n-a.p", "snap"),
        ("s.n a.p", "snap"),
        ("v.i.e.n.s s.e.u.l", "viens seul"),
        ("viens \u00e0 s n a p", "viens a snap"),
        ("ajoute moi a s n a p", "ajoute moi a snap"),
        ("c.o.k.e a 20 balles", "coke a 20 balles"),
        ("this is a s c a m", "this is a scam"),
        ("a s.n.a.p", "a snap"),
        ("b e u h  +  w e e d", "beuh + weed"),
        ("M.A.N.G.U.E  \u00e0 5", "mangue a 5"),
    ],
)
def test_punctuation_inside_words_and_mixed_separators_join(raw: str, expected: str) -> None:
    view = normalize(raw)
    assert view.text == expected
    assert "spaced" in view.flags


@pytest.mark.parametrize(
    "raw",
    [
        "ok.tu viens",
        "merci.bonne soirée",
        "va sur example.com",
        "setup.exe",
        "1.5 g",
        "e.g. this",
        "le prix.20e",
        "*vraiment*",
        "p*te",
        "mdma...",
        "y a-t-il",
    ],
)
def test_dots_between_words_addresses_and_numbers_stay(raw: str) -> None:
    view = normalize(raw)
    assert "spaced" not in view.flags
    assert view.text.count(".") == raw.count(".")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@nadia_b s a l e  b ê t e", "@nadia_b sale bete"),
        ("@jo.k c o n n a r d", "@jo.k connard"),
        ("s_n_a_p moi", "snap moi"),
    ],
)
def test_a_mention_keeps_its_last_letter(raw: str, expected: str) -> None:
    assert _text(raw) == expected


def test_a_determiner_keeps_the_a_of_a_spelled_out_word() -> None:
    assert _text("c'est une a r n a q u e") == "c'est une arnaque"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@lina t'es ou", "@lina t'es ou"),
        ("ecris a @m4rie", "ecris a @m4rie"),
        ("check https://t.co/4bc1 ok", "check https://t.co/abci ok"),
        ("mail j0hn@example.com", "mail j0hn@example.com"),
    ],
)
def test_mentions_links_and_addresses_are_not_leetspeak(raw: str, expected: str) -> None:
    view = normalize(raw)
    assert view.text == expected
    assert "leet" not in view.flags


def test_leetspeak_next_to_an_address_still_counts() -> None:
    view = normalize("b3uh dispo j0hn@example.com")
    assert view.text == "beuh dispo j0hn@example.com"
    assert "leet" in view.flags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("c o m e  a l o n e", "come alone"),
        ("v i e n s   s e u l", "viens seul"),
        ("s n a p\nl i n a", "snap lina"),
        # Two letters between wide gaps, beside words spelled out, are a word too.
        ("S U B  T O  G R I N D T V", "sub to grindtv"),
        ("l i n k  i n  b i o", "link in bio"),
        ("j ai  d e  l a  c o k e", "j ai de la coke"),
        ("m e e t  m e  a t  t h e  p a r k", "meet me at the park"),
    ],
)
def test_a_wide_gap_ends_a_spelled_out_word(raw: str, expected: str) -> None:
    assert _text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # One letter beside a word spelled out is the prose around it.
        ("c.o.k.e a 5", "coke a 5"),
        ("v i e n s  a  l a  g a r e", "viens a la gare"),
    ],
)
def test_lone_letters_beside_a_spelled_out_word_stay_apart(raw: str, expected: str) -> None:
    assert _text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a1one", "alone"),
        ("ki11", "kill"),
        ("he11o", "hello"),
        ("b1tch", "bitch"),
        ("v1ens", "viens"),
    ],
)
def test_leet_one_is_l_between_vowels_and_doubled(raw: str, expected: str) -> None:
    assert _text(raw) == expected


@pytest.mark.parametrize("raw", ["mdma100", "team11", "13ans"])
def test_numbers_glued_to_words_stay_numbers(raw: str) -> None:
    assert _text(raw) == raw


def test_boxed_letters_read_as_letters() -> None:
    view = normalize("\U0001f162\U0001f15d\U0001f150\U0001f15f")  # negative circled S N A P
    assert view.text == "snap"
    assert "fullwidth_or_math" in view.flags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("53ll1ng", "selling"),
        ("31ghth", "eighth"),
        ("r3nc0ntr35", "rencontres"),
        ("ch4mp15", "champis"),
        ("fr33", "free"),
        ("gr00", "groo"),
        ("5 3 l l 1 n g", "selling"),
        ("r 3 n c 0 n t r 3 5", "rencontres"),
    ],
)
def test_leet_digits_at_the_ends_of_a_word_are_read(raw: str, expected: str) -> None:
    view = normalize(raw)
    assert view.text == expected
    assert "leet" in view.flags


@pytest.mark.parametrize(
    "raw",
    [
        "covid19",
        "mdma100",
        "win10",
        "10euros",
        "100balles",
        "31dec",
        "13 ans",
        "13ans",
        "1er",
        "1h30",
        "15h30",
        "1hr",
        "20€",
        "20g",
        "5mg",
        "3x",
        "v1.2",
        "v1",
        "06 12 34 56 78",
        "score 3-1",
        "le 31/12/2024",
        "ff14",
        "mk11",
        "ps45",
        "gg44",
        "ps5",  # a product's number, not "pss"
        "mp3",
    ],
)
def test_numbers_next_to_letters_keep_their_digits(raw: str) -> None:
    view = normalize(raw)
    assert [c for c in view.text if c.isdigit()] == [c for c in raw if c.isdigit()]
    assert "leet" not in view.flags


def test_a_three_digit_number_after_leet_stays_a_number() -> None:
    assert _text("p4y150") == "pay150"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ly.ri.ca", "lyrica"),
        ("co.ca.ine", "cocaine"),
        ("pé.do", "pedo"),
        ("se.xe.tu", "sexetu"),
    ],
)
def test_dots_between_syllables_join(raw: str, expected: str) -> None:
    view = normalize(raw)
    assert view.text == expected
    assert "spaced" in view.flags


@pytest.mark.parametrize(
    "raw",
    [
        "ok.tu.vas bien",
        "e.g. this",
        "i.e. that",
        "M. Dupont",
        "the U.S. army",
        "version 1.2.3",
        "prix 3.50",
        "a.b.co",
        "voir fr.wiki.org",
        "mail jo@ab.cd.fr",
        "le fichier a.b.pdf",
    ],
)
def test_dots_of_abbreviations_domains_decimals_and_typos_stay(raw: str) -> None:
    assert _text(raw) == raw.lower()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 h r 1 5 0", "1 hr 1 5 0"),
        ("1 h r  1 5 0", "1hr 1 5 0"),
        ("p 4 y 1 5 0", "pay 1 5 0"),
        ("1 5 0 e u r o s", "1 5 0 euros"),
        ("0 6 1 2 3 4", "0 6 1 2 3 4"),
    ],
)
def test_spelled_out_numbers_stay_digits(raw: str, expected: str) -> None:
    assert _text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u028f\u1d0f\u1d1c\u0280s\u1d07\u029f\u0493", "yourself"),
        (
            "\u1d00\u0299\u1d04\u1d05\u1d07\u0493\u0262\u029c\u026a\u1d0a\u1d0b\u029f\u1d0d"
            "\u0274\u1d0f\u1d18\u01eb\u0280s\u1d1b\u1d1c\u1d20\u1d21x\u028f\u1d22",
            "abcdefghijklmnopqrstuvwxyz",
        ),
        ("\ua730\u1d1c\u1d04\u1d0b", "fuck"),  # small capital F from its Unicode name
        ("\u01eb\u1d1c\u026a\u1d04\u1d0b", "quick"),
    ],
)
def test_small_caps_alphabet_reads_as_latin(raw: str, expected: str) -> None:
    view = normalize(raw)
    assert view.text == expected
    assert "confusable" in view.flags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("fa g g ot", "faggot"),
        ("co ca ine", "cocaine"),
        ("de la co ca ine stp", "de la cocaine stp"),
        ("il y a un mec qui fa g g ot", "il y a un mec qui faggot"),
    ],
)
def test_words_typed_in_uneven_chunks_join(raw: str, expected: str) -> None:
    view = normalize(raw)
    assert view.text == expected
    assert "spaced" in view.flags


@pytest.mark.parametrize(
    "raw",
    [
        "il y a",
        "on va",
        "to be or not to be",
        "on a vu le film",
        "je ne sais pas",
        "tu es la",
        "the big dog",
        "gg wp ez",
        "ok bb tg",
        "mr et mme x",
        "cv et lm",
        "la fa sol",
        "vas y mec",
        "rdv a 3h ok",
    ],
)
def test_prose_of_short_words_is_not_joined(raw: str) -> None:
    view = normalize(raw)
    assert view.text == raw
    assert "spaced" not in view.flags


@pytest.mark.parametrize("dot", ["\u2027", "\u2219", "\u22c5", "\u2e31", "\u30fb", "\uff65"])
def test_raised_dots_of_other_blocks_split_words_like_the_middle_dot(dot: str) -> None:
    view = normalize(dot.join("nudes") + " dispo")
    assert view.text == "nudes dispo"
    assert normalize(f"2{dot}3 = 6").text == "2\u00b73 = 6"
