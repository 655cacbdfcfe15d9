"""Every output of source/ and examples/ is byte for byte what tests/golden/outputs.sha256 records.

Refactorings (block types in one place, stages that only look down) must not change one byte of a
PDF, a card or a site page. An intended change regenerates the file (see tests/golden_outputs.py)
and names the outputs it changes in its commit.
"""

from __future__ import annotations

import golden_outputs


def test_outputs_are_byte_identical_to_the_recorded_ones(tmp_path):
    built = golden_outputs.checksums(golden_outputs.build_copy(golden_outputs.REPO, tmp_path))
    recorded = golden_outputs.parse(golden_outputs.GOLDEN.read_text("utf-8"))
    missing = sorted(set(recorded) - set(built))
    extra = sorted(set(built) - set(recorded))
    changed = sorted(path for path in set(recorded) & set(built) if recorded[path] != built[path])
    assert (missing, extra, changed) == ([], [], []), (
        f"outputs differ from tests/golden/outputs.sha256: missing {missing}, new {extra}, changed {changed}")
