# Two commands on a fresh machine:
#   make run   — set up, build the index and the sample audit on first start, show the audit, serve the API
#   make test  — set up, run every test (unit and integration, real model included)
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

GARAK_VENV := evals/.garak-venv

.PHONY: setup system-deps run test eval bench garak clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# llama-cpp-python compiles from source (~4-8 min the first time; pip's wheel cache makes it seconds after).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	CMAKE_ARGS="-DLLAVA_BUILD=OFF" $(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# LibreOffice, poppler, Chromium and PostgreSQL from Debian's packages, only those missing (~1-2 min once).
system-deps:
	bash scripts/install_system_deps.sh

setup: system-deps $(STAMP)

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
	$(PY) evals/briefing_eval.py
	$(PY) evals/security_eval.py
	$(MAKE) garak

bench: setup
	$(PY) evals/benchmark.py

# garak in its own virtualenv (it brings torch and its own openai<3): torch 2.13.0 first, so pip
# takes the CPU build on this disk instead of a multi-GB CUDA download.
$(GARAK_VENV)/.installed:
	$(PYTHON) -m venv $(GARAK_VENV)
	$(GARAK_VENV)/bin/pip install --quiet torch==2.13.0
	$(GARAK_VENV)/bin/pip install --quiet garak==0.17.1
	touch $@

garak: setup $(GARAK_VENV)/.installed
	$(PY) evals/garak_scan.py --garak $(GARAK_VENV)/bin/python

clean:
	rm -rf data build *.egg-info
