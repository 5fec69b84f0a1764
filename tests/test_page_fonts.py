"""The pages' own fonts: Urdu asks for the bundled Nastaliq face, which the app serves itself."""

import io
import re
from urllib.parse import urljoin

from fontTools.ttLib import TTFont

URDU_RULE = re.compile(r"html \*:lang\(ur\)\{font-family:([^;}]*);line-height:([\d.]+)")
FACE = re.compile(
    r'@font-face\{font-family:"Noto Nastaliq Urdu";font-weight:(\d+);[^}]*src:url\("?([^")]+)"?\)'
)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_urdu_text_is_set_in_nastaliq_with_naskh_behind_it(client, built_stylesheet):
    response = client.get("/static/build/coproduce.css")
    assert response.status_code == 200
    css = _body(response).decode()

    rule = URDU_RULE.search(css)
    assert rule, "no font rule for :lang(ur)"
    families = [name.strip().strip('"') for name in rule[1].split(",")]
    assert families[:2] == ["Noto Nastaliq Urdu", "Noto Naskh Arabic"]
    assert float(rule[2]) >= 2.5  # the face's own line: 1.904 em above the baseline and 0.596 below


def test_the_nastaliq_face_is_served_by_the_app_in_both_weights(client, built_stylesheet):
    css = _body(client.get("/static/build/coproduce.css")).decode()
    faces = dict(FACE.findall(css))
    assert sorted(faces) == ["400", "700"]

    for weight, url in faces.items():
        response = client.get(urljoin("/static/build/coproduce.css", url))
        assert response.status_code == 200, url
        font = TTFont(io.BytesIO(_body(response)))
        assert font["name"].getDebugName(1) == "Noto Nastaliq Urdu"
        assert font["OS/2"].usWeightClass == int(weight)
        assert ord("ے") in font.getBestCmap()  # bari ye, a letter Urdu has and Arabic does not
