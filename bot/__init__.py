"""Upward: evidence-first answers that help public-sector communicators influence up."""

__version__ = "0.1.0"
