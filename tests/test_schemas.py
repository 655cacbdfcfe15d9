"""The JSON Schemas ship inside the package, are valid Draft 2020-12, and each source names its own."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO

SCHEMAS = {"document": "H-J-YA-028.yaml", "contacts": "contacts.yaml", "config": "planpress.yaml", "people": "people.yaml"}


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft_2020_12(name):
    schema = json.loads(resources.files("planpress.sources.schemas").joinpath(f"{name}.schema.json").read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name,file", SCHEMAS.items())
def test_source_file_names_its_schema_for_the_editor(name, file):
    first_line = (REPO / "source" / file).read_text("utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    target = (REPO / "source" / first_line.removeprefix(prefix)).resolve()
    assert target == (REPO / "planpress" / "sources" / "schemas" / f"{name}.schema.json").resolve()
    assert target.is_file()


def test_every_document_property_has_a_chinese_description():
    schema = json.loads((REPO / "planpress" / "sources" / "schemas" / "document.schema.json").read_text("utf-8"))
    for key, prop in schema["properties"].items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in prop.get("description", "")), key


def test_the_archive_of_a_document_without_phone_numbers_has_an_empty_directory():
    """A policy shows no contact, so its archive's directory has no entry (the hospital's own
    contacts.yaml needs at least one); an entry that is there is checked like contacts.yaml's."""
    import planpress.model  # noqa: F401  (registers the block types the archive's document schema lists)
    from planpress.sources import schema
    raw = json.loads(resources.files("planpress.sources.schemas").joinpath("archive.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(raw)
    directory = jsonschema.Draft202012Validator(schema._validator("archive").schema["properties"]["directory"])
    assert directory.is_valid({"campuses": {"binhe": "滨河院区"}, "contacts": {}})
    assert not directory.is_valid({"campuses": {"binhe": "滨河院区"}, "contacts": {"it": {"name": "信息科"}}})  # no number
    assert not directory.is_valid({"campuses": {}, "contacts": {}})
