"""Figures' lines drawn as outlines: a server draws them in several threads at once (an ASGI server runs each
request's view in a thread of its own), and each thread gets whole glyphs."""

import threading
from pathlib import Path

from coproduce.core import svg_text
from coproduce.core.fonts import font_dir, ttfont

THREADS = 8
ROUNDS = 6  # each round on a font read afresh: threads that clash do not clash every time


def test_glyphs_drawn_by_many_threads_at_once_come_out_whole():
    path = font_dir() / "NotoNaskhArabic-Regular.ttf"
    for _ in range(ROUNDS):
        _draw_at_once(path)


def _draw_at_once(path: Path) -> None:
    # given a font no thread has read yet (fontTools reads its tables and glyphs when first asked)
    ttfont.cache_clear()
    svg_text.glyph_outline.cache_clear()
    problems: list[str] = []
    outlines: dict[int, tuple[svg_text.Segment, ...]] = {}
    start = threading.Barrier(THREADS)

    def draw(first: int) -> None:
        start.wait()
        try:
            for glyph in range(first, first + 60):
                outlines[glyph] = svg_text.glyph_outline(path, glyph)
        except Exception as error:  # any error is the finding
            problems.append(repr(error))

    # when eight requests draw its glyphs at the same moment
    threads = [threading.Thread(target=draw, args=(n * 60,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then every glyph is drawn, as it is when drawn alone
    assert problems == []
    svg_text.glyph_outline.cache_clear()
    alone = {glyph: svg_text.glyph_outline(path, glyph) for glyph in (0, 61, 200, 479)}
    assert alone == {glyph: outlines[glyph] for glyph in alone}
    assert sum(1 for outline in outlines.values() if outline) > THREADS * 40
