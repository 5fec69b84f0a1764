"""Builds the fonts bundled in static/fonts/ (the pages' and the diagram's) from the Noto fonts' packages.

    .venv/bin/python scripts/diagram_fonts.py SOURCE_DIR

SOURCE_DIR holds the unpacked packages: Debian's `fonts-noto-core` 20201225-1 (`apt-get download
fonts-noto-core`, then `dpkg-deb -x`), and npm's `@fontsource/noto-emoji` 5.3.2 and
`@fontsource/noto-nastaliq-urdu` 5.3.0 (`npm pack` each, then `tar xzf` both into SOURCE_DIR).
Each font is written as TrueType without hinting; Noto Sans keeps Latin, Greek, Cyrillic and punctuation, the
other scripts' fonts keep their whole character set, the emoji font's subsets (one file per range of
characters on npm) are merged into one file, and Noto Nastaliq Urdu (for Urdu on the pages) keeps its Arabic
subset, in its regular and bold weights. The SIL Open Font License they come with is
static/fonts/OFL.txt; static/fonts/SOURCES.md says where each font comes from.
"""

import argparse
import pathlib

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

OUT = pathlib.Path(__file__).resolve().parent.parent / "static" / "fonts"
LATIN = (
    "U+0000-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,"
    "U+20A0-20CF,U+2100-215F,U+2190-21FF,U+2212,U+25CC,U+FEFF,U+FFFD"
)
CORE = (
    ("NotoSans-Regular.ttf", LATIN),
    ("NotoSans-Bold.ttf", LATIN),
    ("NotoNaskhArabic-Regular.ttf", "*"),
    ("NotoNaskhArabic-Bold.ttf", "*"),
    ("NotoSansBengali-Regular.ttf", "*"),
    ("NotoSansBengali-Bold.ttf", "*"),
    ("NotoSansDevanagari-Regular.ttf", "*"),
    ("NotoSansDevanagari-Bold.ttf", "*"),
    ("NotoSansGurmukhi-Regular.ttf", "*"),
    ("NotoSansGurmukhi-Bold.ttf", "*"),
)
NASTALIQ = (("400", "NotoNastaliqUrdu-Regular.ttf"), ("700", "NotoNastaliqUrdu-Bold.ttf"))


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = True
    return options


def _subset(font: TTFont, unicodes: str) -> TTFont:
    subsetter = subset.Subsetter(_options())
    if unicodes == "*":
        subsetter.populate(unicodes=font.getBestCmap().keys())
    else:
        subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    return font


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=pathlib.Path)
    source = parser.parse_args().source
    OUT.mkdir(parents=True, exist_ok=True)
    noto = source / "usr/share/fonts/truetype/noto"
    for name, unicodes in CORE:
        font = _subset(TTFont(noto / name), unicodes)
        font.flavor = None
        font.save(OUT / name)
    files = source / "package/files"
    for weight, name in NASTALIQ:
        font = _subset(TTFont(files / f"noto-nastaliq-urdu-arabic-{weight}-normal.woff"), "*")
        font.flavor = None
        font.save(OUT / name)
    parts = sorted((source / "package/files").glob("noto-emoji-*-400-normal.woff"))
    plain = []
    for n, part in enumerate(parts):
        font = TTFont(part)
        font.flavor = None
        path = OUT / f".emoji-part-{n}.ttf"
        font.save(path)
        plain.append(path)
    merged = Merger().merge([str(p) for p in plain])
    merged = _subset(merged, "*")
    merged.save(OUT / "NotoEmoji-Regular.ttf")
    for path in plain:
        path.unlink()
    for path in sorted(OUT.glob("*.ttf")):
        print(f"{path.name}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
