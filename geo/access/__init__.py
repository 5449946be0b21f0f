"""Who may do what: accounts' roles and scopes, passwords, and the one access policy.

The room sits below ``store`` (which keeps the accounts) and imports only the foundation.
Issue 12 is being built in steps: this room holds the model (:mod:`geo.access.model`), the
policy (:mod:`geo.access.policy`) and password hashing (:mod:`geo.access.passwords`); the
sign-in gate of the app comes next.
"""

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
    "decide",
    "hash_password",
    "needs_rehash",
    "password_problem",
    "scope_filter",
    "verify_password",
]
