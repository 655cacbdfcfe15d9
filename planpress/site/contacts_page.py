"""The directory: every contact with its number at each campus, as tel: links.

The numbers are those in force: during a revision a number changed in contacts.yaml waits for the
new version's release, as it does on the document and scenario pages (see versions.contacts)."""

from __future__ import annotations

from . import markdown as md
from . import prose
from .versions import SiteVersions


def page(view: SiteVersions) -> str:
    directory = view.project.directory
    rows = []
    for contact in view.contacts().values():
        name = f"**{md.text(contact.name)}**" + md.attributes(contact.key)
        rows.append([name] + [prose.phone_cell(contact, campus) for campus in directory.campuses]
                    + [md.text(contact.description or "")])
    return md.page(
        md.front_matter(outline=False),
        md.heading(1, "通讯录"),
        md.paragraph("各科室在每个院区的电话。在手机或软电话上点号码即可拨打。"),
        md.table(["科室"] + [md.text(c.name) for c in directory.campuses] + ["说明"], rows),
    )
