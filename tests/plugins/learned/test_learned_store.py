import logging

import numpy as np
import pytest

from plugins.learned.model import LearnError, Settings, TextModel
from plugins.learned.store import MODEL_CODE, cache_key, load_or_train

LOG = logging.getLogger("test")


def test_the_model_is_cached_and_reused(examples, tmp_path, caplog):
    cache = tmp_path / "cache"
    with caplog.at_level(logging.INFO):
        first = load_or_train(examples, Settings(), cache, LOG)
    assert "training" in caplog.text
    assert [p.suffix for p in cache.iterdir()] == [".npz"]
    caplog.clear()
    with caplog.at_level(logging.INFO):
        again = load_or_train(examples, Settings(), cache, LOG)
    assert "training" not in caplog.text
    assert again.scores("beuh dispo") == first.scores("beuh dispo")


def test_changed_examples_or_settings_change_the_key(examples):
    key = cache_key(examples, Settings())
    assert cache_key(examples, Settings(c=1.0)) != key
    events = examples / "one" / "events.jsonl"
    events.write_text(events.read_text().replace("bitcoin", "ethereum"))
    assert cache_key(examples, Settings()) != key


def test_the_key_follows_the_code_that_builds_the_model(examples, tmp_path):
    # The normalizer, the stream reader and the fit: what they make of the examples is the model.
    assert {path.name for path in MODEL_CODE} >= {"text", "replay.py", "fitting.py", "ngrams.py"}
    assert all(path.exists() for path in MODEL_CODE)
    code = tmp_path / "code"
    (code / "inner").mkdir(parents=True)
    (code / "inner" / "cut.py").write_text("SIZE = 2\n")
    (code / "notes.txt").write_text("not code")
    one = code / "one.py"
    one.write_text("A = 1\n")
    before = cache_key(examples, Settings(), (code, one))
    (code / "notes.txt").write_text("still not code")
    assert cache_key(examples, Settings(), (code, one)) == before
    (code / "inner" / "cut.py").write_text("SIZE = 3\n")
    after = cache_key(examples, Settings(), (code, one))
    assert after != before
    one.write_text("A = 2\n")
    assert cache_key(examples, Settings(), (code, one)) != after


def test_a_damaged_cache_file_is_trained_again(examples, tmp_path, caplog):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"learned-{cache_key(examples, Settings())}.npz").write_bytes(b"not a model")
    with caplog.at_level(logging.WARNING):
        model = load_or_train(examples, Settings(), cache, LOG)
    assert isinstance(model, TextModel)
    assert "unreadable" in caplog.text


def test_an_unwritable_cache_still_gives_a_model(examples, tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with caplog.at_level(logging.WARNING):
        model = load_or_train(examples, Settings(), blocker / "cache", LOG)
    assert isinstance(model, TextModel)
    assert "cannot cache" in caplog.text


def test_examples_it_cannot_learn_from_are_named(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(LearnError, match=r"cannot learn from .*empty"):
        load_or_train(tmp_path / "empty", Settings(), tmp_path / "cache", LOG)
    assert not list((tmp_path / "cache").glob("*"))


def test_the_bot_process_never_imports_the_library(examples, tmp_path):
    import subprocess
    import sys

    code = (
        "import logging, sys; from pathlib import Path;"
        "from plugins.learned.store import load_or_train;"
        "from plugins.learned.model import Settings;"
        f"m = load_or_train(Path({str(examples)!r}), Settings(), Path({str(tmp_path)!r}),"
        " logging.getLogger());"
        "m.scores('weed dispo');"
        "print('sklearn' in sys.modules, 'scipy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_every_setting_reaches_the_fit(examples, tmp_path):
    settings = Settings(char_ngrams=(3, 4), word_ngrams=(1, 1))
    model = load_or_train(examples, settings, tmp_path / "cache", LOG)
    assert model.reasons("envoie ton bitcoin, profit garanti", "scam")
    assert all(" " not in word for word in model.reasons("profit garanti envoie", "scam"))
    (cached,) = (tmp_path / "cache").glob("learned-*.npz")
    with np.load(cached) as arrays:
        assert min(map(len, arrays["chars.terms"].tolist())) >= 3
        assert arrays["chars.range"].tolist() == [3, 4]
