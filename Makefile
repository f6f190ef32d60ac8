# Every target sets up what it needs: a virtual environment in .venv, the Python
# packages from pyproject.toml, and (for the browser tests) Debian's chromium.
#
# The targets work on the handbook in the current folder, so CI and the tests can run
# them on any handbook: make -f path/to/Makefile -C some/handbook validate
SHELL := /bin/bash
HERE := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
PYTHON ?= python3
VENV ?= $(HERE).venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
CHROMIUM ?= /usr/bin/chromium

## Variables: FORMAT (text, json or github), BASE (the git revision to review against),
## SITE_DIR (where the site is built and link-checked)
FORMAT ?= text
BASE ?= origin/main
SITE_DIR ?= site
## BENCH_ARGS (options for make bench, e.g. --sizes 100,1000 --repeat 1; see benchmarks/run.py --help)
BENCH_ARGS ?= --sizes 100,1000,10000
REVIEW_FORMAT = $(if $(filter text,$(FORMAT)),markdown,$(FORMAT))
export NO_MKDOCS_2_WARNING := 1

.PHONY: help site serve validate review linkcheck bench test chromium clean

help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## //'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): $(HERE)pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '$(HERE).[site]'
	touch $@

$(TEST_STAMP): $(HERE)pyproject.toml $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet -e '$(HERE).[test]'
	touch $@

## site: check the policies and build the handbook into SITE_DIR (fails on any error or warning)
site: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

## serve: preview the handbook at http://127.0.0.1:8000; a saved policy rebuilds only the pages it changes
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dirty

## validate: check every policy and list the problems (FORMAT=github for pull requests)
validate: $(SITE_STAMP)
	$(BIN)/policybook validate --format $(FORMAT)

## review: explain the policy changes since BASE and check their version numbers
review: $(SITE_STAMP)
	$(BIN)/policybook diff --format $(REVIEW_FORMAT) $(BASE)

## linkcheck: check every link in the site built in SITE_DIR
# Served over HTTP on localhost: directory URLs need a server, and linkchecker run as
# root drops to an unprivileged user that may not read the build folder.
linkcheck: $(TEST_STAMP)
	@test -f $(SITE_DIR)/index.html || { echo "error: no site in $(SITE_DIR); run make site first" >&2; exit 2; }
	@port=$$($(BIN)/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory '$(SITE_DIR)' $$port >/dev/null 2>&1 & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT; \
	for attempt in $$(seq 50); do \
	  $(BIN)/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$$port/')" 2>/dev/null && break; sleep 0.1; \
	done; \
	$(BIN)/linkchecker --no-status --no-warnings http://127.0.0.1:$$port/

## bench: generate handbooks of several sizes, time validate and the site build, write benchmarks/RESULTS.md
bench: $(SITE_STAMP)
	$(BIN)/python $(HERE)benchmarks/run.py $(BENCH_ARGS)

## test: run every test, browser tests included
test: $(TEST_STAMP) chromium
	cd $(HERE) && $(BIN)/python -m pytest

chromium:
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

clean:
	rm -rf site .pytest_cache test-output
