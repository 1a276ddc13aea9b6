"""Room shares: every room is handled by exactly one process; Matrix rooms follow the share."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nio import MatrixRoom

from bot.adapters.matrix.rooms import CommunityRooms, RoomDirectory
from bot.cluster.ownership import RoomShare, owner_of
from bot.cluster.settings import ClusterSettings
from bot.config import ConfigError, load_config_text
from bot.registry import Registry

room_ids = st.from_regex(r"![A-Za-z0-9]{4,18}:[a-z]{3,10}\.org", fullmatch=True)


@given(room_ids, st.integers(min_value=1, max_value=12))
def test_each_room_has_exactly_one_owner(room_id: str, processes: int) -> None:
    owners = [i for i in range(processes) if RoomShare(i, processes).owns(room_id)]
    assert owners == [owner_of(room_id, processes)]


def test_the_hash_is_stable_and_spreads_rooms() -> None:
    # sha256, not Python's salted hash(): the same owner on every machine and at every start.
    assert owner_of("!abc:example.org", 4) == owner_of("!abc:example.org", 4)
    counts = [0, 0, 0]
    for n in range(3000):
        counts[owner_of(f"!room{n}:example.org", 3)] += 1
    assert all(900 < c < 1100 for c in counts)


def test_explicit_lists_replace_the_hash() -> None:
    share = RoomShare.from_settings(
        ClusterSettings(process=1, processes=2, matrix_rooms=["#a:x.org", "!b:x.org"])
    )
    assert share.owns("!zz:x.org", "#a:x.org")
    assert share.owns("!b:x.org")
    assert not share.owns("!c:x.org", "#c:x.org")


def test_the_process_index_must_be_below_the_count(registry: Registry) -> None:
    text = """\
cluster: {process: 2, processes: 2}
communities:
  c: {platform: matrix, rooms: ["#a:x.org"], mod_channel: "#m:x.org"}
"""
    with pytest.raises(ConfigError, match=r"cluster: .*from 0 to processes - 1 \(1\), got 2"):
        load_config_text(text, registry, file="t.yaml", env={})


def room(room_id: str, alias: str | None = None) -> MatrixRoom:
    made = MatrixRoom(room_id, "@vigie:x.org")
    made.canonical_alias = alias
    return made


def test_a_matrix_process_protects_only_the_rooms_it_owns() -> None:
    rooms = [room(f"!r{n}:x.org", f"#r{n}:x.org") for n in range(40)]
    management = room("!mods:x.org")
    community = CommunityRooms("c", ("#r*:x.org",), "#mods:x.org")
    directories = [
        RoomDirectory({"c": community}, {"c": management.room_id}, share=RoomShare(i, 2))
        for i in range(2)
    ]
    placed = [[r.room_id for r in rooms if d.place(r) is not None] for d in directories]
    assert sorted(placed[0] + placed[1]) == sorted(r.room_id for r in rooms)
    assert placed[0]
    assert placed[1]
    assert not set(placed[0]) & set(placed[1])
    assert [r.room_id for r in directories[0].protected("c", rooms)] == sorted(placed[0])
    # Exactly one process reads the management room, so one answers each command.
    assert [d.handles(management) for d in directories].count(True) == 1
    assert all(d.handles(r) == (d.place(r) is not None) for d in directories for r in rooms)
