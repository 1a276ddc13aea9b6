"""The thread the model reads: built alike from a corpus and live, per room, expiring."""

import asyncio
import functools
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.config import load_config_text
from bot.events import MessageCreated
from bot.offline import replay
from bot.state import MemoryState
from bot.text import normalize
from plugins.learned.examples import read_all, read_corpus
from plugins.learned.fitting import fit_folder
from plugins.learned.model import Settings, TextModel
from plugins.learned.ngrams import word_ngrams
from plugins.learned.thread import (
    AUTHORS_KEPT,
    NO_THREAD,
    TEXT_CHARS,
    WINDOW,
    RoomMemory,
    Thread,
    remember,
    thread_of,
)
from tests.support.learned import learned_config
from tests.support.messages import make_message

#: (user, room, seconds since the start, text, labels): one line of a written stream.
Line = tuple[str, str, float, str, list[str]]


def write_stream(folder: Path, lines: list[Line]) -> None:
    """Write a corpus whose lines have their own author, room and time."""
    folder.mkdir(parents=True)
    events, labels = [], []
    for n, (user, room, seconds, text, cats) in enumerate(lines):
        minutes, rest = divmod(int(seconds), 60)
        ts = f"2026-03-01T{10 + minutes // 60:02d}:{minutes % 60:02d}:{rest:02d}Z"
        events.append(
            {"type": "message", "id": f"t-{n}", "ts": ts, "room": room, "user": user, "text": text}
        )
        labels.append({"id": f"t-{n}", "labels": cats})
    (folder / "events.jsonl").write_text("\n".join(json.dumps(e) for e in events) + "\n")
    (folder / "labels.jsonl").write_text("\n".join(json.dumps(e) for e in labels) + "\n")


OFFERS = [
    "weed dispo ce soir, 10 le gramme, livraison sur paris",
    "got coke and pills, delivery tonight, dm for the menu",
    "shit de qualite 5g pour 40, je livre",
    "plaquette dispo, livraison rapide, prix en mp",
    "weed and pills on deck, tap in for delivery",
    "beuh et coke dispo, je livre ce soir",
]
CHATS = [
    "quelqu'un a vu le match hier soir",
    "the train was late again this morning",
    "je cherche une bonne recette de gateau",
    "my cat knocked the plant over again",
    "on se retrouve au cinema samedi",
    "good morning everyone, nice day",
]
#: Replies that say nothing alone: what they answer makes them a buyer's or a friend's.
REPLIES = ["ok how much for it", "yh in 10 mins", "ok how much for it", "yh in 10 mins"]


@pytest.fixture
def threaded(tmp_path: Path) -> Path:
    """Return corpora where the same replies are drug deals after an offer, chat after chat."""
    root = tmp_path / "threaded"
    for name, rounds in (("one", range(3)), ("two", range(3, 6))):
        lines: list[Line] = []
        clock = 0.0
        for k in rounds:
            for reply in REPLIES:
                lines.append(("seller", "deals", clock, OFFERS[k], ["drugs"]))
                lines.append((f"buyer{k}", "deals", clock + 20, reply, ["drugs"]))
                lines.append(("friend", "chat", clock + 40, CHATS[k], []))
                lines.append((f"mate{k}", "chat", clock + 60, reply, []))
                # Past the window: the next exchange starts afresh.
                clock += 600
        write_stream(root / name, lines)
    return root


T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC).timestamp()
LATE = WINDOW.total_seconds() + 1


def memory_of(*said: tuple[str, float, str]) -> str | None:
    memory = None
    for n, (author, stamp, text) in enumerate(said):
        memory = remember(memory, author, T0 + stamp, f"m{n}", text)
    return memory


@pytest.mark.parametrize(
    ("said", "author", "at", "other", "own"),
    [
        ((), "bob", 10, "", ""),
        ((("ann", 0, "weed dispo"),), "bob", 10, "weed dispo", ""),
        ((("ann", 0, "weed dispo"),), "ann", 10, "", "weed dispo"),
        ((("ann", 0, "weed dispo"),), "bob", LATE, "", ""),
        ((("ann", 0, "weed dispo"),), "ann", LATE, "", ""),
        ((("ann", 0, "weed dispo"), ("bob", 5, "how much")), "bob", 10, "weed dispo", "how much"),
        ((("ann", 0, "weed dispo"), ("bob", 5, "how much")), "ann", 10, "how much", "weed dispo"),
        ((("ann", 0, "weed dispo"), ("bob", LATE, "how much")), "ann", LATE + 1, "how much", ""),
        ((("ann", 0, "one"), ("cid", 2, "two"), ("ann", 4, "three")), "bob", 10, "three", ""),
        ((("ann", 0, "one"), ("bob", 2, "two"), ("bob", 4, "three")), "cid", 10, "three", ""),
        ((("ann", 0, "one"), ("bob", 2, "two"), ("bob", 4, "three")), "bob", 10, "one", "three"),
        ((("ann", 0, "tabs\tand\nlines"),), "bob", 10, "tabs and lines", ""),
    ],
)
def test_the_thread_is_the_latest_recent_line_by_someone_else_and_the_author_s(
    said, author, at, other, own
):
    assert thread_of(memory_of(*said), author, T0 + at, "new") == Thread(other, own)


def test_a_room_keeps_a_few_authors_and_the_end_of_long_lines():
    memory = memory_of(*[(f"u{n}", n, "x" * 1000 + str(n)) for n in range(10)])
    assert memory is not None
    assert len(memory.split("\n")) == AUTHORS_KEPT
    assert thread_of(memory, "u0", T0 + 10, "new").other == ("x" * 1000 + "9")[-TEXT_CHARS:]


def test_a_message_remembered_twice_does_not_follow_itself():
    memory = memory_of(("ann", 0, "weed dispo"), ("bob", 5, "how much"))
    assert thread_of(memory, "bob", T0 + 5, "m1") == Thread("weed dispo")


def message(room: str, author: str, stamp: float, text: str, n: int) -> MessageCreated:
    return make_message(
        text,
        room=room,
        ts=datetime.fromtimestamp(T0 + stamp, UTC),
        member=author,
        message_id=f"m{n}",
    )


lines = st.lists(
    st.tuples(
        st.sampled_from(["general", "deals"]),
        st.sampled_from(["ann", "bob", "cid", "dan"]),
        st.floats(0, 2 * WINDOW.total_seconds()),
        st.text(max_size=40),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(lines)
# A line exactly WINDOW old: the state store's flag has expired, so the corpus drops it too.
@example([("general", "ann", 0.0, "0"), ("general", "ann", WINDOW.total_seconds(), "")])
@example([("general", "ann", 1.4375, "0"), ("general", "ann", WINDOW.total_seconds(), "")])
def test_the_thread_is_the_same_from_a_corpus_and_live(stream):
    # Training builds each thread from the corpus's order; the bot, from its state store.
    clock, timed = 0.0, []
    for room, author, gap, text in stream:
        clock += gap
        timed.append((room, author, clock, normalize(text).text))

    async def live() -> list[Thread]:
        memory = RoomMemory(MemoryState())
        found = []
        for n, (room, author, stamp, text) in enumerate(timed):
            event = message(room, author, stamp, text, n)
            found.append(await memory.follow(event, functools.partial(str, text)))
        return found

    rooms: dict[str, str | None] = {}
    corpus = []
    for n, (room, author, stamp, text) in enumerate(timed):
        corpus.append(thread_of(rooms.get(room), author, T0 + stamp, f"m{n}"))
        rooms[room] = remember(rooms.get(room), author, T0 + stamp, f"m{n}", text)
    assert asyncio.run(live()) == corpus


def test_a_corpus_gives_each_message_its_room_s_thread(tmp_path):
    folder = tmp_path / "c"
    write_stream(
        folder,
        [
            ("ann", "deals", 0, OFFERS[0], ["drugs"]),
            ("eve", "chat", 5, CHATS[0], []),
            ("bob", "deals", 10, "Ok HOW much", ["drugs"]),
            ("bob", "deals", 20, "still there?", []),
            ("bob", "deals", 20 + LATE, "hello?", []),
        ],
    )
    threads = [e.thread for e in read_corpus(folder)]
    offer = normalize(OFFERS[0]).text
    asked = normalize("Ok HOW much").text
    assert threads == [NO_THREAD, NO_THREAD, Thread(offer), Thread(offer, asked), NO_THREAD]


def test_the_thread_teaches_what_a_reply_means(threaded):
    model = TextModel(fit_folder(threaded, Settings()))
    offer = normalize(OFFERS[0]).text
    chat = normalize(CHATS[0]).text
    reply = normalize("ok how much for it").text
    after_offer = model.read(reply, offer)
    alone = model.scores(reply)["drugs"]
    assert after_offer.scores["drugs"] > alone > model.scores(reply, chat)["drugs"]
    assert after_offer.without_thread("drugs") == pytest.approx(alone)
    said = after_offer.thread_reasons("drugs")
    assert said
    assert set(said) <= set(word_ngrams(offer, 1, 2))
    assert not set(said) & set(after_offer.reasons("drugs"))
    assert len(read_all(threaded)) == 96


def watching(examples: Path, cache: Path) -> str:
    return learned_config(
        examples,
        cache,
        """
learned-drugs:
  triggers: [{learned: {category: drugs, threshold: 0.5}}]
  actions: [report]
""",
    )


REPLY = "ok how much for it"


async def test_a_reply_to_an_offer_is_reported_saying_the_thread_weighed_in(
    testbot, threaded, tmp_path
):
    bot = await testbot(watching(threaded, tmp_path / "cache"))
    plan, _ = await bot.say(OFFERS[1], user="seller", room="deals")
    assert [h.rule for h in plan.hits] == ["learned-drugs"]
    plan, _ = await bot.say(REPLY, user="buyer", room="deals")
    (hit,) = plan.hits
    own, _, after = hit.match.summary.partition(", after ")
    assert own.startswith("learned: looks like drugs at 0.")
    assert after
    assert "learned.thread" in hit.match.signals
    said = [s.removeprefix("learned.thread:") for s in hit.match.signals if ":" in s]
    assert said
    # The message's own words come first, then what it answered.
    words = [s.removeprefix("learned.word:") for s in hit.match.signals if "word:" in s]
    assert (
        hit.match.signals.index("learned.thread")
        > max(hit.match.signals.index(f"learned.word:{w}") for w in words)
        if words
        else True
    )


async def test_the_same_reply_alone_or_elsewhere_is_left_alone(testbot, threaded, tmp_path):
    bot = await testbot(watching(threaded, tmp_path / "cache"))
    plan, _ = await bot.say(REPLY, user="buyer", room="deals")
    assert not plan.hits
    # The author's own line is no thread.
    await bot.say(OFFERS[1], user="seller", room="stall")
    plan, _ = await bot.say(REPLY, user="seller", room="stall")
    assert not plan.hits
    await bot.say(OFFERS[1], user="seller", room="market")
    # Two rooms do not mix: the offer is not what a line in another room answers.
    plan, _ = await bot.say(REPLY, user="buyer", room="deals")
    assert not plan.hits
    plan, _ = await bot.say(REPLY, user="buyer", room="market")
    assert [h.rule for h in plan.hits] == ["learned-drugs"]


async def test_the_thread_expires(testbot, threaded, tmp_path):
    bot = await testbot(watching(threaded, tmp_path / "cache"))
    await bot.say(OFFERS[1], user="seller", room="deals")
    bot.tick(WINDOW.total_seconds() + 1)
    plan, _ = await bot.say(REPLY, user="buyer", room="deals")
    assert not plan.hits


async def test_short_lines_and_unread_rooms_still_make_the_thread(testbot, threaded, tmp_path):
    # The observer remembers every message, including those no learned rule scores.
    bot = await testbot(watching(threaded, tmp_path / "cache"))
    await bot.say(OFFERS[1], user="seller", room="deals")
    await bot.say("ok", user="buyer", room="deals")
    plan, _ = await bot.say(REPLY, user="buyer", room="deals")
    assert [h.rule for h in plan.hits] == ["learned-drugs"]
    await bot.say("mdr", user="seller", room="deals")
    plan, _ = await bot.say(REPLY, user="buyer", room="deals")
    assert not plan.hits


async def test_the_bot_scores_each_message_after_the_thread_it_was_trained_with(
    registry, threaded, tmp_path
):
    # Replayed through the engine, each message's score is the one the model gives it with
    # the thread training built from the corpus: the two threads are the same.
    cache = tmp_path / "cache"
    text = watching(threaded, cache).replace("threshold: 0.5", "threshold: 0.001, min_letters: 0")
    config = load_config_text(text, registry, require_secrets=False)
    plans = dict(await replay(config, registry, threaded / "one" / "events.jsonl"))
    (path,) = cache.glob("learned-*.npz")
    model = TextModel.load(path)
    examples = list(read_corpus(threaded / "one"))
    assert sum(bool(e.thread.other) for e in examples) == len(examples) // 2
    for written in examples:
        (hit,) = plans[written.id].hits
        thread = written.thread
        expected = model.scores(normalize(written.text).text, thread.other, thread.own)
        assert hit.match.score == pytest.approx(expected["drugs"], abs=1e-9), written
