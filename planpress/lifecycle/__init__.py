"""The life of a controlled document: 草稿 → 已批准 → 已生效 → 已作废.

Where it lives in source/:
  source/<number>.yaml                       the working copy: the version being edited or in force,
                                             its revision record and the approvals of this version,
                                             each bound to the fingerprint of the content it approved
  source/archive/<number>/<version>.yaml     one frozen snapshot per released version, written once by
                                             `planpress release`: its release record, the document as
                                             released, the contact entries and campuses it showed, and
                                             the settings, so that it can be rebuilt at any later time

Nothing else records a state: `Document.state` is derived from these files and the date.

Modules: archive (snapshot files), history (states of the released versions), yamledit (comment-
preserving edits of the working copy), revise / approve / release (the commands' logic), diff
(clause-level comparison), status, and signing (sign, verify, stampfont: the stamp's font).
"""
