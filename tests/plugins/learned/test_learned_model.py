from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.text import normalize
from plugins.learned.examples import ExamplesError, corpora, digest, read_all
from plugins.learned.fitting import fit, fit_folder, vectorizers
from plugins.learned.model import LearnError, Settings, TextModel
from plugins.learned.ngrams import WORD_PATTERN, CharCounter, char_ngrams, word_ngrams
from plugins.learned.thread import Thread

TEXTS = [
    "b1tc0in d0uble 💰 garanti",
    "",
    "a",
    "weed  weed\tweed",
    "rien à voir, vraiment l'été",
    "x2 5g 10€ !!",
    "ab abc abcd abcde abcdef",
    "a\x00b c\x00",
    "ÉTÉ  x\u00a0y\u2003z\n\tw",
]


def model_of(folder):
    return TextModel(fit_folder(folder, Settings()))


def test_examples_are_read_from_every_corpus_folder(examples):
    assert [p.name for p in corpora(examples)] == ["one", "two"]
    found = read_all(examples)
    assert len(found) == 7 + 6 + 6 + 6
    assert sum(e.labels == {"scam"} for e in found) == 7
    assert sum(not e.labels for e in found) == 12


def test_a_folder_without_corpora_is_named(tmp_path):
    with pytest.raises(ExamplesError, match="no such folder"):
        corpora(tmp_path / "missing")


def test_a_malformed_corpus_is_named(examples):
    (examples / "two" / "events.jsonl").write_text('{"type": "message"}\n')
    with pytest.raises(ExamplesError, match="two"):
        read_all(examples)


def test_the_digest_follows_the_content(examples):
    before = digest(examples)
    (examples / "one" / "labels.jsonl").write_text("")
    assert digest(examples) != before


@pytest.mark.parametrize("text", TEXTS)
def test_ngrams_are_cut_as_the_library_cuts_them(text):
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    words = TfidfVectorizer(ngram_range=(1, 2), token_pattern=WORD_PATTERN).build_analyzer()
    assert char_ngrams(text, 2, 5) == chars(text)
    assert list(word_ngrams(text, 1, 2)) == words(text)


def test_it_learns_categories_with_enough_examples(examples):
    model = model_of(examples)
    assert model.categories == ("drugs", "scam")
    scam = model.scores(normalize("envoie 200 euros en bitcoin, je te renvoie le double").text)
    drugs = model.scores(normalize("weed dispo, livraison ce soir, dm").text)
    chat = model.scores(normalize("on se voit au match de foot samedi ?").text)
    assert scam["scam"] > 0.5 > scam["drugs"]
    assert drugs["drugs"] > 0.5 > drugs["scam"]
    assert max(chat.values()) < 0.5


def test_too_few_examples_of_any_category_is_an_error():
    with pytest.raises(LearnError, match="labelled examples"):
        fit(["a b c", "d e f"], [frozenset({"scam"}), frozenset()], Settings())


@pytest.mark.parametrize("min_df", [(1, 1), (2, 2), (1, 2)])
def test_scores_equal_the_library_transform(examples, min_df):
    # The bot scores without scikit-learn; it must agree with the library's own transform,
    # the thread's words being a part of their own.
    found = read_all(examples)
    texts = [normalize(e.text).text for e in found]
    assert sum(bool(e.thread) for e in found) > len(found) // 2
    # Every part filled: the line before as someone else's, the one before it as one's own.
    threads = [Thread(texts[n - 1], texts[n - 2]) for n in range(len(texts))]
    both = Settings(own_ngrams=(1, 2), word_min_df=min_df)
    arrays = fit(texts, [e.labels for e in found], both, threads)
    model = TextModel(arrays)
    assert model.reads_thread
    parts = vectorizers(both, texts)
    assert list(parts) == ["chars", "words", "thread", "own"]
    documents = {
        "chars": texts,
        "words": texts,
        "thread": [t.other for t in threads],
        "own": [t.own for t in threads],
    }
    for name, part in parts.items():
        part.fit(documents[name])
    weights = np.vstack([arrays[f"{name}.weights"] for name in parts])
    befores = [("", ""), *((t.other, t.own) for t in reversed(threads))]
    for text, (thread, own) in zip([normalize(t).text for t in TEXTS], befores, strict=False):
        said = {"chars": text, "words": text, "thread": thread, "own": own}
        row = hstack([part.transform([said[name]]) for name, part in parts.items()])
        logits = np.asarray(row @ weights).ravel() + arrays["bias"]
        expected = 1 / (1 + np.exp(-logits))
        got = model.scores(text, thread, own)
        assert [got[c] for c in model.categories] == pytest.approx(expected.tolist(), abs=1e-5)


#: Five scams and a greeting. Single words seen twice or more: profit (3), rapide, envoie,
#: crypto (2); once: garanti, double, vite, bonjour. Pairs seen twice: "profit rapide",
#: "envoie crypto"; once: "rapide garanti", "profit double", "crypto vite".
SAID = [
    "profit rapide garanti",
    "profit rapide",
    "profit double",
    "envoie crypto",
    "envoie crypto vite",
    "bonjour",
]
TWICE = {"profit", "rapide", "envoie", "crypto"}
ONCE = {"garanti", "double", "vite", "bonjour"}
PAIRS_TWICE = {"profit rapide", "envoie crypto"}
PAIRS_ONCE = {"rapide garanti", "profit double", "crypto vite"}


@pytest.mark.parametrize(
    ("min_df", "kept"),
    [
        ((1, 1), TWICE | ONCE | PAIRS_TWICE | PAIRS_ONCE),
        ((2, 2), TWICE | PAIRS_TWICE),
        ((1, 2), TWICE | ONCE | PAIRS_TWICE),
        ((2, 1), TWICE | PAIRS_TWICE | PAIRS_ONCE),
    ],
)
def test_the_messages_word_ngrams_are_kept_by_their_min_df(min_df, kept):
    labels = [frozenset({"scam"})] * 5 + [frozenset()]
    arrays = fit(SAID, labels, Settings(word_min_df=min_df))
    assert set(arrays["words.terms"].tolist()) == kept


def test_a_model_without_the_thread_reads_the_message_alone(examples):
    found = read_all(examples)
    texts = [normalize(e.text).text for e in found]
    alone = TextModel(fit(texts, [e.labels for e in found], Settings(thread_ngrams=(0, 0))))
    assert not alone.reads_thread
    text = normalize("envoie ton bitcoin").text
    assert alone.scores(text, "profit garanti en crypto") == alone.scores(text)


def test_no_thread_scores_the_message_as_before(examples):
    # A thread-reading model given no thread: the thread part is empty, scores are the
    # message's own, and nothing of the thread explains them.
    model = model_of(examples)
    text = normalize("profit garanti, envoie ton bitcoin").text
    reading = model.read(text)
    assert reading.scores == model.read(text, "").scores
    assert reading.thread_reasons("scam") == []
    assert reading.without_thread("scam") == reading.scores["scam"]


def test_reasons_are_the_words_that_pushed_the_score(examples):
    model = model_of(examples)
    reasons = model.reasons(normalize("profit garanti, envoie ton bitcoin").text, "scam")
    assert reasons
    assert set(reasons) <= {
        "profit",
        "garanti",
        "envoie",
        "ton",
        "bitcoin",
        "profit garanti",
        "envoie ton",
        "ton bitcoin",
        "garanti envoie",
    }
    assert all(len(word) > 2 for word in reasons)
    assert model.reasons(normalize("bonjour").text, "scam") == []


def test_a_file_that_is_no_model_is_an_error(tmp_path):
    bad = tmp_path / "x.npz"
    bad.write_bytes(b"nope")
    with pytest.raises(LearnError, match="not a learned model"):
        TextModel.load(bad)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60), low=st.integers(1, 4), span=st.integers(0, 3))
def test_char_ngrams_match_the_library_on_any_text(text, low, span):
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(low, low + span)).build_analyzer()
    assert char_ngrams(text, low, low + span) == chars(text)


def _counted(text: str, vocabulary: list[str], low: int, high: int) -> Counter[str]:
    found = Counter(CharCounter(vocabulary).found(text).tolist())
    return Counter({vocabulary[i]: n for i, n in found.items()})


def _cut(text: str, vocabulary: list[str], low: int, high: int) -> Counter[str]:
    known = set(vocabulary)
    return Counter(g for g in char_ngrams(text, low, high) if g in known)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("low", "high"), [(2, 5), (1, 3), (4, 5), (3, 3)])
def test_the_counter_finds_what_the_cut_gives(text, low, high):
    vocabulary = sorted({g for t in TEXTS for g in char_ngrams(t, low, high)})
    assert _counted(text, vocabulary, low, high) == _cut(text, vocabulary, low, high)


def test_the_counter_finds_no_term_absent_from_the_text():
    vocabulary = [" we", "wee", "eed ", "weeds", " a", "a ", "z", "d a"]
    assert _counted("weed a", vocabulary, 2, 5) == Counter(
        {" we": 1, "wee": 1, "eed ": 1, " a": 1, "a ": 1}
    )
    assert _counted("anything", [], 2, 5) == Counter()


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=60),
    other=st.text(max_size=30),
    low=st.integers(1, 4),
    span=st.integers(0, 3),
    step=st.integers(1, 4),
)
def test_the_counter_agrees_with_the_cut_on_any_text(text, other, low, span, step):
    high = low + span
    # A vocabulary as the analyzer makes one: part of this text's n-grams and another text's.
    own = sorted(set(char_ngrams(text, low, high)))[::step]
    vocabulary = sorted(set(own) | set(char_ngrams(other, low, high)))
    assert _counted(text, vocabulary, low, high) == _cut(text, vocabulary, low, high)


def test_examples_sharing_no_word_say_so():
    texts = ["alpha beta", "gamma delta", "epsilon zeta", "eta theta", "iota kappa", "lambda mu"]
    labels = [frozenset({"scam"})] * 5 + [frozenset()]
    with pytest.raises(LearnError, match="shared by two examples: add more labelled examples"):
        fit(texts, labels, Settings())
