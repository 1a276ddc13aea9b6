import numpy as np
import pytest

from bot.text import normalize
from plugins.learned.examples import ExamplesError, corpora, digest, read_all
from plugins.learned.model import Settings, TextModel
from plugins.learned.store import train


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


def test_it_learns_categories_with_enough_examples(examples):
    model = train(examples, Settings())
    assert model.categories == ("drugs", "scam")
    scam = model.scores(normalize("envoie 200 euros en bitcoin, je te renvoie le double").text)
    drugs = model.scores(normalize("weed dispo, livraison ce soir, dm").text)
    chat = model.scores(normalize("on se voit au match de foot samedi ?").text)
    assert scam["scam"] > 0.5 > scam["drugs"]
    assert drugs["drugs"] > 0.5 > drugs["scam"]
    assert max(chat.values()) < 0.5


def test_too_few_examples_of_any_category_is_an_error():
    with pytest.raises(ValueError, match="labelled examples"):
        TextModel.fit(["a b c", "d e f"], [frozenset({"scam"}), frozenset()], Settings())


def test_fast_scores_equal_the_library_transform(examples):
    # The scoring path reads the fitted analyzers itself; it must agree with sklearn's own.
    model = train(examples, Settings())
    for text in ["b1tc0in d0uble 💰 garanti", "", "weed weed weed", "rien à voir, vraiment"]:
        view = normalize(text).text
        row = model.vectorizer.transform([view])
        expected = 1 / (1 + np.exp(-(np.asarray(row @ model.weights).ravel() + model.bias)))
        got = model.scores(view)
        assert [got[c] for c in model.categories] == pytest.approx(expected.tolist(), abs=1e-5)


def test_reasons_are_the_words_that_pushed_the_score(examples):
    model = train(examples, Settings())
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
