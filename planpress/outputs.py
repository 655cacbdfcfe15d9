"""Where each output of a document version lives: the one place that names output files.

build/H-J-YA-028/H-J-YA-028_A-0.pdf                 the controlled document
build/H-J-YA-028/H-J-YA-028_A-0_signed.pdf          the same, digitally signed by the approvers
build/H-J-YA-028/cards/H-J-YA-028_A-0_fire_binhe.pdf one card per scenario (or "contacts") per campus
build/H-J-YA-028/cards/H-J-YA-028_A-0_fire_binhe.png its preview for the site
build/H-J-YA-028/cards/H-J-YA-028_A-0_binhe.pdf      all cards of a campus, in order (print bundle)
build/H-J-YA-028/cards/H-J-YA-028_A-0_binhe_postings.pdf  posting and recall checklist of a campus
site/                                                the intranet site (pages: see site_* below)

Every name joined to build/ or a site page is checked by render.paths (a plain file name), so no
number, version or key can point a path outside build/ or site/.
"""

from __future__ import annotations

from pathlib import Path

from .model import Document
from .render.paths import safe_name, under

CONTACT_CARD = "contacts"


def document_dir(build: Path, doc: Document) -> Path:
    return under(build, doc.number)


def pdf_path(build: Path, doc: Document) -> Path:
    return under(document_dir(build, doc), f"{doc.slug}.pdf")


def signed_pdf_path(build: Path, doc: Document) -> Path:
    """The controlled document with the approvers' digital signatures (planpress sign)."""
    return under(document_dir(build, doc), f"{doc.slug}_signed.pdf")


def cards_dir(build: Path, doc: Document) -> Path:
    return document_dir(build, doc) / "cards"


def card_path(build: Path, doc: Document, card: str, campus: str, suffix: str = ".pdf") -> Path:
    """`card` is a scenario key or CONTACT_CARD; `suffix` .pdf for print, .png for the preview."""
    return under(cards_dir(build, doc), f"{doc.slug}_{card}_{campus}{suffix}")


def bundle_path(build: Path, doc: Document, campus: str) -> Path:
    return under(cards_dir(build, doc), f"{doc.slug}_{campus}.pdf")


def checklist_path(build: Path, doc: Document, campus: str) -> Path:
    return under(cards_dir(build, doc), f"{doc.slug}_{campus}_postings.pdf")


# Intranet site pages, as paths relative to the site root (MkDocs directory URLs). A card's QR code
# is the configured site base URL followed by its scenario page.

def site_document_page(doc: Document) -> str:
    return f"{safe_name(doc.number)}/"


def site_scenario_page(doc: Document, scenario_key: str) -> str:
    return f"{safe_name(doc.number)}/{safe_name(scenario_key)}/"


def site_form_page(doc: Document, attachment_code: str) -> str:
    """The printable page of a form attachment: H-Z-ZD-102/H-Z-ZD-102-A.01/ (a scenario key is
    lower case: the two never clash)."""
    return f"{safe_name(doc.number)}/{safe_name(attachment_code)}/"


SITE_CONTACTS_PAGE = "contacts/"
SITE_HISTORY_PAGE = "history/"


def site_changes_page(doc: Document) -> str:
    """本版修订内容 of the version the site shows; under history/, where no scenario key can clash."""
    return f"{SITE_HISTORY_PAGE}{safe_name(doc.number)}/"


def site_url(base_url: str, page: str) -> str:
    """Absolute URL of a site page: http://intranet…/planpress/ + H-J-YA-028/fire/."""
    return base_url.rstrip("/") + "/" + page
