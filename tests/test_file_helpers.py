"""Uploaded zips are opened only by `coproduce.core.archives`, uploaded files are stored or deleted only by
`coproduce.core.uploads`, and uploaded text is decoded only by `coproduce.core.text_upload`, so no module
can skip the limits, delete a file before its commit or guess an encoding its own way."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "coproduce"
ARCHIVES = ROOT / "core" / "archives.py"
UPLOADS = ROOT / "core" / "uploads.py"
TEXT_UPLOAD = ROOT / "core" / "text_upload.py"
# Source texts inside a REFI-QDA archive are read as they are, any character kept, so an exchange
# round trip loses nothing; they are parts of an archive held to its limits, not a file a person chose.
TEXT_DECODING_ALLOWED = {"coproduce/analysis/refi_qda/read.py"}
_GUESSED_ENCODINGS = {"utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "windows-1252", "latin-1"}


def _mode(call: ast.Call) -> str:
    given = (
        call.args[1]
        if len(call.args) > 1
        else next((k.value for k in call.keywords if k.arg == "mode"), None)
    )
    return given.value if isinstance(given, ast.Constant) and isinstance(given.value, str) else "r"


def _called(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def archive_reads(source: str) -> list[str]:
    """Lines that open a zip or a workbook for reading."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _called(node)
            if (name == "ZipFile" and _mode(node) == "r") or name == "load_workbook":
                found.append(f"line {node.lineno}: {name}()")
    return found


def file_field_writes(source: str) -> list[str]:
    """Lines that store or delete a model's file directly (FieldFile.save/.delete take `save=`)."""
    return [
        f"line {node.lineno}: .{_called(node)}(..., save=...)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and _called(node) in {"save", "delete"}
        and any(k.arg == "save" for k in node.keywords)
    ]


def text_decodes(source: str) -> list[str]:
    """Lines that guess an upload's encoding or separator themselves."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called(node) == "decode" and node.args:
            given = node.args[0]
            if isinstance(given, ast.Constant) and str(given.value).lower() in _GUESSED_ENCODINGS:
                found.append(f"line {node.lineno}: .decode({given.value!r})")
        elif isinstance(node, ast.Attribute) and (node.attr == "Sniffer" or node.attr.startswith("BOM_")):
            found.append(f"line {node.lineno}: {node.attr}")
    return found


def _offenders(check, allowed: Path) -> dict[str, list[str]]:
    modules = [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if path != allowed and "tests" not in path.relative_to(ROOT).parts and "migrations" not in path.parts
    ]
    return {
        str(p.relative_to(ROOT.parent)): uses
        for p in modules
        if (uses := check(p.read_text(encoding="utf-8")))
    }


def test_only_the_bounded_reader_opens_zips():
    assert _offenders(archive_reads, ARCHIVES) == {}, "Open uploaded zips with coproduce.core.archives"


def test_only_the_upload_helper_stores_or_deletes_files():
    assert _offenders(file_field_writes, UPLOADS) == {}, "Store uploads with coproduce.core.uploads"


def test_only_the_text_reader_decodes_uploads():
    found = _offenders(text_decodes, TEXT_UPLOAD)
    assert {path: uses for path, uses in found.items() if path not in TEXT_DECODING_ALLOWED} == {}, (
        "Read uploaded text with coproduce.core.text_upload"
    )


@pytest.mark.parametrize(
    "source",
    [
        "raw.decode('utf-8-sig')",
        "raw.decode('cp1252')",
        "csv.Sniffer().sniff(t)",
        "raw.startswith(codecs.BOM_UTF16_LE)",
    ],
)
def test_the_check_catches_decoding_an_upload(source):
    assert text_decodes(source)


def test_the_check_lets_plain_utf8_and_idna_through():
    assert text_decodes("body.decode()\nhost.encode('idna').decode('ascii')\nb.decode(page.charset)") == []


@pytest.mark.parametrize(
    "source",
    [
        "zipfile.ZipFile(io.BytesIO(data))",
        "ZipFile(path, 'r')",
        "zipfile.ZipFile(f, mode='r')",
        "openpyxl.load_workbook(f)",
    ],
)
def test_the_check_catches_opening_a_zip(source):
    assert archive_reads(source)


@pytest.mark.parametrize(
    "source", ["zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)", "zipfile.ZipFile(o, mode='w')"]
)
def test_the_check_lets_writing_a_zip_through(source):
    assert archive_reads(source) == []


@pytest.mark.parametrize(
    "source", ["full_text.file.save('a.pdf', f, save=False)", "row.file.delete(save=False)"]
)
def test_the_check_catches_storing_a_file_directly(source):
    assert file_field_writes(source)


def test_the_check_lets_saving_a_row_through():
    assert file_field_writes("full_text.save()\nrow.delete()") == []
