"""Digital signatures of the PDF (PAdES), bound to the approvals: visible in the signatory's cell
of the 审核批准 table of the real built PDF, made only by that row's roster person, only on the
bytes planpress built for the released version, and verified in Chinese by `planpress verify`
and, outside planpress, by pyHanko's own validation API.

The project is a copy of the repository where A/1 was revised, approved by 孙晓琳 and 刘迎恩 with
their (throwaway, test) keys and released by 周敏, in force today; its PDFs are built once per
module and each test signs its own copy.
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
from lifecycle_support import Authority, p12_bytes, tree_hashes
from pdfcheck import build_pdf, build_pdfs, edit
from planpress import outputs
from planpress.pdf.signatures import signature_cells
from signing_support import keys
from sitetools import approve_and_release

DOC = "H-J-YA-028"
TODAY = "2026-11-25"


def cli_ok(*args: str, root: Path) -> str:
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A/1 approved with signatures, released and in force today, its PDFs built (as `make` leaves them)."""
    root = copy_project(REPO, tmp_path_factory.mktemp("built") / "repo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        cli_ok("revise", DOC, "--reason", "年度评审", root=root)
        edit(root / "source" / f"{DOC}.yaml", "effective:             #", f"effective: {TODAY}  #")
        approve_and_release(root, today=TODAY)
        build_pdfs(root)
    return root


@pytest.fixture
def plan(built: Path, tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(built, root)
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    return root


def sign(root: Path, person: str, *extra: str, p12: Path | None = None):
    return run_cli("sign", DOC, "--p12", str(p12 or keys().p12[person]), *extra, root=root)


def current(root: Path):
    return planpress.load(root).document(DOC)


def signed_path(root: Path) -> Path:
    return outputs.signed_pdf_path(root / "build", current(root))


def unsigned_path(root: Path) -> Path:
    return outputs.pdf_path(root / "build", current(root))


def test_both_approvers_sign_and_pyhanko_validates_against_the_test_ca(plan: Path):
    """Interoperability: pyHanko's own validation API, outside planpress's code, trusts only the CA."""
    first = sign(plan, "sun-xiaolin")
    assert first.status == 0, first.stderr
    assert "已签名：主办 孙晓琳" in first.stdout and "PAdES" in first.stdout
    second = sign(plan, "liu-yingen")
    assert second.status == 0, second.stderr
    path = signed_path(plan)
    assert path.name == "H-J-YA-028_A-1_signed.pdf"

    ca = plan / "source" / "certificates" / "test-ca.pem"
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca))], allow_fetching=False,
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
        assert "批准 H-J-YA-028 A/1" in str(signatures[1].sig_object["/Reason"])
    other = ValidationContext(trust_roots=[Authority.create().certificate and load_cert_from_pemder(
        str(plan / "source" / "certificates" / "planpress-demo-ca.pem"))], allow_fetching=False,
        revocation_mode="soft-fail")
    with path.open("rb") as stream:
        assert not validate_pdf_signature(PdfFileReader(stream).embedded_signatures[0], other).trusted


def test_signing_and_verifying_in_a_fresh_process(plan: Path):
    """As a user runs it: `check` parses the release signatures before pyHanko is imported (asn1crypto
    then needs its name maps refreshed for pyHanko's CAdES attributes: trust.cms.import_pyhanko_sign)."""
    import subprocess
    import sys

    for person in ("sun-xiaolin", "liu-yingen"):
        signed = subprocess.run([sys.executable, "-m", "planpress", "--root", str(plan), "sign", DOC, "--p12",
                                 str(keys().p12[person])], capture_output=True, text=True, timeout=300)
        assert signed.returncode == 0, signed.stderr
    verified = subprocess.run([sys.executable, "-m", "planpress", "--root", str(plan), "verify", str(signed_path(plan))],
                              capture_output=True, text=True, timeout=300)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.count("签署人：✓") == 2


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


def test_the_stamp_fills_the_signature_cell_of_the_approvers_row(plan: Path, tmp_path: Path):
    unsigned = unsigned_path(plan)
    cells = signature_cells(unsigned)
    assert [c.index for c in cells] == [1, 2]  # one cell per signatory, in the order of the table
    cell = cells[1]  # 院领导批准, the second row
    assert sign(plan, "liu-yingen").status == 0
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
    day = current(plan).approval("院领导批准").date
    name, date = text_box(text, "刘迎恩"), text_box(text, f"{day.year}年{day.month}月{day.day}日")
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


def test_verify_reports_signer_time_integrity_trust_and_the_signatory_in_chinese(plan: Path):
    assert sign(plan, "sun-xiaolin").status == 0
    path = signed_path(plan)
    good = run_cli("verify", str(path), root=plan)
    assert good.status == 0, good.stdout + good.stderr
    out = good.stdout
    assert "签名人：孙晓琳（测试医院，CN）" in out
    assert "签名时间：" in out and "完整性：✓ 签名的内容没有被改动" in out
    assert "信任：✓ 证书可追溯到受信任的根证书（名册的根证书），签名时有效" in out
    assert "签署人：✓ 是 H-J-YA-028 A/1“主办”的签署人 孙晓琳" in out
    assert "结论：全部签名有效、完整、可信，且由本文件的签署人签署。" in out

    other = plan.parent / "other-ca.pem"
    other.write_bytes(Authority.create("测试医院根证书").pem())  # the same name, another key
    untrusted = run_cli("verify", str(path), "--trust", str(other), root=plan)
    assert untrusted.status == 1
    assert "信任：✗ 不受信任：签名证书不能追溯到医院的根证书" in untrusted.stdout
    assert "Traceback" not in untrusted.stdout + untrusted.stderr


def flipped_in_signed_range(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    index = data.index(b"stream\n") + 40  # one byte of page content, inside the signed range
    data[index] ^= 0x01
    return bytes(data)


def test_a_flipped_byte_is_an_integrity_failure_not_a_trust_failure(plan: Path):
    assert sign(plan, "sun-xiaolin").status == 0
    tampered = plan / "tampered.pdf"
    tampered.write_bytes(flipped_in_signed_range(signed_path(plan)))
    before = tree_hashes(plan)
    broken = run_cli("verify", str(tampered), root=plan)
    assert broken.status == 1 and "Traceback" not in broken.stdout + broken.stderr
    assert "完整性：✗ 签名的内容被改动过，或签名本身无效" in broken.stdout
    assert "信任：✓ 证书可追溯到受信任的根证书" in broken.stdout  # the certificate is still the hospital's
    assert "结论：签名 1 未通过验证。" in broken.stdout
    assert tree_hashes(plan) == before


def test_a_damaged_signature_is_a_clear_error(plan: Path):
    assert sign(plan, "sun-xiaolin").status == 0
    data = bytearray(signed_path(plan).read_bytes())
    start = data.index(b"/Contents <") + len(b"/Contents <")
    data[start + 20:start + 220] = b"0" * 200  # inside the DER of the CMS signature
    damaged = plan / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    result = run_cli("verify", str(damaged), root=plan)
    assert result.status == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr and "内部错误" not in result.stderr
    assert "签名数据已损坏，无法读取" in result.stdout


def test_verify_an_unsigned_pdf(plan: Path):
    result = run_cli("verify", str(unsigned_path(plan)), root=plan)
    assert result.status == 1 and "这个 PDF 没有数字签名" in result.stderr


def refused(root: Path, args: list[str], *expect: str) -> str:
    before = tree_hashes(root)
    result = run_cli(*args, root=root)
    assert result.status == 1, result.stdout
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    for fragment in expect:
        assert fragment in result.stderr, result.stderr
    assert "怎么改：" in result.stderr
    assert tree_hashes(root) == before
    return result.stderr


def test_wrong_pkcs12_password(plan: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_P12_PASSWORD", "不对的密码")
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["sun-xiaolin"])], "打不开：密码不对")
    assert not signed_path(plan).exists()
    assert run_cli("sign", DOC, "--p12", str(keys().p12["sun-xiaolin"]), "--password", "x", root=plan).status == 2


def test_a_certificate_of_someone_who_is_not_a_signatory(plan: Path):
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["wang-wu"])], "王五（wang-wu）不是 H-J-YA-028 A/1 的签署人")
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["liu-yingen"]), "--role", "主办"],
            "证书是刘迎恩（liu-yingen）的，不是主办 孙晓琳的")


@pytest.mark.parametrize("holder", ["非刘迎恩本人-王五", "刘迎恩"])
def test_a_look_alike_certificate_is_refused(plan: Path, holder: str, tmp_path: Path):
    """A certificate the hospital CA issued whose name contains (or equals) 刘迎恩 is not his: only
    the certificate the roster lists under him is."""
    key, certificate = keys().ca.issue(holder)
    p12 = tmp_path / "look-alike.p12"
    p12.write_bytes(p12_bytes(key, certificate, [keys().ca.certificate]))
    refused(plan, ["sign", DOC, "--p12", str(p12)], f"证书持有人“{holder}”的这张证书没有登记在名册里")


def test_an_expired_certificate_is_refused_at_signing(plan: Path, tmp_path: Path):
    key, certificate = keys().ca.issue("刘迎恩", days=(-40, -1))
    p12 = tmp_path / "expired.p12"
    p12.write_bytes(p12_bytes(key, certificate, [keys().ca.certificate]))
    refused(plan, ["sign", DOC, "--p12", str(p12)], "刘迎恩的证书已过期")


def test_signing_twice_in_the_same_role(plan: Path):
    assert sign(plan, "sun-xiaolin").status == 0
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["sun-xiaolin"])], "已经签过名了")


def test_a_pdf_of_other_content_is_not_signed(plan: Path, tmp_path: Path):
    other = build_pdf(copy_project(FIXTURES / "project", tmp_path / "project"))  # H-J-YA-901's real PDF
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["sun-xiaolin"]), "--pdf", str(other)],
            "这个 PDF 不是 planpress 为 H-J-YA-028 A/1 生成的文件")


def test_a_pdf_that_only_carries_the_fingerprint_is_not_signed(plan: Path):
    """The fingerprint text on the page is not enough: a byte changed anywhere (here inside a page's
    content, which still shows the fingerprint) and the file is not the one planpress built."""
    pdf = unsigned_path(plan)
    forged = plan / "forged.pdf"
    forged.write_bytes(flipped_in_signed_range(pdf))
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(str(forged)))
    assert current(plan).short_fingerprint in text
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["sun-xiaolin"]), "--pdf", str(forged)],
            "不是 planpress 为 H-J-YA-028 A/1 生成的文件")


def test_a_paper_approved_version_is_not_signed_electronically(tmp_path: Path, monkeypatch):
    """A/0 was signed on paper: its rows have no electronic approval to bind a PDF signature to."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    build_pdf(root)
    refused(root, ["sign", DOC, "--p12", str(keys().p12["sun-xiaolin"])], "这一栏是纸质签批")


def test_a_draft_is_not_signed(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    project = copy_project(FIXTURES / "project", tmp_path / "project")
    refused(project, ["sign", "H-J-YA-901", "--p12", str(keys().p12["wang-yi"])], "还没有发布，不能签名")


def test_missing_pdf(plan: Path):
    shutil.rmtree(plan / "build")
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["sun-xiaolin"])], "先运行 planpress build")


def test_a_pdf_without_signature_cells_is_not_signed(plan: Path):
    """The stamp goes only where the PDF builder recorded a cell: a PDF of the right content made
    from a template without the cells is refused, not stamped somewhere near the name."""
    edit(plan / "templates" / "pdf" / "clauses.html", ' id="{{ row.signature_id }}"', "")
    build_pdfs(plan)
    assert signature_cells(unsigned_path(plan)) == []
    refused(plan, ["sign", DOC, "--p12", str(keys().p12["sun-xiaolin"])], "没有主办（孙晓琳）的签章格")
