"""Use cases: one unit of work each, permission check first, a result and what changed."""
