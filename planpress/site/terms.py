"""The words the site's Chinese search must keep whole (jieba's user dictionary).

jieba cuts 病案室及信息科 as 病案/室及/信息/科 and the name 刘迎恩 as 刘迎/恩, so neither could be
found. The plan's own terms come from the model (unit names, the words the text uses for them,
actors, posts, people, campuses) plus the few listed in source/planpress.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .versions import SiteVersions

_HAN = re.compile(r"[\u3400-\u9fff]")
_LONGEST = 8  # longer phrases would hide their parts: a search only matches the start of a word


def terms(view: SiteVersions) -> list[str]:
    found = dict.fromkeys(t.strip() for t in _candidates(view))
    return [t for t in found if _HAN.search(t) and " " not in t and len(t) <= _LONGEST]


def _candidates(view: SiteVersions) -> Iterator[str]:
    project = view.project
    for campus in project.directory.campuses:
        yield campus.name
    for contact in view.contacts().values():
        yield contact.name
    yield from project.config.site_search_terms
    # The synonym groups' words (网络中断, 宕机 …): kept whole where the text uses them, so a group
    # finds its word; a part of one (网络) is still found inside it.
    for group in project.search.groups:
        yield from group
    for doc in view.shown():  # the text the search indexes
        for scenario in doc.scenarios:  # not the titles: 突发漏水 kept whole hides 漏水 from a search
            for step in scenario.steps:
                yield step.actor
                yield from (m.wording for m in step.mentions)
        for top in doc.clauses:
            for clause in top.walk():
                yield from (m.wording for m in clause.mentions)
                if clause.kind == "roster":
                    yield clause.title
        for signatory in doc.signatories:
            yield signatory.title
            yield signatory.name
        for approval in doc.approvals:
            if approval.name:
                yield approval.name
        for posting in doc.postings:
            yield posting.place


def dictionary(view: SiteVersions) -> str:
    """The user dictionary file's text: one word a line (jieba works out a frequency itself)."""
    return "".join(f"{term}\n" for term in terms(view))
