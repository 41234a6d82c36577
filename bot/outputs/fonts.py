"""The fonts the PDF letters embed, found inside installed Python packages and parsed once.

Nothing is downloaded at run time. Two packages provide them:

- DejaVu Sans (regular and bold) ships inside matplotlib, which Rasa already installs: it
  covers Latin with every European accent, Greek and Cyrillic, so names of people in any
  EU/EEA country print.
- IPAexGothic ships inside japanize-matplotlib (IPA Font License): a TrueType font that
  covers Japanese. It is the fallback for characters DejaVu lacks. TrueType rather than a
  CFF-based OpenType font such as Noto Sans CJK because the PDF is printed and posted, and
  embedded TrueType (CIDFontType2) is what printers and text extraction handle best.

Parsing the fonts costs about 0.4 s, far more than laying out a letter, so each font is
parsed once per process (`_templates`) and every document gets a light copy whose
per-document state (the subset of glyphs used, a fresh fontTools object for subsetting,
which modifies it in place) is new. That copy touches fpdf2 internals; fpdf2 is pinned and
`tests/unit/test_outputs.py` renders two PDFs in a row to catch a change.
"""

from __future__ import annotations

import copy
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

MAIN_FAMILY = "DejaVuSans"
JAPANESE_FAMILY = "IPAexGothic"


@dataclass(frozen=True)
class FontFile:
    """One font file to register under an fpdf2 family and style ("" or "B")."""

    family: str
    style: str
    path: Path


def _package_dir(package: str) -> Path:
    """The folder of an installed package, found without importing it (matplotlib is slow)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"the PDF fonts need the Python package {package!r}: run the project's setup "
            "(pip install -r requirements.lock)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def font_files() -> tuple[FontFile, ...]:
    """The font files in registration order: main regular, main bold, Japanese fallback."""
    dejavu = _package_dir("matplotlib") / "mpl-data" / "fonts" / "ttf"
    ipaex = _package_dir("japanize_matplotlib") / "fonts" / "ipaexg.ttf"
    files = (
        FontFile(MAIN_FAMILY, "", dejavu / "DejaVuSans.ttf"),
        FontFile(MAIN_FAMILY, "B", dejavu / "DejaVuSans-Bold.ttf"),
        # IPAexGothic has no bold face: bold Japanese falls back to the regular one.
        FontFile(JAPANESE_FAMILY, "", ipaex),
    )
    missing = [str(f.path) for f in files if not f.path.is_file()]
    if missing:
        raise RuntimeError(f"font files missing: {', '.join(missing)}")
    return files


@lru_cache(maxsize=1)
def _templates() -> tuple[tuple[TTFFont, bytes], ...]:
    """Each font parsed once by fpdf2, with the file's bytes for per-document copies."""
    scratch = FPDF()
    result = []
    for font in font_files():
        scratch.add_font(font.family, font.style, str(font.path))
        key = f"{font.family.lower()}{font.style}"
        result.append((scratch.fonts[key], font.path.read_bytes()))
    return tuple(result)


def _copy_for(pdf: FPDF, template: TTFFont, data: bytes) -> TTFFont:
    """A copy of a parsed font with fresh per-document state for `pdf`."""
    font = copy.copy(template)
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(BytesIO(data), recalcTimestamp=False, lazy=True)
    font.desc = copy.copy(template.desc)  # output() sets its object id and name
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    return font


def needs_fallback(text: str) -> bool:
    """True if `text` has a character the main font cannot draw (e.g. Japanese)."""
    main = _templates()[0][0]
    return any(ord(char) not in main.cmap for char in set(text) if not char.isspace())


def register_fonts(pdf: FPDF, text: str) -> None:
    """Make the letter fonts available in `pdf`; the Japanese one only if `text` needs it.

    Embedding a font costs time even when no glyph of it is used (about a third of a
    render), and per-character fallback checks slow down line breaking, so a letter whose
    characters the main font covers gets the main font only.
    """
    templates = _templates()
    fallback = needs_fallback(text)
    for template, data in templates:
        if template.fontkey.startswith(JAPANESE_FAMILY.lower()) and not fallback:
            continue
        pdf.fonts[template.fontkey] = _copy_for(pdf, template, data)
    if fallback:
        pdf.set_fallback_fonts([JAPANESE_FAMILY], exact_match=False)
