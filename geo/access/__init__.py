"""Who may do what: accounts' roles and scopes, passwords, and the one access policy.

The room sits below ``store`` (which keeps the accounts and sessions) and imports only the
foundation: the model (:mod:`geo.access.model`), the one policy (:mod:`geo.access.policy`),
where an object lies for it and personal data (:mod:`geo.access.areas`), and password hashing
(:mod:`geo.access.passwords`). The app asks the policy through ``ui.auth``.
"""

from geo.access.areas import PERSONAL_COLUMNS, area_target, outside_scope, redact, scope_codes
from geo.access.model import ROLE_LABELS, ROLES, SCOPE_LEVELS, Role, Scope, User
from geo.access.passwords import hash_password, needs_rehash, password_problem, verify_password
from geo.access.policy import (
    ACTIONS,
    PAGES,
    PERMISSIONS,
    Action,
    Decision,
    Target,
    allowed_actions,
    decide,
    scope_filter,
)

__all__ = [
    "ACTIONS",
    "PAGES",
    "PERMISSIONS",
    "PERSONAL_COLUMNS",
    "ROLES",
    "ROLE_LABELS",
    "SCOPE_LEVELS",
    "Action",
    "Decision",
    "Role",
    "Scope",
    "Target",
    "User",
    "allowed_actions",
    "area_target",
    "decide",
    "hash_password",
    "needs_rehash",
    "outside_scope",
    "password_problem",
    "redact",
    "scope_codes",
    "scope_filter",
    "verify_password",
]
