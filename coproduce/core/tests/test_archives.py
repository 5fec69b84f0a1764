"""The one bounded zip reader: limits on expanded size, part size, part count and compression ratio."""

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.core.archives import ArchiveLimits, ArchiveProblem, ArchiveUnreadable, BoundedArchive

from .zip_bombs import parts_opened, size_header_lie, word_bomb, zip_with

MB = 1024 * 1024
ROOMY = ArchiveLimits(max_expanded_bytes=10 * MB, max_entry_bytes=10 * MB, max_entries=100, max_ratio=100)


def test_a_small_file_that_unzips_to_300_mb_is_refused_at_once_naming_the_limit(monkeypatch):
    # given a Word-like file of a few hundred kilobytes holding 300 MB of zeros
    bomb = word_bomb(300)
    assert len(bomb) < MB
    opened = parts_opened(monkeypatch)

    # when it is opened with the settings' limits
    with pytest.raises(ArchiveProblem) as refused:
        BoundedArchive(bomb)

    # then it is refused before any part is unzipped, and the message names the limit
    assert opened == []
    assert str(refused.value).startswith("The file expands to more than 50 MB when unzipped (300 MB)")


@override_settings(ARCHIVE_MAX_EXPANDED_BYTES=5 * MB)
def test_the_limits_are_settings():
    assert ArchiveLimits.from_settings().max_expanded_bytes == 5 * MB
    with pytest.raises(ArchiveProblem, match="more than 5 MB when unzipped"):
        BoundedArchive(zip_with({}, zeros={"a": 3, "b": 3}))


def test_one_part_over_the_part_limit_is_refused():
    limits = ArchiveLimits(
        max_expanded_bytes=10 * MB, max_entry_bytes=2 * MB, max_entries=10, max_ratio=10_000
    )
    with pytest.raises(ArchiveProblem, match=r"One part of the file \(big\) expands to more than 2 MB"):
        BoundedArchive(zip_with({"small": b"x"}, zeros={"big": 3}), limits=limits)


def test_too_many_parts_are_refused():
    parts = {f"part-{n}.xml": b"<a/>" for n in range(11)}
    limits = ArchiveLimits(max_expanded_bytes=MB, max_entry_bytes=MB, max_entries=10, max_ratio=100)
    with pytest.raises(ArchiveProblem, match="more than 10 parts when unzipped"):
        BoundedArchive(zip_with(parts), limits=limits)


def test_a_part_compressed_far_beyond_ordinary_files_is_refused():
    # given 2 MB of zeros: within the size limits, but compressed about a thousand times over
    with pytest.raises(ArchiveProblem, match=r"\(zeros\) expands more than 100 times when unzipped"):
        BoundedArchive(zip_with({}, zeros={"zeros": 2}), limits=ROOMY)


def test_small_parts_are_not_held_to_the_ratio():
    archive = BoundedArchive(zip_with({"styles.xml": b"<s/>" * 100_000}), limits=ROOMY)
    assert archive.read("styles.xml") == b"<s/>" * 100_000


def test_a_part_whose_header_understates_its_size_is_refused_when_read():
    lying = size_header_lie(zip_with({"text.txt": b"word " * 50_000}), "text.txt", 10)
    archive = BoundedArchive(lying, limits=ROOMY)
    with pytest.raises(ArchiveProblem, match=r"text\.txt"):
        archive.read("text.txt")


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04 broken", b"<Project/>"])
def test_what_is_not_a_zip_is_unreadable(data):
    with pytest.raises(ArchiveUnreadable, match="could not be opened as a zip"):
        BoundedArchive(data)


def test_names_are_found_ignoring_case_and_backslashes():
    archive = BoundedArchive(zip_with({"sources/A.txt": b"a", "folder/": b""}), limits=ROOMY)
    assert archive.names() == ["sources/A.txt"]
    assert archive.find("sources\\a.TXT") == "sources/A.txt"
    assert archive.find("missing") is None


PARTS = st.dictionaries(
    st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?\.xml", fullmatch=True), st.binary(max_size=2_000), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(parts=PARTS, max_total=st.integers(0, 12_000), max_entries=st.integers(0, 12))
def test_a_zip_is_read_whole_and_exact_or_refused_by_a_limit(parts, max_total, max_entries):
    limits = ArchiveLimits(
        max_expanded_bytes=max_total, max_entry_bytes=max_total, max_entries=max_entries, max_ratio=100
    )
    data = zip_with(parts)
    within = sum(map(len, parts.values())) <= max_total and len(parts) <= max_entries
    if not within:
        with pytest.raises(ArchiveProblem):
            BoundedArchive(data, limits=limits)
        return
    archive = BoundedArchive(data, limits=limits)
    assert {name: archive.read(name) for name in archive.names()} == parts
