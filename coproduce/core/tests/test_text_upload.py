"""The one reader for uploaded text: encodings, byte-order marks, separators, limits, files that are not text.

The real-world files are public data in shared/data beside the project (Birmingham council budget lines,
SYNERGY systematic-review records, Pol.is comments in German); each is saved again the way a spreadsheet
program on another computer would save it. Tests that use them skip when they are missing.
"""

import csv
import io
import random
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from coproduce.core.text_upload import TextLimits, TextUploadError, delimiter_sniff, text_decode, text_read

LIMITS = TextLimits(max_bytes=1024 * 1024, kind="CSV", advice="Save it as CSV.")
DATA = next(
    (p / "shared" / "data" for p in Path(settings.BASE_DIR).parents if (p / "shared" / "data").is_dir()),
    Path("/nonexistent"),
)


def _real(relative: str) -> str:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"{relative} is not in shared/data")
    return path.read_text(encoding="utf-8")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_sniff(text)))


# Encodings


def test_text_decode_reads_windows_1252():
    given = "name;notes\nCafé “Hub”;£12 \u2013 it\u2019s fine\n".encode("cp1252")

    read = text_decode(given, limits=LIMITS)

    assert read.text == "name;notes\nCafé “Hub”;£12 \u2013 it\u2019s fine\n"
    assert read.encoding == "cp1252"


def test_text_decode_reads_a_real_budget_file_saved_as_windows_1252():
    original = _real("birmingham/bcc_budget_savings_2024_2026_compiled.csv")
    assert "£" in original

    read = text_decode(original.encode("cp1252"), limits=LIMITS)

    assert read.text == original and read.encoding == "cp1252"


def test_text_decode_keeps_real_german_comments_in_windows_1252():
    # charset-normalizer on its own reads some Western files as a Baltic or Central European code page
    original = _real("polis/austria-climate.5twd2jsnkf.2022-08-08/comments.csv")
    given = original.encode("cp1252", errors="replace")

    read = text_decode(given, limits=TextLimits(max_bytes=20 * 1024 * 1024))

    assert read.encoding == "cp1252"
    assert read.text == given.decode("cp1252")
    assert "Klimaneutralität" in read.text


def test_text_decode_finds_a_cyrillic_code_page():
    original = (
        "Имя,Организация,Заметки\n"
        "Иван Петров,Городской совет,Работает в районе с 2019 года\n"  # noqa: RUF001
        "Мария Иванова,Библиотека,Волонтёр по вторникам и четвергам\n"
    )

    read = text_decode(original.encode("cp1251"), limits=LIMITS)

    assert read.text == original and read.encoding == "cp1251"


# Chinese and Japanese records as CNKI, CiNii and older EndNote and Excel installations save them.
CHINESE_RIS = (
    "TY  - JOUR\nTI  - 社区参与式研究在公共卫生中的应用\nAU  - 王, 伟\nAU  - 李, 娜\nT2  - 中国公共卫生\n"
    "PY  - 2019\nAB  - 本研究探讨了社区居民参与健康决策的方式与效果。\nER  - \n"
)
JAPANESE_BIBTEX = (
    "@article{yamada2020,\n  title = {地域医療における住民参加の研究},\n"
    "  author = {山田 太郎 and 佐藤 花子},\n  journal = {日本公衆衛生雑誌},\n  year = {2020}\n}\n"
)

CZECH_RIS = "TI  - Zdravotní péče v České republice: průzkum mezi lékaři\nAU  - Dvořák, Tomáš\n"


@pytest.mark.parametrize(
    ("text", "codec", "encoding", "name"),
    [
        (CHINESE_RIS, "gbk", "gb18030", "GBK (Chinese, simplified)"),
        (JAPANESE_BIBTEX, "shift_jis", "cp932", "Shift-JIS (Japanese)"),
        (
            "TY  - JOUR\nTI  - Исследование общественного здравоохранения\nER  - \n",
            "koi8_r",
            "koi8_r",
            "KOI8-R",
        ),
        (CZECH_RIS, "cp1250", "cp1250", "Windows-1250"),
    ],
)
def test_text_decode_reads_east_asian_and_other_legacy_encodings_and_says_which(text, codec, encoding, name):
    read = text_decode(text.encode(codec), limits=LIMITS)

    assert read.text == text and read.encoding == encoding
    assert read.assumed and read.encoding_note.startswith(f"The file is not in UTF-8: it was read as {name}")


def test_text_decode_says_a_western_file_was_assumed_to_be_windows_1252_and_unicode_was_not():
    western = text_decode("Caf\u00e9 na\u00efve\n".encode("latin-1"), limits=LIMITS)
    unicode = text_decode("Caf\u00e9 na\u00efve\n".encode(), limits=LIMITS)

    assert (
        western.encoding_note
        == "The file is not in UTF-8: it was read as Windows-1252 (Western European) text."
    )
    assert (unicode.assumed, unicode.encoding_note) == (False, "")


def test_text_decode_refuses_a_short_gbk_file_it_cannot_tell_from_korean_and_names_the_options():
    # six Chinese characters (a fictional author and journal): as likely Korean, Japanese or Big5
    given = (
        "@ARTICLE{王芳2013,\n  author = {王芳},\n  title = {Test Title},\n  year = {2013},\n"
        "  journal = {测试期刊}\n}\n"
    ).encode("gbk")

    with pytest.raises(TextUploadError) as caught:
        text_decode(given, limits=LIMITS)

    message = str(caught.value)
    assert message.startswith("The file is not in UTF-8, and it cannot be told which encoding it uses")
    assert "GBK (Chinese, simplified)" in message and "EUC-KR (Korean)" in message
    assert "Save the file again as UTF-8" in message and message.endswith("Save it as CSV.")


def test_text_decode_reads_utf16_with_a_byte_order_mark():
    original = _real("synergy/Menon_2022.csv")[:200_000]
    given = original.encode("utf-16")  # Excel's "Unicode text": a mark, then little-endian
    assert given.startswith(b"\xff\xfe")

    read = text_decode(given, limits=LIMITS)

    assert read.text == original and read.encoding == "utf-16"
    assert _rows(read.text)[0][:4] == ["record_id", "openalex_id", "doi", "title"]


def test_text_decode_reads_big_endian_utf16_without_a_mark():
    read = text_decode("área,valor\nBrook,1\n".encode("utf-16-be"), limits=LIMITS)

    assert read.text == "área,valor\nBrook,1\n" and read.encoding == "utf-16-be"


def test_text_decode_drops_a_utf8_byte_order_mark():
    read = text_decode("\ufeffname,sector\nCafé,vcfse\n".encode(), limits=LIMITS)

    assert read.text == "name,sector\nCafé,vcfse\n" and read.encoding == "utf-8"


def test_text_decode_keeps_utf8_and_windows_characters_in_one_file():
    given = "Café ŵ\n".encode() + b"\x93quoted\x94 \xe9t\xe9\n"

    assert text_decode(given, limits=LIMITS).text == "Café ŵ\n“quoted” été\n"


def test_text_decode_gives_the_line_of_broken_utf16():
    given = b"\xff\xfe" + "a,b\n1,2\n".encode("utf-16-le") + b"\x00\xdc"

    with pytest.raises(TextUploadError) as caught:
        text_decode(given, limits=LIMITS)

    assert caught.value.line == 3 and str(caught.value).startswith("Line 3: ")


# Separators


def test_delimiter_sniff_reads_a_real_file_saved_with_semicolons():
    original = _real("birmingham/birmingham_ward_imd2019_aggregated.csv")
    rows = list(csv.reader(io.StringIO(original, newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)  # Excel in much of Europe

    text = text_decode(out.getvalue().encode("cp1252"), limits=LIMITS).text

    assert delimiter_sniff(text) == ";"
    assert _rows(text) == rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,sector\nA,b\n", ","),
        ("name;sector\nA;b\n", ";"),
        ("name\tsector\nA, B\tc\n", "\t"),
        ("name\nA\n", ","),
        ('"name;x",sector,ward\n"A;b",c,d\n"E;f",g,h\n', ","),
    ],
)
def test_delimiter_sniff(text, expected):
    assert delimiter_sniff(text) == expected


# Limits and files that are not text


def test_text_read_refuses_a_file_over_the_limit_having_read_one_byte_more():
    given = io.BytesIO(b"a,b\n" * 300_000)

    expected = r"^The file is bigger than 1 MB\. Split it into smaller files\.$"
    with pytest.raises(TextUploadError, match=expected):
        text_read(given, limits=LIMITS)

    assert given.tell() == LIMITS.max_bytes + 1


def test_text_decode_refuses_too_many_lines():
    limits = TextLimits(max_bytes=1024 * 1024, max_lines=3)

    assert text_decode(b"a\nb\nc\n", limits=limits).text == "a\nb\nc\n"
    with pytest.raises(TextUploadError, match="more than 3 lines"):
        text_decode(b"a\nb\nc\nd\n", limits=limits)


def test_text_decode_refuses_a_line_too_long_and_names_it():
    limits = TextLimits(max_bytes=1024 * 1024, max_line_length=10, advice="Save it as CSV.")

    with pytest.raises(TextUploadError) as caught:
        text_decode(b"short\r\nalso short\r\n" + b"x" * 11 + b"\r\n", limits=limits)

    assert caught.value.line == 3
    assert str(caught.value) == "Line 3: The line is longer than 10 characters. Save it as CSV."


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (b"", "The file is empty."),
        (b" \r\n\t", "The file is empty."),
        (b"PK\x03\x04\x14\x00", "This looks like an Excel workbook or another zip file, not a CSV file."),
        (b"%PDF-1.7\n", "This is not a CSV file: it is a PDF."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file: it is a picture."),
        (b"a,b\n\x00\x01\x02\x03", "This is not a CSV file: it holds data that is not text."),
    ],
)
def test_text_decode_refuses_files_that_are_not_text(given, message):
    with pytest.raises(TextUploadError) as caught:
        text_decode(given, limits=LIMITS)

    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValidationError)  # a form shows it as the file field's error


def test_text_decode_refuses_random_binary_junk():
    junk = random.Random(7).randbytes(4096)

    with pytest.raises(TextUploadError, match="not a CSV file"):
        text_decode(junk, limits=LIMITS)


def test_text_decode_refuses_control_characters_when_asked_and_names_the_line():
    strict = TextLimits(max_bytes=1024, controls=False)

    assert text_decode(b"a\n\x0cb\n", limits=TextLimits(max_bytes=1024)).text == "a\n\x0cb\n"
    with pytest.raises(TextUploadError, match=r"^Line 2: Some characters"):
        text_decode(b"a\n\x0cb\n", limits=strict)
