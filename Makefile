# Two commands on a fresh machine:
#   make run   — set up, build the index and the sample audit on first start, show the audit, serve the API
#   make test  — set up, run every test (unit and integration, real model included)
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test eval bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# llama-cpp-python compiles from source (~4-8 min the first time; pip's wheel cache makes it seconds after).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	CMAKE_ARGS="-DLLAVA_BUILD=OFF" $(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/upward report
	$(VENV)/bin/upward serve

test: setup
	$(PY) -m pytest -q

eval: setup
	$(PY) evals/retrieval_eval.py
	$(PY) evals/audit_eval.py
	$(PY) evals/objection_eval.py
	$(PY) evals/case_eval.py
	$(PY) evals/verifier_eval.py
	$(PY) evals/redaction_eval.py

bench: setup
	$(PY) evals/benchmark.py

clean:
	rm -rf data build *.egg-info
