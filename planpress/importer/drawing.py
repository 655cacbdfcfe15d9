"""Flowcharts drawn in Word (DrawingML shapes in a group or a drawing canvas) back into boxes and
arrows (planpress.importer.stream.Figure), as planpress.importer.figures does for a PDF's.

A box is a shape with text; an arrow is a connector (its ends name the shapes it joins: stCxn,
endCxn) or a line with an arrowhead whose ends are matched to the nearest boxes; a short text in
a shape no arrow joins (是/否), or in a borderless text box, labels the arrow nearest to it.
Positions are the shapes' offsets in points (nested groups scaled into their parent).
"""

from __future__ import annotations

from .figures import END_REACH, _to_box, assemble
from .numbering import W
from .rejoin import join
from .stream import Figure, Place, Shape

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
WPG = "{http://schemas.microsoft.com/office/word/2010/wordprocessingGroup}"
WPC = "{http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas}"
EMU = 12700.0  # per point
LINES = ("line", "straightConnector1", "bentConnector2", "bentConnector3", "bentConnector4", "bentConnector5",
         "curvedConnector2", "curvedConnector3", "curvedConnector4", "curvedConnector5")
DECISIONS = ("flowChartDecision", "diamond")
LABEL_LENGTH = 4  # characters: a text no arrow joins and this short is a branch label


def _transform(xfrm, parent):
    """(scale x, scale y, offset x, offset y) from a group's child space into points."""
    sx, sy, ox, oy = parent
    if xfrm is None:
        return parent
    off, ext = xfrm.find(A + "off"), xfrm.find(A + "ext")
    ch_off, ch_ext = xfrm.find(A + "chOff"), xfrm.find(A + "chExt")
    if off is None or ext is None or ch_off is None or ch_ext is None:
        return parent
    cx, cy = float(ch_ext.get("cx", 0)) or 1.0, float(ch_ext.get("cy", 0)) or 1.0
    gx, gy = float(ext.get("cx", 0)) / cx, float(ext.get("cy", 0)) / cy
    return (sx * gx, sy * gy, ox + sx * (float(off.get("x", 0)) - gx * float(ch_off.get("x", 0))),
            oy + sy * (float(off.get("y", 0)) - gy * float(ch_off.get("y", 0))))


def _frame(shape, transform):
    """(x0, top, x1, bottom, flipH, flipV) of a shape in points."""
    xfrm = shape.find(f"{WPS}spPr/{A}xfrm")
    if xfrm is None:
        return None
    off, ext = xfrm.find(A + "off"), xfrm.find(A + "ext")
    if off is None or ext is None:
        return None
    sx, sy, ox, oy = transform
    x0 = (ox + sx * float(off.get("x", 0))) / EMU
    top = (oy + sy * float(off.get("y", 0))) / EMU
    x1 = x0 + sx * float(ext.get("cx", 0)) / EMU
    bottom = top + sy * float(ext.get("cy", 0)) / EMU
    return x0, top, x1, bottom, xfrm.get("flipH") in ("1", "true"), xfrm.get("flipV") in ("1", "true")


def _shapes(container, transform, out) -> None:
    for child in container:
        if child.tag == WPS + "wsp":
            out.append((child, transform))
        elif child.tag == WPG + "grpSp":
            _shapes(child, _transform(child.find(f"{WPG}grpSpPr/{A}xfrm"), transform), out)


def _text(shape, paragraph_text) -> str:
    content = shape.find(f"{WPS}txbx/{W}txbxContent")
    if content is None:
        return ""
    out = ""
    for p in content.iter(W + "p"):
        line = " ".join(paragraph_text(p).split())
        if line:
            out = join(out, line) if out else line
    return out


def figure(drawing, place: Place, paragraph_text) -> Figure | None:
    """The flowchart a w:drawing holds, or None when it is not one (a picture, a lone text box)."""
    roots = [e for e in drawing.iter() if e.tag in (WPG + "wgp", WPC + "wpc")]
    if not roots:
        return None
    found: list = []
    root = roots[0]
    _shapes(root, _transform(root.find(f"{WPG}grpSpPr/{A}xfrm"), (1.0, 1.0, 0.0, 0.0)), found)
    return _chart(found, place, paragraph_text)


def floating_shape(drawing, offset: float = 0.0):
    """(shape, transform) of a w:drawing that floats one shape by itself (wp:anchor holding a
    wps:wsp), placed by the anchor's offsets; `offset` (points) is added down the page for a
    shape anchored to a later paragraph. None for anything else."""
    anchor = drawing.find(WP + "anchor")
    if anchor is None:
        return None
    shapes = [e for e in anchor.iter(WPS + "wsp")]
    if len(shapes) != 1 or any(e.tag in (WPG + "wgp", WPC + "wpc") for e in anchor.iter()):
        return None
    x = _offset(anchor.find(WP + "positionH"))
    y = _offset(anchor.find(WP + "positionV")) + offset * EMU
    return shapes[0], (1.0, 1.0, x, y)


def _offset(position) -> float:
    if position is None:
        return 0.0
    value = position.find(WP + "posOffset")
    try:
        return float(value.text) if value is not None and value.text else 0.0
    except ValueError:
        return 0.0


def floating(drawings: list, place: Place, paragraph_text) -> Figure | None:
    """The flowchart drawn as shapes that float one by one ((shape, transform) pairs from
    `floating_shape`), or None when they are not one."""
    return _chart(drawings, place, paragraph_text)


def _chart(found: list, place: Place, paragraph_text) -> Figure | None:
    boxes, connectors = {}, []
    texts = []
    for shape, transform in found:
        frame = _frame(shape, transform)
        if frame is None:
            continue
        props = shape.find(WPS + "cNvPr")
        shape_id = props.get("id") if props is not None else None
        geometry = shape.find(f"{WPS}spPr/{A}prstGeom")
        preset = geometry.get("prst") if geometry is not None else ""
        line = shape.find(f"{WPS}spPr/{A}ln")
        connection = shape.find(WPS + "cNvCnPr")
        if connection is not None or preset in LINES:
            x0, top, x1, bottom, flip_h, flip_v = frame
            start = (x1 if flip_h else x0, bottom if flip_v else top)
            end = (x0 if flip_h else x1, top if flip_v else bottom)
            head = line is not None and line.find(A + "headEnd") is not None and line.find(A + "headEnd").get("type", "none") != "none"
            tail = line is not None and line.find(A + "tailEnd") is not None and line.find(A + "tailEnd").get("type", "none") != "none"
            st = connection.find(A + "stCxn") if connection is not None else None
            en = connection.find(A + "endCxn") if connection is not None else None
            ends = [st.get("id") if st is not None else None, en.get("id") if en is not None else None]
            points = [start, end]
            if head and not tail:  # the arrowhead is at the start: it points the other way
                ends.reverse()
                points.reverse()
            connectors.append((ends, points))
            continue
        text = _text(shape, paragraph_text)
        if text:
            outlined = line is None or line.find(A + "noFill") is None
            texts.append((shape_id, text, frame[:4], preset in DECISIONS, outlined))
    joined = {i for ends, _ in connectors for i in ends if i}
    loose_ends = [point for ends, points in connectors for end, point in zip(ends, (points[0], points[-1])) if end is None]
    shapes, words, index = [], [], {}
    for shape_id, text, box, decision, outlined in texts:
        touched = shape_id in joined or any(_to_box(point, box) <= END_REACH for point in loose_ends)
        if not touched and (len(text) <= LABEL_LENGTH or not outlined):
            words.append((text, ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)))
            continue
        index[shape_id] = len(shapes)
        shapes.append(Shape(text, box, decision))
    arrows = [(index.get(ends[0]), index.get(ends[1]), points) for ends, points in connectors]
    return assemble(shapes, arrows, words, place)
