"""A corpus of malformed and hostile upload files, built reproducibly by `corpus.build(folder)`
(nothing large is committed). Used by tests/unit/test_hostile_files.py and evals/security_eval.py."""
