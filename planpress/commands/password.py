"""The password of a person's .p12: asked on the terminal, never an option on the command line.

A password on the command line ends up in the shell history and in the process list, where
others can read it. PLANPRESS_P12_PASSWORD, read only when it is set, is for scripted tests.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable

PASSWORD_VARIABLE = "PLANPRESS_P12_PASSWORD"


def asker() -> Callable[[str], str]:
    """What `trust.p12.read_password` calls to get the password."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return lambda prompt: given
    return lambda prompt: getpass.getpass(prompt)
