"""Argon2id with the parameters OWASP recommends for password storage (m = 19 MiB, t = 2, p = 1).

Django's own defaults (100 MiB, 8 lanes) take about 0.4 s of a core per sign-in on the 2-core
servers this runs on; twenty people signing in at 8 a.m. would queue for seconds. The parameters
are stored in each hash, so hashes made with other parameters still verify (and are upgraded).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2id(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
