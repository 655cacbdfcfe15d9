"""Helpers for the card tests: build a project's cards, read their text, sizes and QR codes.

What a test expects comes from the YAML in source/ read here directly (phone numbers, postings),
not from planpress's own model, so that a mistake in the model cannot hide itself.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
from ruamel.yaml import YAML

from conftest import run_cli

DOC_NUMBER = "H-J-YA-028"


def build_cards(root: Path) -> dict[Path, bytes]:
    result = run_cli("build", "--only", "cards", root=root)
    assert result.status == 0, result.stderr
    return snapshot(root / "build")


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file under `folder` (relative path → bytes), hidden ones included."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def load_yaml(path: Path):
    return YAML(typ="safe").load(path.read_text("utf-8"))


@dataclasses.dataclass
class Sources:
    """The facts a reader checks a card against, straight from source/."""

    root: Path
    number: str

    @property
    def document(self) -> dict:
        return load_yaml(self.root / "source" / f"{self.number}.yaml")

    @property
    def contacts(self) -> dict:
        return load_yaml(self.root / "source" / "contacts.yaml")

    @property
    def config(self) -> dict:
        return load_yaml(self.root / "source" / "planpress.yaml")

    @property
    def campuses(self) -> dict[str, str]:
        return self.contacts["campuses"]

    def phone(self, key: str, campus: str) -> str:
        entry = self.contacts["contacts"][key]
        return entry["phone"] if "phone" in entry else entry["phones"][campus]

    def all_numbers(self, campus: str) -> set[str]:
        return {self.phone(key, campus) for key, entry in self.contacts["contacts"].items()
                if "phone" in entry or campus in entry["phones"]}

    def scenarios(self) -> list[dict]:
        """Every `type: scenario` block of the clause tree, in reading order (read from the YAML
        here, not through planpress, so that the tests check the model against the source)."""
        found: list[dict] = []

        def walk(node) -> None:
            if isinstance(node, dict):
                if node.get("type") == "scenario":
                    found.append(node)
                    return
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.document["sections"])
        return found

    def expected_numbers(self, card: str, campus: str) -> set[str]:
        """What the card must show: whom its steps call (or the contact form), and the duty phone."""
        form = next(a for a in self.document["attachments"] if "contacts" in a)
        keys = {form["duty"]["contact"]}
        if card == "contacts":
            keys |= set(form["contacts"])
        else:
            scenario = next(s for s in self.scenarios() if s["key"] == card)
            keys |= {key for step in scenario["steps"] for key in step.get("call", [])}
        return {self.phone(key, campus) for key in keys}

    def copies(self, campus: str) -> list[tuple[str, str]]:
        """(place, card) of every controlled copy at `campus`, in posting order."""
        return [(posting["location"], card)
                for posting in self.document["postings"] if posting["campus"] == campus
                for _ in range(posting.get("copies", 1)) for card in posting["cards"]]


@dataclasses.dataclass(frozen=True)
class Glyph:
    char: str
    size: float  # points, as printed
    bold: bool


class PdfText:
    """The text of a PDF's pages, with each character's printed size and weight (PDFium)."""

    def __init__(self, path: Path):
        self.document = pypdfium2.PdfDocument(path)

    def __len__(self) -> int:
        return len(self.document)

    def page_size_mm(self, index: int = 0) -> tuple[float, float]:
        width, height = self.document[index].get_size()
        return round(width / 72 * 25.4), round(height / 72 * 25.4)

    def text(self, index: int = 0) -> str:
        return self.document[index].get_textpage().get_text_range()

    def glyphs(self, index: int = 0) -> tuple[str, list[Glyph]]:
        page = self.document[index].get_textpage()
        text = page.get_text_range()
        glyphs = []
        for i in range(page.count_chars()):
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFText_GetMatrix(page.raw, i, ctypes.byref(matrix))
            name = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            pdfium_c.FPDFText_GetFontInfo(page.raw, i, name, 256, ctypes.byref(flags))
            size = pdfium_c.FPDFText_GetFontSize(page.raw, i) * abs(matrix.d)
            glyphs.append(Glyph(text[i] if i < len(text) else "", size, b"Bold" in name.value))
        return text, glyphs

    def sizes_of(self, index: int, word: str, after: str = "") -> list[list[Glyph]]:
        """The glyphs of every occurrence of `word` on the page (line breaks inside it allowed);
        with `after`, only the occurrence that directly follows that text."""
        text, glyphs = self.glyphs(index)
        pattern = "[\\r\\n]*".join(re.escape(char) for char in after + word)
        skip = len(after)
        found = []
        for match in re.finditer(pattern, text):
            chars = [g for g in glyphs[match.start():match.end()] if g.char not in "\r\n"]
            found.append([g for g in chars[skip:] if g.char.strip()])
        return found


    def char_boxes(self, index: int = 0) -> tuple[str, list[Box]]:
        """The page's text and each character's box."""
        page = self.document[index]
        height = page.get_size()[1]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        boxes = []
        for i in range(textpage.count_chars()):
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            pdfium_c.FPDFText_GetCharBox(textpage.raw, i, *(ctypes.byref(v) for v in (left, right, bottom, top)))
            boxes.append(_mm(left.value, height - top.value, right.value, height - bottom.value))
        return text, boxes

    def boxes_of(self, index: int, word: str) -> list[list[Box]]:
        """The boxes of the glyphs of every occurrence of `word` on the page (spaces and line breaks
        inside it allowed)."""
        text, boxes = self.char_boxes(index)
        pattern = "\\s*".join(re.escape(char) for char in word if not char.isspace())
        return [[boxes[i] for i in range(match.start(), match.end()) if text[i].strip()]
                for match in re.finditer(pattern, text)]

    def frames(self, index: int = 0) -> list[Box]:
        """The dark frames drawn on the page (the call box, the contact list): the outer boxes of
        the paths filled in the frames' colour (#111111) that are at least 8 mm tall."""
        page = self.document[index]
        height = page.get_size()[1]
        found = []
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
            if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            color = [ctypes.c_uint() for _ in range(4)]
            pdfium_c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(v) for v in color))
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
            box = _mm(left.value, height - top.value, right.value, height - bottom.value)
            if [v.value for v in color[:3]] == FRAME_RGB and box[3] - box[1] >= 8:
                found.append(box)
        return found


Box = tuple[float, float, float, float]  # left, top, right, bottom in mm from the page's top left corner
FRAME_RGB = [0x11, 0x11, 0x11]


def _mm(*points: float) -> Box:
    return tuple(v / 72 * 25.4 for v in points)


def inside(glyph: Box, frame: Box, inset: float = 0.0) -> bool:
    """Whether the glyph's box lies inside the frame less `inset` mm on each side (its border)."""
    return (glyph[0] >= frame[0] + inset and glyph[1] >= frame[1] + inset
            and glyph[2] <= frame[2] - inset and glyph[3] <= frame[3] - inset)


def flat(text: str) -> str:
    """Text without line breaks, so wrapped sentences can be searched for."""
    return re.sub(r"[\r\n]+", "", text)
