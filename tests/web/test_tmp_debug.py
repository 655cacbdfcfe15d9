import pytest
from .test_web_blocks import _open, _save, form_fields, signed_in, REPO, make_project, git  # noqa

@pytest.fixture
def examples_project(tmp_path):
    from django.conf import settings
    root = make_project(tmp_path / "examples", REPO / "examples" / "source")
    previous = settings.PLANPRESS_ROOT
    settings.PLANPRESS_ROOT = root
    yield root
    settings.PLANPRESS_ROOT = previous

def test_debug(examples_project, account):
    client = signed_in(account("editor", department="总务科"))
    page = _open(client, "H-J-YA-035", "sections.procedures.1.clauses.0")
    for f in form_fields(page): print(repr(f))
    r = _save(client, "H-J-YA-035", page)
    print(r.status_code, r.get("Location"))
    print(git(examples_project, "show", "HEAD"))
