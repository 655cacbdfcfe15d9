"""Words the source format reserves, shared by the stages that read and render it."""

# The contact card: a posting's `cards` lists it beside scenario keys, so no scenario may use the name.
CONTACT_CARD = "contacts"

# Sections of the frame whose content is made from data (attachments, the revision record, the
# signatories and approvals), never written under `sections`.
GENERATED_BODIES = ("attachments", "revisions", "approvals")


def meaning_of(role: str) -> str | None:
    """The meaning a role's signature has when the signatory does not say: 主办 for 主办, 审核 for
    a role with 审核 in it, 批准 for one with 批准 (None when it is not clear: it must be written)."""
    if role == "主办":
        return "主办"
    found = [word for word in ("审核", "批准") if word in role]
    return found[0] if len(found) == 1 else None

# Where the sources are: source/ of the project, its two shared files, the archive of released versions.
SOURCE_DIR = "source"
CONFIG_FILE = "planpress.yaml"
CONTACTS_FILE = "contacts.yaml"
SYNONYMS_FILE = "synonyms.yaml"  # the site search's synonyms and ignored words; optional (default_synonyms.yaml)
ARCHIVE_DIR = "archive"  # source/archive/<number>/<version>.yaml, written by `planpress release`
