"""Channels that put Upward where people work: the web widget (and, later, others)."""
