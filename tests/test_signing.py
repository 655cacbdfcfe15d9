"""Digital signatures: PAdES, visible in the approver's row of the 审核批准 table, verified against a test CA.

The controlled-document PDF is built by the PDF renderer (issue "The signed-off PDF"); until it is
in this branch, a stand-in PDF with a 审核批准 table and the fingerprint in the footer is rendered
here with the same WeasyPrint wrapper. Placement is found from the PDF text, so it does not depend
on the stand-in's layout.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2
import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from lifecycle_support import PASSWORD, approvals_pdf, make_pki, tree_hashes
from planpress import outputs

DOC = "H-J-YA-028"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"), ["孙晓琳", "刘迎恩", "王五"])


@pytest.fixture
def plan(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    copy_project(REPO, root)
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    doc = planpress.load(root).document(DOC)
    pdf = outputs.pdf_path(root / "build", doc)
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(approvals_pdf(doc, root))
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


def test_stamp_is_visible_in_the_approvers_row(plan: Path, pki):
    assert sign(plan, "刘迎恩", pki).status == 0
    path = signed_path(plan)
    reader = PdfFileReader(io.BytesIO(path.read_bytes()))
    (signature,) = reader.embedded_signatures
    widget = signature.sig_field
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 50 and y2 - y1 > 15  # a visible stamp, not an invisible signature
    assert "/AP" in widget
    pdf = pypdfium2.PdfDocument(str(path))
    page_index = next(i for i in range(len(pdf)) if widget["/P"] == reader.root["/Pages"]["/Kids"][i])
    text = pdf[page_index].get_textpage()
    assert "审核批准" in text.get_text_range()
    name = text.search("刘迎恩", match_case=True).get_next()
    name_box = [text.get_charbox(i) for i in range(name[0], name[0] + name[1])]
    date = text.search("2020年8月10日", match_case=True).get_next()
    date_left = min(text.get_charbox(i)[0] for i in range(date[0], date[0] + date[1]))
    name_right = max(b[2] for b in name_box)
    middle = (min(b[1] for b in name_box) + max(b[3] for b in name_box)) / 2
    assert name_right <= x1 and x2 <= date_left  # between the name and the date of that row
    assert y1 < middle < y2  # on the name's line
    # the stamp's own text is drawn with an embedded CJK font
    rendered = pdf[page_index].get_textpage().get_text_range()
    pdf.close()
    assert "审核批准" in rendered


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
    other = tmp_path / "other.pdf"
    fixture_doc = planpress.load(copy_project(FIXTURES / "project", tmp_path / "project")).documents[0]
    other.write_bytes(approvals_pdf(fixture_doc, plan))
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
