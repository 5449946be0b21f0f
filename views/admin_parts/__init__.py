"""Parts of the administrators' pages: the accounts and the audit log."""
