"""Flowcharts drawn in a PDF (vector boxes and arrows, as planpress, Word or Visio export them) back
into boxes with their texts and the arrows between them (planpress.importer.stream.Figure).

A box is a closed outline (a rectangle, a rounded box, a diamond) with text inside; an arrow is an
open line whose end carries a small filled head; an arrow's label (是/否) is text outside the boxes
nearest to it. What cannot be read this way is not guessed: a drawing without two boxes joined by
an arrow is not a figure, and its text stays in the running text as before.
"""

from __future__ import annotations

import math
import re

from .rejoin import join
from .stream import Figure, Place, Shape

MIN_BOX = (20.0, 10.0)     # points: smaller closed outlines are arrowheads or marks
HEAD_MAX = 12.0            # an arrowhead fits in this square
END_REACH = 10.0           # an arrow's end lies this close to the box it touches
LABEL_REACH = 30.0         # a label lies this close to its arrow
CAPTION = re.compile(r"^图\s*\d+[\s.、：:]*(.+)$")


def _points(obj) -> list[tuple[float, float]]:
    if obj.get("object_type") == "rect":
        return [(obj["x0"], obj["top"]), (obj["x1"], obj["top"]), (obj["x1"], obj["bottom"]), (obj["x0"], obj["bottom"]),
                (obj["x0"], obj["top"])]
    return [(float(x), float(y)) for x, y in obj.get("pts") or []]


def _closed(points) -> bool:
    return len(points) >= 4 and math.dist(points[0], points[-1]) < 1.5


def _box(obj) -> tuple[float, float, float, float]:
    return obj["x0"], obj["top"], obj["x1"], obj["bottom"]


def _inside(x: float, y: float, box, margin: float = 0.5) -> bool:
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def _to_box(point, box) -> float:
    x, y = point
    dx = max(box[0] - x, 0, x - box[2])
    dy = max(box[1] - y, 0, y - box[3])
    return math.hypot(dx, dy)


def _to_line(point, points) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((point[0] - x1) * dx + (point[1] - y1) * dy) / length))
        best = min(best, math.dist(point, (x1 + t * dx, y1 + t * dy)))
    return best


def _text(chars) -> str:
    """Characters into text: lines top to bottom, joined like broken lines of running text; a gap
    between characters on a line (a space that the drawing positioned instead of writing) is kept."""
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - char["top"]) < 3:
            lines[-1].append(char)
        else:
            lines.append([char])
    out = ""
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text, previous = "", None
        for char in line:
            if previous is not None and char["x0"] - previous["x1"] > 0.15 * char["size"] and char["text"].strip():
                text += " "
            text += char["text"]
            previous = char
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            out = join(out, text) if out else text
    return out


def _words(chars) -> list[tuple[str, tuple[float, float]]]:
    """Loose characters (not in a box) as words with their centres: split at wide gaps."""
    words: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        last = words[-1][-1] if words else None
        if last is not None and abs(last["top"] - char["top"]) < 3 and char["x0"] - last["x1"] < char["size"]:
            words[-1].append(char)
        else:
            words.append([char])
    out = []
    for word in words:
        text = "".join(c["text"] for c in word).strip()
        if text:
            x = (min(c["x0"] for c in word) + max(c["x1"] for c in word)) / 2
            y = (min(c["top"] for c in word) + max(c["bottom"] for c in word)) / 2
            out.append((text, (x, y)))
    return out


def find(page, chars, excluded, number: int) -> tuple[list[tuple[float, Figure]], set[int]]:
    """The flowcharts of a PDF page: [(top, figure)], and the ids of the characters they hold.
    `excluded`: boxes (tables) whose lines are not drawings."""
    shapes = [obj for obj in list(page.rects) + list(page.curves) + list(page.lines)
              if not any(_inside((obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2, box, 1) for box in excluded)]
    width = float(page.width)
    boxes, heads, lines = [], [], []
    for obj in shapes:
        points = _points(obj)
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if _closed(points) or obj.get("object_type") == "rect":
            if w <= HEAD_MAX and h <= HEAD_MAX and obj.get("fill"):
                heads.append(obj)
            elif MIN_BOX[0] <= w <= 0.8 * width and MIN_BOX[1] <= h <= 200 and obj.get("stroke", True):
                boxes.append(obj)
        elif len(points) >= 2 and (w > 2 or h > 2):
            lines.append(points)
    if len(boxes) < 2 or not lines or not heads:
        return [], set()
    texts: dict[int, list] = {i: [] for i in range(len(boxes))}
    for char in chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        inner = [i for i, b in enumerate(boxes) if _inside(x, y, _box(b))]
        if inner:  # the smallest box that holds it
            i = min(inner, key=lambda k: (boxes[k]["x1"] - boxes[k]["x0"]) * (boxes[k]["bottom"] - boxes[k]["top"]))
            texts[i].append(char)
    keep = [i for i in range(len(boxes)) if texts[i]]
    if len(keep) < 2:
        return [], set()
    found = [Shape(_text(texts[i]), _box(boxes[i]), _diamond(boxes[i])) for i in keep]
    arrows = []
    for points in lines:
        ends = [(min(math.dist(points[0], _centre(h)), math.dist(points[-1], _centre(h))), h) for h in heads]
        near = [(d, h) for d, h in ends if d <= HEAD_MAX]
        if not near:
            continue
        head = min(near, key=lambda pair: pair[0])[1]
        if math.dist(points[0], _centre(head)) < math.dist(points[-1], _centre(head)):
            points = points[::-1]  # drawn from its head
        arrows.append((None, None, points[:-1] + [_centre(head)]))
    # only boxes an arrow joins belong to the chart (a callout box beside it is text)
    joined = {n for _, _, points in arrows for n in (_nearest(points[0], found), _nearest(points[-1], found)) if n is not None}
    if len(joined) < 2:
        return [], set()
    keep = [i for n, i in enumerate(keep) if n in joined]
    found = [shape for n, shape in enumerate(found) if n in joined]
    inside = {id(c) for i in keep for c in texts[i]}
    region = _union([s.box for s in found] + [_span(a[2]) for a in arrows])
    loose_chars = [c for c in chars if id(c) not in inside and _inside((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, region, 4)]
    figure = assemble(found, arrows, _words(loose_chars), Place(page=number))
    if figure is None:
        return [], set()
    return [(region[1], figure)], inside | {id(c) for c in loose_chars}


def assemble(shapes: list[Shape], arrows: list[tuple[int | None, int | None, list]], words: list[tuple[str, tuple]],
             place: Place) -> Figure | None:
    """A figure from boxes, arrows (from box, to box, their points: an unknown end is the box
    nearest to it) and loose words (each becomes the label of the arrow nearest to it, or stays
    loose). None unless at least two boxes are joined by an arrow."""
    resolved = []
    for source, target, points in arrows:
        source = _nearest(points[0], shapes) if source is None else source
        target = _nearest(points[-1], shapes) if target is None else target
        if source is not None and target is not None and source != target:
            resolved.append([source, target, "", points])
    if len(shapes) < 2 or not resolved:
        return None
    order = sorted(range(len(shapes)), key=lambda i: ((shapes[i].box[1] + shapes[i].box[3]) / 2, shapes[i].box[0]))
    index = {i: n for n, i in enumerate(order)}
    # each label to one arrow: the closest pairs first, closeness to the line and to its middle
    pairs = sorted((_to_line(centre, a[3]) + 0.25 * math.dist(centre, _middle(a[3])), w, n)
                   for w, (text, centre) in enumerate(words) for n, a in enumerate(resolved)
                   if len(text) <= 8 and _to_line(centre, a[3]) <= LABEL_REACH)
    labelled: dict[int, int] = {}
    for _, w, n in pairs:
        if w not in labelled and n not in labelled.values():
            labelled[w] = n
            resolved[n][2] = words[w][0]
    loose = [text for w, (text, _) in enumerate(words) if w not in labelled]
    return Figure([shapes[i] for i in order], [(index[a[0]], index[a[1]], a[2]) for a in resolved], place, loose=loose)


def _middle(points) -> tuple[float, float]:
    """The point halfway along a polyline."""
    lengths = [math.dist(p, q) for p, q in zip(points, points[1:])]
    half = sum(lengths) / 2
    for (p, q), length in zip(zip(points, points[1:]), lengths):
        if half <= length and length:
            t = half / length
            return p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        half -= length
    return points[-1]


def _span(points) -> tuple[float, float, float, float]:
    return min(x for x, _ in points), min(y for _, y in points), max(x for x, _ in points), max(y for _, y in points)


def _centre(obj) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def _nearest(point, shapes: list[Shape]) -> int | None:
    distance, n = min(((_to_box(point, s.box), n) for n, s in enumerate(shapes)), default=(math.inf, None))
    return n if distance <= END_REACH else None


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _diamond(obj) -> bool:
    points = _points(obj)
    if obj.get("object_type") == "rect" or len(points) != 5:
        return False
    x0, top, x1, bottom = _box(obj)
    return all(abs(x - (x0 + x1) / 2) < 2 or abs(y - (top + bottom) / 2) < 2 for x, y in points)
