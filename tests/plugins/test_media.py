import hashlib
import io
import random
import time

import numpy as np
import pytest
from pydantic import ValidationError

from bot.categories import Category
from bot.events import Attachment
from bot.mediahash import hash_media, with_hashes
from plugins.media.files import AttachmentsOptions, extension, inspect_name
from plugins.media.hashes import (
    HashListError,
    MediaHash,
    MediaHashOptions,
    PdqIndex,
    pdq_distance,
    read_hash_list,
)

HEAD = """\
communities:
  demo:
    platform: matrix
    rooms: ["*"]
    mod_channel: "#mods"
    rules:
"""


async def post(bot, *attachments, text=""):
    event = bot.message(text, attachments=attachments)
    plan, _ = await bot.bot.handle(event)
    return plan


def file(name, kind=None, **hashes):
    return Attachment(filename=name, content_type=kind, **hashes)


# --- attachments by type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ext"),
    [
        ("setup.EXE", "exe"),
        ("setup.exe.", "exe"),
        ("a.tar.gz", "gz"),
        ("README", ""),
        ("x\u200b.apk", "apk"),
    ],
)
def test_extension_sees_past_tricks(name, ext):
    assert extension(name) == ext


def test_disguised_names():
    assert inspect_name("photo\u202egpj.exe") == ["file.bidi"]
    assert inspect_name("photo.jpg.exe") == ["file.double_extension"]
    assert inspect_name("rapport.v2.pdf") == []


FILES = (
    HEAD
    + """\
      files:
        triggers: [attachments]
        actions: [delete, report]
      pictures-only:
        triggers: [{attachments: {deny: [], allow_types: ["image/*"]}}]
        conditions: {rooms: [photos]}
        actions: [delete]
"""
)


DENIED_FILES = [
    ("free_nitro.exe", "application/x-msdownload", "file.ext:exe"),
    ("game.APK", None, "file.ext:apk"),
    ("photo.jpg.scr", None, "file.double_extension"),
    ("invoice\u202efdp.exe", None, "file.bidi"),
]
ORDINARY_FILES = [("chat.png", "image/png"), ("notes.pdf", "application/pdf"), ("song.mp3", None)]


async def test_executables_are_denied_and_ordinary_files_pass(testbot):
    bot = await testbot(FILES)
    for name, kind, signal in DENIED_FILES:
        (hit,) = (await post(bot, file(name, kind))).hits
        assert hit.match.category == "scam"
        assert signal in hit.match.signals, name
        kinds = bot.pop_kinds()
        assert kinds[0] == "delete"
        assert kinds[1].startswith("report")  # later cases of one member edit the report
    for name, kind in ORDINARY_FILES:
        assert not (await post(bot, file(name, kind))).hits, name


async def test_allow_types_in_a_room(testbot):
    bot = await testbot(FILES)

    async def in_photos(attachment):
        event = bot.message("", "a", "photos", attachments=(attachment,))
        return (await bot.bot.handle(event))[0]

    assert not (await in_photos(file("cat.jpg", "image/jpeg"))).hits
    (hit,) = (await in_photos(file("clip.mp4", "video/mp4"))).hits
    assert "file.type:video/mp4" in hit.match.signals


def test_attachment_options_clean_extensions():
    options = AttachmentsOptions(deny=[".EXE", "*.apk", " "], allow=["PNG"])
    assert options.deny == ["exe", "apk"]
    assert options.allow == ["png"]


# --- hash lists ----------------------------------------------------------------------------


def random_hash(rng):
    return rng.getrandbits(256)


def flip(value, bits, rng):
    for bit in rng.sample(range(256), bits):
        value ^= 1 << bit
    return value


def test_read_hash_list(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("# a list\n\n" + "A" * 64 + "  # reported 2026-01\n" + "b" * 64 + ",90\n")
    assert read_hash_list(path) == ["a" * 64, "b" * 64]
    path.write_text("a" * 64 + "\nnot-a-hash\n")
    with pytest.raises(HashListError, match=r"list.txt:2: not a 64-digit hex hash"):
        read_hash_list(path)


@pytest.mark.parametrize("size", [50, 1500])
def test_pdq_index_agrees_with_a_full_scan(size):
    rng = random.Random(size)
    hashes = [random_hash(rng) for _ in range(size)]
    index = PdqIndex(hashes)
    for _ in range(80):
        base = rng.choice(hashes)
        query = flip(base, rng.randrange(0, 45), rng)
        expected = min(((query ^ h).bit_count(), i) for i, h in enumerate(hashes))
        found = index.nearest(query, 31)
        if expected[0] <= 31:
            assert found is not None
            assert found[0] == expected[0]
        else:
            assert found is None


def test_pdq_index_is_fast_on_thousands():
    rng = random.Random(1)
    hashes = [random_hash(rng) for _ in range(5000)]
    index = PdqIndex(hashes)
    queries = [flip(rng.choice(hashes), 20, rng) for _ in range(50)]
    start = time.perf_counter()
    for query in queries:
        assert index.nearest(query, 31) is not None
    per_query = (time.perf_counter() - start) / len(queries)
    assert per_query < 2e-3, per_query


def write_lists(tmp_path, sha_lines, pdq_lines):
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "known.sha256").write_text("\n".join(sha_lines) + "\n")
    (lists / "known.pdq").write_text("\n".join(pdq_lines) + "\n")
    return lists


def hex256(value):
    return f"{value:064x}"


async def test_media_hash_rule(testbot, tmp_path):
    rng = random.Random(7)
    listed_pdq = random_hash(rng)
    listed_sha = hashlib.sha256(b"bad file").hexdigest()
    write_lists(
        tmp_path, [f"{listed_sha} # case 12"], [hex256(listed_pdq), hex256(random_hash(rng))]
    )
    bot = await testbot(
        f"packs_dir: {tmp_path}\n"
        + HEAD
        + """\
      known-media:
        triggers: [{media_hash: {sha256: [lists/known.sha256], pdq: [lists/known.pdq],
                                 category: child_safety}}]
        actions: [delete, report]
"""
    )
    plan = await post(bot, file("a.jpg", sha256=listed_sha.upper()))
    (hit,) = plan.hits
    assert (hit.match.category, hit.match.severity.name) == ("child_safety", "CRITICAL")
    assert hit.match.summary == "a.jpg matches the SHA-256 list known.sha256"
    near = hex256(flip(listed_pdq, 12, rng))
    (hit,) = (await post(bot, file("b.jpg", pdq=near))).hits
    assert hit.match.summary == "b.jpg matches the PDQ list known.pdq (distance 12)"
    far = hex256(flip(listed_pdq, 60, rng))
    assert not (await post(bot, file("c.jpg", pdq=far, sha256="0" * 64))).hits
    assert not (await post(bot, file("d.jpg"), text="no hashes")).hits
    assert not (await post(bot, file("e.jpg", pdq="not hex"))).hits


def test_media_hash_options_and_missing_files(tmp_path):
    with pytest.raises(ValidationError, match="sha256 or pdq"):
        MediaHashOptions(category=Category.SPAM)
    with pytest.raises(ValidationError):
        MediaHashOptions.model_validate({"pdq": ["x"]})  # the category is required
    options = MediaHashOptions(pdq=["nope.txt"], category=Category.SPAM)
    with pytest.raises(HashListError, match="not found"):
        MediaHash(options, tmp_path)


# --- computing hashes ----------------------------------------------------------------------


def picture(pattern, size=128):
    from PIL import Image

    y, x = np.mgrid[0:size, 0:size].astype(float)
    return Image.fromarray(np.dstack(pattern(x, y)).astype(np.uint8), "RGB")


def png(image):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def waves(x, y):
    value = 128 + 127 * np.sin(x / 9) * np.cos(y / 13)
    return value, 255 - value, (x * 2) % 256


def ripples(x, y):
    value = 128 + 127 * np.cos((x + y) / 7)
    return value, (x * y) % 256, 255 - value


def test_hash_media_on_generated_pictures():
    image = picture(waves)
    data = png(image)
    hashes = hash_media(data)
    assert hashes.pdq is not None
    assert hashes.quality is not None
    assert hashes.sha256 == hashlib.sha256(data).hexdigest()
    assert len(hashes.pdq) == 64
    int(hashes.pdq, 16)
    assert 0 <= hashes.quality <= 100
    # The same picture at another size stays close; another picture does not.
    bigger = hash_media(png(image.resize((256, 256))))
    assert bigger.pdq is not None
    assert bigger.sha256 != hashes.sha256
    assert pdq_distance(hashes.pdq, bigger.pdq) <= 31
    other = hash_media(png(picture(ripples)))
    assert other.pdq is not None
    assert pdq_distance(hashes.pdq, other.pdq) > 31


def test_hash_media_on_non_pictures():
    hashes = hash_media(b"MZ\x90\x00 not a picture")
    assert hashes.pdq is None
    assert hashes.sha256 == hashlib.sha256(b"MZ\x90\x00 not a picture").hexdigest()
    attachment = with_hashes(Attachment(filename="x.bin"), b"abc")
    assert attachment.sha256 == hashlib.sha256(b"abc").hexdigest()
    assert attachment.size == 3
