"""State kept by an earlier run still reads: the tab-separated lines in the store are pinned."""

from plugins.learned.thread import Thread, remember, thread_of
from plugins.packs.seams import Said

STAMP = 1772388000.25


def test_a_rooms_memory_line_keeps_the_exact_stamp_and_the_text_last() -> None:
    memory = remember(None, "ann", STAMP, "m1", "weed\tdispo  ce soir")
    assert memory == "1772388000.25\tann\tm1\tweed dispo ce soir"
    assert thread_of(memory, "bob", STAMP + 10, "m2") == Thread("weed dispo ce soir")


def test_a_speaker_record_line_keeps_whole_seconds_and_the_tail_last() -> None:
    said = Said(1772388000.0, "m1", 12, "t'as de la\tc")
    assert said.line() == "1772388000\tm1\t12\tt'as de la\tc"
    assert Said.parse("1772388000\tm1\t12\tt'as de la\tc") == said


def test_a_speaker_record_that_is_not_one_reads_as_none() -> None:
    assert Said.parse("1772388000\tm1\t12") is None
    assert Said.parse("soon\tm1\t12\tt'as de la c") is None
