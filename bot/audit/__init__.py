"""The audit: channel exports → canonical table → KPIs → benchmarks and goals → citable facts.

One declarative spec per export format lives in `formats/`; everything after import works on the
canonical table, so a new export is one new file there.
"""
