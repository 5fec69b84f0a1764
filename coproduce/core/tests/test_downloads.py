"""Download responses: the file name is always safe in the header."""

from coproduce.core.downloads import Download, attachment_disposition, download_response


def test_a_plain_name_is_quoted():
    assert attachment_disposition("records.csv") == 'attachment; filename="records.csv"'


def test_quotes_cannot_end_the_name_early():
    assert attachment_disposition('R1 "urgent".csv') == r'attachment; filename="R1 \"urgent\".csv"'


def test_other_characters_are_percent_encoded_and_no_line_break_gets_through():
    value = attachment_disposition("Café\r\nSet-Cookie: x=1.csv")
    assert value == "attachment; filename*=utf-8''Caf%C3%A9%0D%0ASet-Cookie%3A%20x%3D1.csv"


def test_a_download_becomes_its_response():
    response = download_response(Download(filename="a.txt", content_type="text/plain", content=b"hi"))
    assert response.content == b"hi"
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="a.txt"'
