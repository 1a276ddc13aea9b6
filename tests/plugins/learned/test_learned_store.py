import logging

from plugins.learned.model import Settings, TextModel
from plugins.learned.store import cache_key, load_or_train

LOG = logging.getLogger("test")


def test_the_model_is_cached_and_reused(examples, tmp_path, caplog):
    cache = tmp_path / "cache"
    with caplog.at_level(logging.INFO):
        first = load_or_train(examples, Settings(), cache, LOG)
    assert "training" in caplog.text
    assert len(list(cache.glob("learned-*.joblib"))) == 1
    caplog.clear()
    with caplog.at_level(logging.INFO):
        again = load_or_train(examples, Settings(), cache, LOG)
    assert "training" not in caplog.text
    assert again.scores("beuh dispo") == first.scores("beuh dispo")


def test_changed_examples_or_settings_change_the_key(examples):
    key = cache_key(examples, Settings())
    assert cache_key(examples, Settings(c=1.0)) != key
    (examples / "one" / "events.jsonl").write_text(
        (examples / "one" / "events.jsonl").read_text().replace("bitcoin", "ethereum")
    )
    assert cache_key(examples, Settings()) != key


def test_a_damaged_cache_file_is_trained_again(examples, tmp_path, caplog):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"learned-{cache_key(examples, Settings())}.joblib").write_bytes(b"not a model")
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


def test_no_cache_folder_trains_in_memory(examples):
    assert isinstance(load_or_train(examples, Settings(), None, LOG), TextModel)
