"""Optional sign-in with the hospital's LDAP / Active Directory (django-auth-ldap), off by default.

Installed with `pip install -e '.[ldap]'` (python-ldap needs Debian's libldap2-dev and libsasl2-dev
to build). Turned on by PLANPRESS_LDAP_URI; the rest from the environment:

PLANPRESS_LDAP_URI           ldaps://dc1.hospital.local
PLANPRESS_LDAP_BIND_DN       the service account that looks people up (empty: anonymous)
PLANPRESS_LDAP_BIND_PASSWORD its password
PLANPRESS_LDAP_USER_SEARCH   where people are: OU=员工,DC=hospital,DC=local
PLANPRESS_LDAP_USER_FILTER   default (sAMAccountName=%(user)s) (Active Directory); (uid=%(user)s) for OpenLDAP
PLANPRESS_LDAP_START_TLS=1   StartTLS on an ldap:// URI

A directory sign-in creates the account on first use (name, e-mail from the directory) with no role
but 员工; roles are still granted here (`planpress admin set-role`), and local accounts keep working.
The password is checked by the directory, so the first-sign-in password change does not apply.
"""

from __future__ import annotations

from collections.abc import Mapping


def configure(environ: Mapping[str, str]) -> dict:
    try:
        import ldap
        from django_auth_ldap.config import LDAPSearch
    except ImportError:
        raise SystemExit("planpress：设置了 PLANPRESS_LDAP_URI，但没有安装 LDAP 支持。"
                         "请运行 apt-get install libldap2-dev libsasl2-dev 后 .venv/bin/pip install -e '.[ldap]'。") from None
    search = environ.get("PLANPRESS_LDAP_USER_SEARCH", "")
    if not search:
        raise SystemExit("planpress：使用 LDAP 登录时须设置 PLANPRESS_LDAP_USER_SEARCH（员工所在的目录，例如 OU=员工,DC=hospital,DC=local）。")
    return {
        "AUTH_LDAP_SERVER_URI": environ["PLANPRESS_LDAP_URI"],
        "AUTH_LDAP_BIND_DN": environ.get("PLANPRESS_LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": environ.get("PLANPRESS_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(search, ldap.SCOPE_SUBTREE,
                                            environ.get("PLANPRESS_LDAP_USER_FILTER", "(sAMAccountName=%(user)s)")),
        "AUTH_LDAP_START_TLS": environ.get("PLANPRESS_LDAP_START_TLS") == "1",
        "AUTH_LDAP_USER_ATTR_MAP": {"display_name": "displayName", "email": "mail", "department": "department"},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
    }
