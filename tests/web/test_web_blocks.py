"""Structured editing (the 条款与附件 tab): every block type's form, the outline's operations, and
what each save writes, through Django's test client. The forms are read from the page as a
browser sends them (formdata.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .formdata import as_post, form_fields
from .webtools import REPO, base_of, commit_count, git, last_commit, make_project, signed_in, start_revision

DOC = "/documents/H-J-YA-028"


@pytest.fixture
def examples_project(tmp_path):
    from django.conf import settings

    root = make_project(tmp_path / "examples", REPO / "examples" / "source")
    previous = settings.PLANPRESS_ROOT
    settings.PLANPRESS_ROOT = root
    yield root
    settings.PLANPRESS_ROOT = previous


def _source(root: Path, number: str = "H-J-YA-028") -> str:
    return (root / "source" / f"{number}.yaml").read_text("utf-8")


def _outline(client, number: str) -> str:
    response = client.get(f"/documents/{number}/edit/?tab=outline")
    assert response.status_code == 200
    return response.content.decode()


def _node_paths(html: str) -> list[str]:
    return re.findall(r'data-path="([^"]+)"', html) + sorted(set(re.findall(r"node=(sections\.[a-z_-]+)#", html)))


def _open(client, number: str, path: str) -> str:
    response = client.get(f"/documents/{number}/edit/?tab=outline&node={path}")
    assert response.status_code == 200, (path, response.content.decode()[:2000])
    return response.content.decode()


def _messages(html: str) -> list[str]:
    return re.findall(r'class="(?:field-error|message)"[^>]*>([^<]+)', html)


def _save(client, number: str, html: str, **changes):
    return client.post(f"/documents/{number}/edit/node/", as_post(form_fields(html), **changes))


@pytest.mark.parametrize("which", ["seed", "examples"])
def test_every_node_saved_unchanged_through_its_form_changes_nothing(which, web_project, examples_project, account):
    """Each block type's form shows everything its node holds: opened and saved as it is, no byte
    of the file changes (the seed: group, scenarios, references, plain clauses, text sections, the
    contact table; the examples: tables with contact cells and spans, flowcharts, forms …)."""
    from django.conf import settings

    root = web_project if which == "seed" else examples_project
    settings.PLANPRESS_ROOT = root
    client = signed_in(account("editor", department="医务科"))
    numbers = ["H-J-YA-028"] if which == "seed" else \
        [p.stem for p in sorted((root / "source").glob("H-*.yaml"))]
    kinds = set()
    for number in numbers:
        owner = re.search(r"^owner:\s*(\S+)", _source(root, number), re.M).group(1)
        client = signed_in(account("editor", department=owner))
        before, commits = _source(root, number), commit_count(root)
        html = _outline(client, number)
        kinds |= set(re.findall(r'<span class="kind">([^<]+)</span>', html))
        for path in _node_paths(html):
            page = _open(client, number, path)
            response = _save(client, number, page)
            assert response.status_code == 302, (number, path, _messages(response.content.decode()))
            assert "saved=unchanged" in response["Location"], (number, path)
        assert _source(root, number) == before
        assert commit_count(root) == commits
    expected = {"小组", "处置场景", "联络表", "法律法规、标准、院内文件"} if which == "seed" else {"表格", "流程图", "空白表单", "小组"}
    assert expected <= kinds, kinds


def test_a_scenario_step_edited_through_its_form(web_project, account):
    client = signed_in(account("editor", name="孙晓琳"))
    start_revision(client, web_project)
    path = "sections.procedures.4.clauses.2"  # 5.5.3 盗窃案件
    page = _open(client, "H-J-YA-028", path)
    assert "5.5.3" in page and "处置场景" in page
    fields = form_fields(page)
    fields = [(n, v) for n, v in fields if n != "n.steps.0.call"] + [("n.steps.0.call", "security")]
    response = client.post(f"{DOC}/edit/node/", as_post(fields, **{
        "n.steps.1.card.text": "保护好现场，等待公安人员勘察。", "n.steps.1.actor": "值班人员"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    text = _source(web_project)
    assert "              call: [security]\n" in text
    assert "              actor: 值班人员\n              card: 保护好现场，等待公安人员勘察。\n" in text
    assert last_commit(web_project)["author"] == "孙晓琳"
    assert "处置场景" in last_commit(web_project)["subject"]
    page = _open(client, "H-J-YA-028", path)
    assert "保护好现场，等待公安人员勘察。" in page


def test_a_mistake_in_a_form_is_shown_at_its_field_and_nothing_is_saved(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    before = _source(web_project)
    page = _open(client, "H-J-YA-028", "sections.procedures.4.clauses.1")  # 突发漏水
    response = _save(client, "H-J-YA-028", page, **{"n.steps.0.card.text": "立即拨打 8289061 通知后勤维修人员。",
                                                     "n.steps.2.actor": ""})
    assert response.status_code == 422
    html = response.content.decode()
    field = re.search(r'id="w-n-steps-0-card".*?</div>', html, re.S).group(0)
    assert "卡片措辞里写了号码“8289061”" in field and "怎么改" in field
    step = re.search(r'id="w-n-steps-2".*?</fieldset>', html, re.S).group(0)
    assert "没有写谁来做" in step
    assert "立即拨打 8289061 通知后勤维修人员。" in html  # what was typed stays
    assert _source(web_project) == before


def test_a_table_is_added_edited_cell_by_cell_with_a_contact_cell_and_a_span(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    page = client.get(f"{DOC}/edit/?tab=outline&insert=sections.procedures.3.clauses&at=6&type=table").content.decode()
    assert "表格" in page
    response = client.post(f"{DOC}/edit/node/", as_post(form_fields(page), **{
        "n.title": "报告时限", "n.columns.0": "事项", "n.columns.1": "报告给", "n.columns.2": "时限",
        "n.rows.0.0.text": "火灾", "n.rows.0.1.contact": "security", "n.rows.0.2.text": "立即",
        "n.rows.1.0.text": "其他突发事件均按上表报告", "n.rows.1.0.span": "3"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    text = _source(web_project)
    assert "        - type: table\n          title: 报告时限\n          columns: [事项, 报告给, 时限]\n" in text
    assert "            - [火灾, {contact: security}, 立即]\n" in text
    assert "            - [{text: 其他突发事件均按上表报告, span: 3}]\n" in text
    # The cell shows what it prints: the contact's numbers at each campus.
    path = re.search(r"node=([^&\"]+)", response["Location"]).group(1)
    page = _open(client, "H-J-YA-028", path)
    assert "印出：保卫科 滨河院区 3216565 / 大学院区 3212755" in page
    assert "表 1" in page


def test_generic_forms_from_the_schema_for_a_block_without_its_own(web_project, account):
    """note and references have no module of their own under planpress/web/blocks: their forms
    come from their schema fragments."""
    from planpress.web import blocks

    assert type(blocks.editor("note")) is blocks.BlockEditor
    assert type(blocks.editor("references")) is blocks.BlockEditor
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    page = client.get(f"{DOC}/edit/?tab=outline&insert=sections.procedures.1.clauses&at=4&type=note").content.decode()
    assert "注的内容" in page  # the schema's own description labels the field
    response = client.post(f"{DOC}/edit/node/", as_post(form_fields(page), **{
        "n.label": "说明", "n.text": "以上各项在节假日同样适用。"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "    - type: note\n          label: 说明\n          text: 以上各项在节假日同样适用。\n" in _source(web_project) or \
        "        - type: note\n          label: 说明\n          text: 以上各项在节假日同样适用。\n" in _source(web_project)
    page = _open(client, "H-J-YA-028", "sections.references.0")
    response = _save(client, "H-J-YA-028", page, **{"n.items.2.effective": "2007-05-01"})
    assert response.status_code == 302
    assert 'effective: "2007-05-01" # 只知道年份' in _source(web_project), \
        [line for line in _source(web_project).splitlines() if "effective" in line]  # its quotes kept


def test_a_plain_clause_with_its_lettered_list(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    page = client.get(f"{DOC}/edit/?tab=outline&insert=sections.procedures.3.clauses&at=6&type=clause").content.decode()
    response = client.post(f"{DOC}/edit/node/", as_post(form_fields(page), **{
        "n.heading": "值班要求", "n.style": "label", "n.text": "节假日值班人员应做到：",
        "n.items.0.text": "保持电话畅通；", "n.items.1.text": "按时巡查库房；",
        "n.items.1.items.0.text": "每两小时一次。"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    text = _source(web_project)
    assert ("        - label: 值班要求\n          text: 节假日值班人员应做到：\n          items:\n"
            "            - 保持电话畅通；\n            - text: 按时巡查库房；\n              items:\n"
            "                - 每两小时一次。\n") in text
    path = re.search(r"node=([^&\"]+)", response["Location"]).group(1)
    page = _open(client, "H-J-YA-028", path)
    assert '<span class="num">5.4.7</span>' in page
    assert '<span class="num">a.</span>' in page and '<span class="num">b.</span>' in page
    assert '<span class="num">a)</span>' in page


def test_the_outline_moves_indents_outdents_and_numbers_come_from_the_model(web_project, account):
    client = signed_in(account("editor", name="孙晓琳"))
    start_revision(client, web_project)
    html = _outline(client, "H-J-YA-028")
    assert re.search(r'data-path="sections.procedures.3".*?<span class="num">5.4</span>', html, re.S)

    def op(**data):
        response = client.post(f"{DOC}/edit/outline/", {"base": base_of(web_project), **data})
        assert response.status_code == 302, _messages(response.content.decode())
        return response

    op(op="move", path="sections.procedures.3", list="sections.procedures", at="1")  # 5.4 → 5.2
    html = _outline(client, "H-J-YA-028")
    assert re.search(r'data-path="sections.procedures.1".*?<span class="num">5.2</span>.*?报告与信息发布', html, re.S)
    assert re.search(r'data-path="sections.procedures.2".*?<span class="num">5.3</span>.*?预警信息', html, re.S)
    assert last_commit(web_project)["subject"] == "移动 H-J-YA-028 5.4 报告与信息发布"
    op(op="indent", path="sections.procedures.2.clauses.1")  # 保护未受损的病案 under the one before
    assert "        - text: 在应急的情况下" in _source(web_project)
    html = _outline(client, "H-J-YA-028")
    assert re.search(r'<span class="num">5.3.1.1</span>', html)
    op(op="outdent", path="sections.procedures.2.clauses.0.clauses.0")
    html = _outline(client, "H-J-YA-028")
    assert not re.search(r'<span class="num">5.3.1.1</span>', html)
    assert "clauses:\n            - 保护" not in _source(web_project)


def test_delete_with_undo_restores_the_clause_and_its_comments(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    before = _source(web_project)
    base = base_of(web_project)
    # 5.5 holds the scenarios the cards are posted for: deleting it is refused, with check's reason
    response = client.post(f"{DOC}/edit/outline/", {"base": base, "op": "delete", "path": "sections.procedures.4"})
    assert response.status_code == 422
    assert "删除后文件有错误" in response.content.decode() and "fire" in response.content.decode()
    assert _source(web_project) == before
    response = client.post(f"{DOC}/edit/outline/", {"base": base, "op": "delete", "path": "sections.procedures.2"})
    assert response.status_code == 302, _messages(response.content.decode())
    assert "# 5.3" not in _source(web_project)
    page = client.get(response["Location"]).content.decode()
    assert "已删除“5.3 预案程序”" in page and "撤销删除" in page
    undo = form_fields(page, "undo")
    response = client.post(f"{DOC}/edit/outline/", as_post(undo))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _source(web_project) == before
    assert last_commit(web_project)["subject"].startswith("恢复删除的 H-J-YA-028")


def test_a_stale_form_is_refused_and_shows_the_other_version(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    page = _open(client, "H-J-YA-028", "sections.procedures.4.clauses.3")  # 停电
    path = web_project / "source" / "H-J-YA-028.yaml"
    path.write_text(_source(web_project).replace("立即打电话通知总务科维修。", "立即通知总务科维修。"), "utf-8")
    git(web_project, "commit", "-qam", "outside edit")
    response = _save(client, "H-J-YA-028", page, **{"n.steps.1.card.text": "拔掉电器插头。"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "在您编辑期间被别人改过了" in html and "外部编辑" in html
    assert "拔掉电器插头。" in html  # the editor's own
    assert "立即通知总务科维修。" in html  # theirs, read-only
    fields = form_fields(html)
    response = client.post(f"{DOC}/edit/node/", as_post(fields))
    assert response.status_code == 302
    text = _source(web_project)
    assert "拔掉电器插头。" in text and "立即通知总务科维修。" in text


def test_attachments_contact_table_and_form(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    page = _open(client, "H-J-YA-028", "attachments.0")
    assert "快速联络通信表" in page
    response = _save(client, "H-J-YA-028", page, **{"n.contacts.6": "equipment", "n.contacts.5": "it"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "contacts: [medical-affairs, outpatient, security, general-affairs, medical-records, it, equipment]" \
        in _source(web_project)
    page = client.get(f"{DOC}/edit/?tab=outline&insert=attachments&at=1&type=form").content.decode()
    response = client.post(f"{DOC}/edit/node/", as_post(form_fields(page), **{
        "n.code": "A.02", "n.title": "病案借阅登记表", "n.form.0.grid.columns.0.title": "借阅日期", "n.form.0.grid.columns.1.title": "病案号",
        "n.form.0.grid.columns.2.title": "借阅人", "n.form.0.grid.rows": "12"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "  - code: A.02\n    title: 病案借阅登记表\n    form:\n      columns: [借阅日期, 病案号, 借阅人]\n      rows: 12\n" \
        in _source(web_project)


def test_the_outline_and_forms_refuse_what_they_are_not_made_for(web_project, account):
    client = signed_in(account("editor"))
    reader = signed_in(account())
    assert reader.get(f"{DOC}/edit/?tab=outline").status_code == 403
    assert reader.post(f"{DOC}/edit/node/", {"base": base_of(web_project)}).status_code == 403
    assert client.get(f"{DOC}/edit/?tab=outline&node=sections.procedures.99").status_code == 404
    assert client.get(f"{DOC}/edit/?tab=outline&node=../../etc/passwd").status_code == 404
    assert client.get(f"{DOC}/edit/?tab=outline&node=number").status_code == 404
    for bad in ({"op": "move", "path": "sections.procedures.1", "list": "sections.procedures.1.clauses", "at": "0"},
                {"op": "rm -rf", "path": "sections.procedures.1"},
                {"op": "undo", "path": "sections.procedures.1", "from": "0" * 40}):
        response = client.post(f"{DOC}/edit/outline/", {"base": base_of(web_project), **bad})
        assert response.status_code in (400, 422), (bad, response.status_code)
    response = client.post(f"{DOC}/edit/node/", {"base": base_of(web_project), "mode": "insert",
                                                  "list": "sections.procedures", "at": "0", "type": "nonsense"})
    assert response.status_code == 400


def _moved(fields: list[tuple[str, str]], a: str, b: str) -> list[tuple[str, str]]:
    """The fields as the page sends them after items `a` and `b` of a list swapped places."""
    def swap(name: str) -> str:
        for x, y in ((a, b), (b, a)):
            if name == x or name.startswith(x + "."):
                return y + name[len(x):]
        return name
    return [(swap(name), value) for name, value in fields]


def test_a_blank_form_edited_part_by_part(examples_project, account):
    """The form of a blank form (表单): its parts, fields, options, grid columns with a merged
    header and printed rows, opinion boxes and notes each in a field of their own; a save
    rewrites only what was changed, a mistake is shown at the row it concerns, parts move."""
    number, node = "H-Z-ZD-102", "attachments.0"
    client = signed_in(account("editor", department="医务科"))
    page = _open(client, number, node)
    for words in ("这一部分是", "填写项", "勾选项", "意见栏", "合并表头", "预先印好的行", "空白宽度（字数）"):
        assert words in page, words
    assert '<option value="kept" selected>' not in page  # no part is left to the expert tab
    fields = form_fields(page)
    before = _source(examples_project, number)

    # a merged header gets a fourth column: the printed rows now have one cell too few
    response = _save(client, number, page, **{"n.form.3.grid.columns.3.columns.3.title": "病理切片"})
    assert response.status_code == 422
    shown = response.content.decode()
    row = shown.split('id="w-n-form-3-grid-printed-0"', 1)[1].split("</li>", 1)[0]
    assert "第 1 行有 8 格，表格有 9 列" in row
    assert _source(examples_project, number) == before

    changes = {"n.form.1.fields.1.label": "所在科室", "n.form.1.fields.4.label": "联系电话",
               "n.form.1.fields.4.kind": "blank", "n.form.1.fields.4.width": "8",
               "n.form.4.opinion.lines": "3", "n.form.0.fields.1.kind": "date",
               "n.form.7.kind": "choices", "n.form.7.choices.options.0.text": "已归还",
               "n.form.7.choices.options.1.text": "未归还"}
    response = client.post(f"/documents/{number}/edit/node/",
                           as_post(_moved(fields, "n.form.5", "n.form.6"), **changes))
    assert response.status_code == 302, _messages(response.content.decode())
    after = _source(examples_project, number)
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert removed == ["          - {label: 年度, width: 4}", "      - fields: [申请人, 科室, {label: 工号, width: 5}, 申请日期]",
                       "      - opinion: 科室负责人意见"], removed
    assert added == ["          - {label: 年度, date: true}",
                     "      - fields: [申请人, 所在科室, {label: 工号, width: 5}, 申请日期, {label: 联系电话, width: 8}]",
                     "      - opinion:", "          title: 科室负责人意见", "          lines: 3",
                     "          options: [已归还, 未归还]"], added
    assert "      - choices:\n          options: [已归还, 未归还]\n" in after
    note_at, opinion_at = after.index("      - note:"), after.index("      - opinion: {title: 病案室意见")
    assert note_at < opinion_at  # moved above the second opinion box
    assert last_commit(examples_project)["author"].startswith("测试人员")


def test_the_signatories_edited_through_their_form(web_project, account):
    """10 审核批准: the signatories picked from the roster; a 部门 cell left blank on purpose stays
    blank (`department: ""`, its comment kept); a change is one line, checked like any save."""
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    outline = _outline(client, "H-J-YA-028")
    assert "院领导批准：刘迎恩（分管副院长）" in outline and "node=signatories" in outline
    page = _open(client, "H-J-YA-028", "signatories")
    assert "孙晓琳（医务科，部门负责人）" in page and '<option value="blank" selected>' in page
    before = _source(web_project)
    response = _save(client, "H-J-YA-028", page)
    assert "saved=unchanged" in response["Location"] and _source(web_project) == before

    response = _save(client, "H-J-YA-028", page, **{"n.1.person": "nobody-here"})
    assert response.status_code == 422
    assert "nobody-here" in response.content.decode().split('id="w-n-1-person"', 1)[1].split("</div>", 1)[0]
    assert _source(web_project) == before

    response = _save(client, "H-J-YA-028", page, **{"n.1.person": "document-controller", "n.1.title": "",
                                                     "n.0.department.mode": "roster"})
    assert response.status_code == 302, _messages(response.content.decode())
    after = _source(web_project)
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert removed == ["    department: 医务科    # 制定部门", "    person: liu-yingen", "    title: 分管副院长"], removed
    assert added == ["    person: document-controller"], added
    assert '    department: ""        # 原件上这一格是空的' in after
    assert last_commit(web_project)["subject"] == "修改 H-J-YA-028 审核批准 签署人"
