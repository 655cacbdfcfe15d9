"""Start Django for a command (`planpress serve`, `planpress admin`, `planpress audit`) on a project."""

from __future__ import annotations

import os
from pathlib import Path


def setup(root: Path | str | None = None) -> None:
    if root is not None:
        os.environ["PLANPRESS_ROOT"] = str(Path(root).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planpress.web.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
