"""Shared test helpers: the repository's own sources, a small fixture project, and the CLI."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import shutil
from pathlib import Path

import pytest

from planpress import cli

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclasses.dataclass
class CliResult:
    status: int
    stdout: str
    stderr: str


def run_cli(*args: str, root: Path | None = None) -> CliResult:
    """Run `planpress ARGS…` in-process, as a user would from the project root."""
    out, err = io.StringIO(), io.StringIO()
    argv = (["--root", str(root)] if root else []) + list(args)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except SystemExit as exc:  # argparse exits for --help and usage errors
            status = exc.code if isinstance(exc.code, int) else 0
    return CliResult(status, out.getvalue(), err.getvalue())


def copy_project(sources: Path, target: Path, *, pki: bool = True) -> Path:
    """A writable project at `target`: source/ from `sources`, templates/ from the repository.

    With `pki` (the default), the copy's roster gets the session's throwaway test CA and the test
    certificates of its people (tests/signing_support.py): the repository's copy can then be
    revised, approved and released by 孙晓琳, 刘迎恩 and 周敏, and the fixture project comes with
    its two approvals signed by 王一 and 李二 (as its committed copy had them, before approvals
    were signatures)."""
    import signing_support

    if pki and Path(sources).resolve() == (FIXTURES / "project").resolve():
        shutil.copytree(signing_support.signed_fixture_source(), target / "source")
    else:
        shutil.copytree(sources / "source", target / "source")
        if pki and Path(sources).resolve() == REPO.resolve():
            signing_support.install_roster(target, signing_support.REPO_PEOPLE)
    shutil.copytree(REPO / "templates", target / "templates")
    return target


@pytest.fixture(autouse=True, scope="session")
def _machine_independent_signing(tmp_path_factory):
    """For the whole session (module-scoped fixtures run the workflow too), a machine that publishes
    as the manual says it must be set up, independent of this machine's own settings: trust pins
    (the demonstration CA and the session's test CA; timestamps required, the default), the
    session's time-stamping authority (`planpress tsa serve`, started here on 127.0.0.1), and the
    test .p12 password. A test changes them with monkeypatch (`no_pins` for a machine without)."""
    import signing_support

    from planpress.trust import certs

    demo = certs.load_certificates((REPO / "source" / "certificates" / "planpress-demo-ca.pem").read_bytes())[0]
    pins = tmp_path_factory.getbasetemp() / "session-trust-pins"
    pins.write_text(f"# the demonstration CA and the test CA\n{certs.sha256(demo)}\n"
                    f"{certs.sha256(signing_support.keys().ca.certificate)}\n", "utf-8")
    with pytest.MonkeyPatch.context() as patch, signing_support.running_tsa(signing_support.keys().tsa_folder) as url:
        patch.setenv("PLANPRESS_TRUST_PINS", str(pins))
        patch.setenv("PLANPRESS_TSA_URL", url)
        patch.setenv("PLANPRESS_P12_PASSWORD", "测试密码-2026")
        patch.setenv("HOME", str(tmp_path_factory.mktemp("home")))  # no demonstration pins of this machine's user
        yield


@pytest.fixture
def no_pins(tmp_path: Path, monkeypatch) -> Path:
    """A machine without trust pins (a signer's PC, a fresh machine before `make`)."""
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(tmp_path / "no-trust-pins"))
    return tmp_path / "no-trust-pins"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project (one plan, two campuses)."""
    return copy_project(FIXTURES / "project", tmp_path / "project")


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's real source/ and templates/."""
    return copy_project(REPO, tmp_path / "repo")


@pytest.fixture(scope="session")
def forms_built(tmp_path_factory) -> Path:
    """The forms and frames project (tests/formsproject.py), built once (PDF, cards, site) as of
    2026-11-25, for test_forms and test_frames."""
    import formsproject

    root = formsproject.make(tmp_path_factory.mktemp("forms") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", "2026-11-25")
        result = run_cli("build", root=root)
    assert result.status == 0, result.stderr
    return root
