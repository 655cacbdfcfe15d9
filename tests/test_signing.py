"""Digital signatures: PAdES, visible in the approver's signature cell of the 审核批准 table of the
real built PDF, verified against a throwaway test CA.

The PDF is built once per module by `planpress build --only pdf` on a copy of the repository; each
test signs its own copy of that project.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2
import pytest
from PIL import ImageChops
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from lifecycle_support import PASSWORD, make_pki, tree_hashes
from pdfcheck import build_pdf, edit
from planpress import outputs
from planpress.pdf.signatures import signature_cells

DOC = "H-J-YA-028"
TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"), ["孙晓琳", "刘迎恩", "王五"])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the repository with its PDF built, as `make` leaves it."""
    root = copy_project(REPO, tmp_path_factory.mktemp("built") / "repo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        build_pdf(root)
    return root


@pytest.fixture
def plan(built: Path, tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    return root


def sign(root: Path, person: str, pki, *extra: str):
    return run_cli("sign", DOC, "--p12", str(pki.p12[person]), "--password", PASSWORD, *extra, root=root)


def signed_path(root: Path) -> Path:
    return outputs.signed_pdf_path(root / "build", planpress.load(root).document(DOC))


def test_both_approvers_sign_and_pyhanko_validates_against_the_test_ca(plan: Path, pki):
    first = sign(plan, "孙晓琳", pki)
    assert first.status == 0, first.stderr
    assert "已签名：主办 孙晓琳" in first.stdout and "PAdES" in first.stdout
    second = sign(plan, "刘迎恩", pki)
    assert second.status == 0, second.stderr
    path = signed_path(plan)
    assert path.name == "H-J-YA-028_A-0_signed.pdf"

    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(pki.ca_pem))], allow_fetching=False,
                                revocation_mode="soft-fail")
    with path.open("rb") as stream:
        signatures = PdfFileReader(stream).embedded_signatures
        assert [s.field_name for s in signatures] == ["签名-主办", "签名-院领导批准"]
        for signature in signatures:
            assert signature.sig_object["/SubFilter"] == fields.SigSeedSubFilter.PADES.value
            status = validate_pdf_signature(signature, context)
            assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        names = [validate_pdf_signature(s, context).signing_cert.subject.native["common_name"] for s in signatures]
        assert names == ["孙晓琳", "刘迎恩"]


def text_box(textpage, text: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the first occurrence of `text` on a pdfium text page."""
    first, count = textpage.search(text, match_case=True).get_next()
    boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def page_pixels(pdf: Path, page: int, scale: float):
    document = pypdfium2.PdfDocument(str(pdf))
    document.init_forms()  # a signature's stamp is the appearance of a form field
    image = document[page].render(scale=scale, grayscale=True, may_draw_forms=True).to_pil()
    document.close()
    return image


def test_the_stamp_fills_the_signature_cell_of_the_approvers_row(plan: Path, pki, tmp_path: Path):
    unsigned = outputs.pdf_path(plan / "build", planpress.load(plan).document(DOC))
    cells = signature_cells(unsigned)
    assert [c.index for c in cells] == [1, 2]  # one cell per signatory, in the order of the table
    cell = cells[1]  # 院领导批准, the second row
    assert sign(plan, "刘迎恩", pki).status == 0
    path = signed_path(plan)

    reader = PdfFileReader(io.BytesIO(path.read_bytes()))
    (signature,) = reader.embedded_signatures
    widget = signature.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert "/AP" in widget and x2 - x1 > 80 and y2 - y1 > 30  # a visible stamp filling most of the cell
    assert widget["/P"] == reader.root["/Pages"]["/Kids"][cell.page]
    left, bottom, right, top = cell.box
    assert left < x1 < x2 < right and bottom < y1 < y2 < top

    # … and that cell is the one between 刘迎恩 and the date of that row, as a reader sees it
    document = pypdfium2.PdfDocument(str(unsigned))
    text = document[cell.page].get_textpage()
    name, date = text_box(text, "刘迎恩"), text_box(text, "2020年8月10日")
    other = text_box(text, "孙晓琳")
    document.close()
    assert name[2] <= left and right <= date[0] + 1
    assert bottom < (name[1] + name[3]) / 2 < top
    assert not bottom < (other[1] + other[3]) / 2 < top  # not the 主办 row

    # What is drawn: every pixel the signature changed lies inside the cell, and there are many.
    scale = 2.0
    before, after = page_pixels(unsigned, cell.page, scale), page_pixels(path, cell.page, scale)
    after.save(tmp_path / "signed-page.png")  # to look at when this fails
    changed = ImageChops.difference(before, after).point(lambda value: 255 if value > 40 else 0)
    assert changed.histogram()[255] > 300
    drawn_left, drawn_top, drawn_right, drawn_bottom = changed.getbbox()
    page_height = after.height / scale
    assert left * scale <= drawn_left and drawn_right <= right * scale
    assert (page_height - top) * scale <= drawn_top and drawn_bottom <= (page_height - bottom) * scale


def test_verify_reports_signer_time_integrity_and_trust_in_chinese(plan: Path, pki):
    assert sign(plan, "孙晓琳", pki).status == 0
    path = signed_path(plan)
    good = run_cli("verify", str(path), "--trust", str(pki.ca_pem))
    assert good.status == 0, good.stderr
    out = good.stdout
    assert "签名人：孙晓琳（测试医院，CN）" in out
    assert "签名时间：" in out and "完整性：✓ 签名的内容没有被改动" in out
    assert "信任：✓ 证书可追溯到受信任的根证书 ca.pem" in out and "结论：全部签名有效、完整、可信。" in out

    untrusted = run_cli("verify", str(path), "--trust", str(pki.other_ca_pem))
    assert untrusted.status == 1
    assert "信任：✗ 证书不能追溯到 other-ca.pem：不受信任" in untrusted.stdout
    assert "Traceback" not in untrusted.stdout + untrusted.stderr

    tampered = path.with_name("tampered.pdf")
    data = bytearray(path.read_bytes())
    index = data.index(b"stream\n") + 40  # one byte of page content, inside the signed range
    data[index] ^= 0x01
    tampered.write_bytes(bytes(data))
    broken = run_cli("verify", str(tampered), "--trust", str(pki.ca_pem))
    assert broken.status == 1
    assert "完整性：✗" in broken.stdout


def test_verify_an_unsigned_pdf(plan: Path, pki):
    unsigned = outputs.pdf_path(plan / "build", planpress.load(plan).document(DOC))
    result = run_cli("verify", str(unsigned), "--trust", str(pki.ca_pem))
    assert result.status == 1 and "这个 PDF 没有数字签名" in result.stderr


def refused(root: Path, args: list[str], expect: str) -> None:
    before = tree_hashes(root)
    result = run_cli(*args, root=root)
    assert result.status == 1, result.stdout
    assert expect in result.stderr and "Traceback" not in result.stderr
    assert tree_hashes(root) == before


def test_wrong_pkcs12_password(plan: Path, pki):
    refused(plan, ["sign", DOC, "--p12", str(pki.p12["孙晓琳"]), "--password", "不对的密码"],
            "证书文件打不开：密码不对")
    assert not signed_path(plan).exists()


def test_a_certificate_of_someone_who_is_not_a_signatory(plan: Path, pki):
    refused(plan, ["sign", DOC, "--p12", str(pki.p12["王五"]), "--password", PASSWORD],
            "证书持有人“王五”不是 H-J-YA-028 A/0 的签署人")
    refused(plan, ["sign", DOC, "--p12", str(pki.p12["王五"]), "--password", PASSWORD, "--role", "主办"],
            "证书持有人是“王五”，不是主办 孙晓琳")


def test_signing_twice_in_the_same_role(plan: Path, pki):
    assert sign(plan, "孙晓琳", pki).status == 0
    refused(plan, ["sign", DOC, "--p12", str(pki.p12["孙晓琳"]), "--password", PASSWORD], "已经签过名了")


def test_a_pdf_of_other_content_is_not_signed(plan: Path, pki, tmp_path: Path):
    other = build_pdf(copy_project(FIXTURES / "project", tmp_path / "project"))  # H-J-YA-901's real PDF
    refused(plan, ["sign", DOC, "--p12", str(pki.p12["孙晓琳"]), "--password", PASSWORD, "--pdf", str(other)],
            "这个 PDF 不是 H-J-YA-028 A/0 发布的内容")


def test_a_draft_is_not_signed(tmp_path: Path, pki, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    project = tmp_path / "project"
    copy_project(FIXTURES / "project", project)
    refused(project, ["sign", "H-J-YA-901", "--p12", str(pki.p12["孙晓琳"]), "--password", PASSWORD],
            "还没有发布，不能签名")


def test_missing_pdf(plan: Path, pki):
    shutil.rmtree(plan / "build")
    refused(plan, ["sign", DOC, "--p12", str(pki.p12["孙晓琳"]), "--password", PASSWORD], "先运行 planpress build")


def test_a_pdf_without_signature_cells_is_not_signed(plan: Path, pki):
    """The stamp goes only where the PDF builder recorded a cell: a PDF of the right content made
    from a template without the cells is refused, not stamped somewhere near the name."""
    edit(plan / "templates" / "pdf" / "clauses.html", ' id="{{ row.signature_id }}"', "")
    pdf = build_pdf(plan)
    assert signature_cells(pdf) == []
    refused(plan, ["sign", DOC, "--p12", str(pki.p12["孙晓琳"]), "--password", PASSWORD],
            "没有主办（孙晓琳）的签章格")
