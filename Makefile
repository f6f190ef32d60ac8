# Every target sets up what it needs: a virtual environment in .venv, the Python
# packages from pyproject.toml, and (for the browser tests) Debian's chromium.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve validate test bench chromium clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[site]'
	touch $@

$(TEST_STAMP): pyproject.toml $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## site: check the policies and build the handbook into site/ (fails on any error or warning)
site: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

## serve: preview the handbook at http://127.0.0.1:8000, rebuilding when a policy is saved
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve

## validate: check every policy and list the problems
validate: $(SITE_STAMP)
	$(BIN)/policybook validate

## test: run every test, browser tests included
test: $(TEST_STAMP) chromium
	$(BIN)/python -m pytest

chromium:
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

clean:
	rm -rf site .pytest_cache
