"""Nothing of the hospital's original text is lost on the way into YAML.

The seed (tests/fixtures/seed/H-J-YA-028.txt) is the text extracted from the hospital's PDF, with
line breaks in mid-sentence and clause numbers typed by hand. Every sentence of its body, with the
clause numbers taken off, must be in the YAML sources verbatim; the few lines the plan keeps as
structure (composition of the group, dated references, the appendix table) must come out of the
model as the same text.
"""

from __future__ import annotations

import pytest

import planpress
from conftest import REPO
from planpress.model.plaintext import document_text
from seedtext import STRUCTURED, appendix_rows, normalise, seed_paragraphs, sentences


@pytest.fixture(scope="module")
def yaml_text() -> str:
    return normalise("".join(p.read_text("utf-8") for p in (REPO / "source").glob("*.yaml")))


@pytest.fixture(scope="module")
def model_text() -> str:
    return normalise(document_text(planpress.load(REPO).document("H-J-YA-028")))


def test_seed_was_split_into_a_plausible_number_of_sentences():
    all_sentences = [s for p in seed_paragraphs() for s in sentences(p)]
    assert len(all_sentences) > 60


def test_every_prose_sentence_is_verbatim_in_the_yaml(yaml_text):
    missing = []
    for paragraph in seed_paragraphs():
        if paragraph in STRUCTURED:
            continue
        for sentence in sentences(paragraph):
            # "标题：正文" lines: the title and the text are separate fields.
            for fragment in sentence.split("："):
                if len(fragment) >= 2 and fragment not in yaml_text:
                    missing.append(fragment)
    assert not missing, "seed text not in source/:\n" + "\n".join(missing)


def test_every_sentence_comes_out_of_the_model(model_text):
    missing = []
    for paragraph in seed_paragraphs():
        if paragraph in STRUCTURED:
            continue
        for sentence in sentences(paragraph):
            if sentence.rstrip("：") not in model_text:  # headings are printed without the colon
                missing.append(sentence)
    assert not missing, "seed text not in the rendered text:\n" + "\n".join(missing)


def test_structured_lines_come_out_of_the_model(model_text):
    assert "组长：分管院长" in model_text
    assert "副组长：病案室主任、医务科科长、信息科科长、保卫科科长" in model_text
    assert "成员：各科室主任" in model_text
    assert "《医疗机构管理条例》，自1994年9月1日起施行。" in model_text
    assert "《国家突发公共事件总体应急预案》，自2006年2月26日起施行。" in model_text
    assert "《全国卫生部门卫生应急管理工作规范（试行）》，自2007年起施行。" in model_text


def test_header_approvals_and_appendix(model_text):
    for text in ["文件类别全院文件-应急管理", "文件编号H-J-YA-028", "制定部门医务科", "发布部门质量管理科",
                 "生效日期2020年8月10日", "版本/修订A/0",
                 "主办医务科部门负责人：孙晓琳2020年8月10日", "院领导批准分管副院长：刘迎恩2020年8月10日",
                 "H-J-YA-028-A.01病案保护及信息安全应急预案快速联络通信表",
                 "备注：节假日行政总值班电话：滨河院区3216116，大学院区3212868。"]:
        assert text in model_text


def test_every_appendix_phone_number_comes_from_the_directory(model_text):
    rows = appendix_rows()
    assert len(rows) == 7
    for name, binhe, daxue in rows:
        assert normalise(f"{name}{binhe}{daxue}") in model_text
    contacts = (REPO / "source" / "contacts.yaml").read_text("utf-8")
    documents = (REPO / "source" / "H-J-YA-028.yaml").read_text("utf-8")
    for _, binhe, daxue in rows:
        assert f'"{binhe}"' in contacts and f'"{daxue}"' in contacts
        assert binhe not in documents and daxue not in documents  # each number lives once
