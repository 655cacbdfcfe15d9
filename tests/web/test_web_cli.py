"""Issue 19 item 8: the application and the command line on the same repository accept each
other's signatures: a person exports their kept key as .p12 from the application and signs with
`planpress approve`; the review screen and the sign pages show that approval; the web's own
approval and the CLI's together are released by `planpress release` with the controller's exported
key; `planpress check` and `status` accept the result."""

from __future__ import annotations

import pytest

from conftest import run_cli
from .signingtools import NUMBER, SIGNING_PASSWORD, enrolled_team, sign
from .webtools import git, signed_in


@pytest.fixture
def team(weak_kdf, web_project, account, tmp_path):
    return enrolled_team(web_project, account, tmp_path)


def exported(user, folder) -> str:
    response = signed_in(user).post("/signing/key/export/", {"password": SIGNING_PASSWORD[user.person]})
    assert response.status_code == 200 and response["Content-Type"] == "application/x-pkcs12"
    path = folder / f"{user.person}.p12"
    path.write_bytes(response.content)
    return str(path)


def cli(root, *args: str) -> str:
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    return result.stdout


def test_the_web_and_the_command_line_accept_each_others_signatures(team, web_project, tmp_path, monkeypatch):
    sun, liu, zhou = team["sun"], team["liu"], team["zhou"]
    # 孙晓琳 signs on the command line with the key the application keeps for her
    monkeypatch.setenv("PLANPRESS_P12_PASSWORD", SIGNING_PASSWORD["sun-xiaolin"])
    out = cli(web_project, "approve", NUMBER, "--role", "主办", "--p12", exported(sun, tmp_path))
    assert "孙晓琳" in out
    git(web_project, "commit", "-qam", "主办：孙晓琳（命令行）")
    # the application counts it: nothing waits for her, the review screen and the release page show it
    assert 'id="waiting-count"' not in signed_in(sun).get("/signing/").content.decode()
    review = signed_in(liu).get(f"/signing/{NUMBER}/review/").content.decode()
    assert "签署“院领导批准”" in review and "签署“主办”" not in review
    refused = signed_in(sun).get(f"/signing/{NUMBER}/sign/主办/").content.decode()
    assert "您已经签署过这个版本的“主办”" in refused
    rows = signed_in(zhou).get(f"/signing/{NUMBER}/release/").content.decode()
    assert "孙晓琳" in rows
    # 刘迎恩 signs in the browser; 周敏 releases on the command line with her exported key
    assert sign(liu, "院领导批准").status_code == 302
    monkeypatch.setenv("PLANPRESS_P12_PASSWORD", SIGNING_PASSWORD["zhou-min"])
    out = cli(web_project, "release", NUMBER, "--p12", exported(zhou, tmp_path))
    assert f"已发布 {NUMBER} A/1" in out and "周敏" in out
    git(web_project, "add", "-A")
    git(web_project, "commit", "-qm", "发布 A/1（命令行）")
    cli(web_project, "check")
    status = cli(web_project, "status", NUMBER)
    assert "孙晓琳" in status and "刘迎恩" in status and "签名有效" in status
    # and the application shows A/1 released: nothing left to release or sign
    assert "可以发布的版本" in signed_in(zhou).get("/signing/").content.decode()
    assert f"/signing/{NUMBER}/release/" not in signed_in(zhou).get("/signing/").content.decode()
