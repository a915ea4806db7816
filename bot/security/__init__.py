"""Access control: API keys and roles, the activity log, request limits, and origin checks."""
