# Every target sets up what it needs: a virtual environment in .venv, the Python packages
# pinned with their hashes in uv.lock, and (for the browser tests) Debian's chromium.
#
# The targets work on the handbook in the current folder, so CI and the tests can run
# them on any handbook: make -f path/to/Makefile -C some/handbook validate
SHELL := /bin/bash
HERE := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
PYTHON ?= python3
VENV ?= $(HERE).venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
# uv installs into this venv with this venv's Python, never one it downloads; `--locked`
# stops with an error when uv.lock no longer matches pyproject.toml.
UV_SYNC := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON=$(BIN)/python UV_PYTHON_DOWNLOADS=never \
	$(UV) sync --quiet --project $(HERE) --locked --inexact --no-default-groups --extra site
CHROMIUM ?= /usr/bin/chromium
AXE := $(HERE)node_modules/axe-core/axe.min.js
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

## Variables: FORMAT (text, json or github), BASE (the git revision to review against),
## SITE_DIR (where the site is built and link-checked)
FORMAT ?= text
BASE ?= origin/main
SITE_DIR ?= site
## PR (the pull request's number) and COMMENT_DIR (where review-comment writes the comment and
## post-review-comment reads it); HEAD_SHA (post only if the pull request is still at this commit)
PR ?=
COMMENT_DIR ?= review-comment
HEAD_SHA ?=
## BENCH_ARGS (options for make bench, e.g. --sizes 100,1000 --repeat 1; see benchmarks/run.py --help)
BENCH_ARGS ?= --sizes 100,1000,10000
REVIEW_FORMAT = $(if $(filter text,$(FORMAT)),markdown,$(FORMAT))
# The first line of the review comment (as policybook.review_report writes it), by which the
# comment is found again; the quiet one when there is nothing to review.
COMMENT_MARKER := <!-- policybook-review -->
QUIET_MARKER := <!-- policybook-review: nothing to review -->
COMMENT_AUTHOR ?= github-actions[bot]
# Code hosts refuse longer comments.
COMMENT_MAX_BYTES := 65536
REVIEWS_TITLE := Policy reviews due
REVIEWS_LABEL := policy-review
# Files whose change means the code must be tested again (make test), not only the handbook built.
CODE_PATHS := ^(src|tests|hooks|benchmarks|requirements|\.ci|\.github)/|^(pyproject\.toml|uv\.lock|Makefile|mkdocs\.yml)$$
# What `policybook init --example` copies from this handbook (make example).
EXAMPLE_FILES := policybook.yml policies records handbook
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup site serve validate review review-comment post-review-comment reviews-due reviews-issue ci-scope linkcheck bench bench-setup bench-phrases bench-scorecard lint lock upgrade example test chromium test-tools clean

help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## //'

# Without pip: making a venv's own copy of pip takes longer than everything else in a warm
# set-up. uv is put in by the pip that comes with PYTHON (or, when it has none new enough
# to install into another environment, by the venv's own, made only then).
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

# uv itself, pinned by its hashes; it installs everything else from uv.lock.
$(UV): $(HERE)requirements/uv.txt | $(BIN)/python
	if $(PYTHON) -c 'import sys, pip; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (22, 3))' 2>/dev/null; \
	then pip="$(PYTHON) -m pip --python $(BIN)/python"; \
	else $(BIN)/python -m ensurepip --default-pip >/dev/null && pip="$(BIN)/python -m pip"; fi; \
	$$pip install --quiet --disable-pip-version-check --require-hashes --no-deps --only-binary=:all: -r $<
	touch $@

$(SITE_STAMP): $(HERE)pyproject.toml $(HERE)uv.lock | $(UV)
	$(UV_SYNC)
	touch $@

$(TEST_STAMP): $(HERE)pyproject.toml $(HERE)uv.lock $(SITE_STAMP)
	$(UV_SYNC) --group test --group lint
	touch $@

## setup: make the virtual environment with everything the tests need (every target does this itself)
setup: $(TEST_STAMP)

## lock: refresh uv.lock after editing pyproject.toml (keeps every other pin as it is)
lock: | $(UV)
	cd $(HERE) && UV_PYTHON_DOWNLOADS=never $(UV) lock

## upgrade: move every pin in uv.lock to the newest release pyproject.toml allows
upgrade: | $(UV)
	cd $(HERE) && UV_PYTHON_DOWNLOADS=never $(UV) lock --upgrade

## example: copy this handbook's policies, records, pages and policybook.yml into the package, for policybook init --example (a test fails when they differ)
example:
	cd $(HERE) && rm -rf src/policybook/data/example && mkdir src/policybook/data/example && cp -R $(EXAMPLE_FILES) src/policybook/data/example/

## lint: ruff (rules in pyproject.toml) on all the code, mypy --strict on the engine, and the lock against pyproject.toml
lint: $(TEST_STAMP)
	cd $(HERE) && UV_PYTHON_DOWNLOADS=never $(UV) lock --check --quiet
	cd $(HERE) && $(BIN)/ruff check --quiet .
	cd $(HERE) && $(BIN)/mypy

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

## review-comment: write the review since BASE as the body of the comment for pull request PR, into COMMENT_DIR
review-comment: $(SITE_STAMP)
	@[[ '$(PR)' =~ ^[0-9]{1,10}$$ ]] || { echo "error: set PR to the pull request's number, like PR=42" >&2; exit 2; }
	@mkdir -p '$(COMMENT_DIR)'
	@$(BIN)/policybook diff --format comment $(BASE) > '$(COMMENT_DIR)/body.md'; status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	echo '$(PR)' > '$(COMMENT_DIR)/pr-number'; \
	echo "the review comment for pull request #$(PR) is in $(COMMENT_DIR)/body.md"

## post-review-comment: post the comment in COMMENT_DIR on its pull request, or update the one posted before (needs gh and GH_TOKEN)
# The files come from the pull request's own check, so they are checked before use: a number,
# a regular file that starts with the marker and fits in a comment; and the pull request must
# still be at HEAD_SHA, so an older run never overwrites a newer review.
post-review-comment:
	@dir='$(COMMENT_DIR)'; body="$$dir/body.md"; \
	for file in "$$dir/pr-number" "$$body"; do \
	  if [ ! -f "$$file" ] || [ -L "$$file" ]; then echo "error: $$file is missing or not a regular file; run make review-comment first" >&2; exit 2; fi; \
	done; \
	number=$$(head -c 12 "$$dir/pr-number" | tr -d '\n'); \
	[[ "$$number" =~ ^[0-9]{1,10}$$ ]] || { echo "error: $$dir/pr-number does not hold a pull request number" >&2; exit 2; }; \
	first=$$(head -n 1 "$$body"); \
	if [ "$$first" != '$(COMMENT_MARKER)' ] && [ "$$first" != '$(QUIET_MARKER)' ]; then echo "error: $$body is not a review comment written by make review-comment" >&2; exit 2; fi; \
	if [ "$$(wc -c < "$$body")" -gt $(COMMENT_MAX_BYTES) ]; then echo "error: $$body is too long for a comment" >&2; exit 2; fi; \
	if [ -n '$(HEAD_SHA)' ]; then \
	  head=$$(gh api "repos/{owner}/{repo}/pulls/$$number" --jq .head.sha) || exit 1; \
	  if [ "$$head" != '$(HEAD_SHA)' ]; then echo "pull request #$$number has moved on to $$head; the check of that commit posts its own review"; exit 0; fi; \
	fi; \
	ids=$$(gh api --paginate "repos/{owner}/{repo}/issues/$$number/comments" \
	  --jq '.[] | select(.user.login == "$(COMMENT_AUTHOR)" and (.body | startswith("<!-- policybook-review"))) | .id') || exit 1; \
	id=$${ids%%$$'\n'*}; \
	if [ -n "$$id" ]; then \
	  gh api --method PATCH "repos/{owner}/{repo}/issues/comments/$$id" -F "body=@$$body" --silent || exit 1; \
	  echo "updated the review comment on pull request #$$number"; \
	elif [ "$$first" = '$(COMMENT_MARKER)' ]; then \
	  gh pr comment "$$number" --body-file "$$body" || exit 1; \
	  echo "posted the review on pull request #$$number"; \
	else \
	  echo "no policy changed in pull request #$$number; no comment posted"; \
	fi

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

## reviews-due: list the policy reviews that are overdue or due within 30 days, with their owners
reviews-due: $(SITE_STAMP)
	$(BIN)/policybook due --format $(FORMAT)

## reviews-issue: open, update or close the one issue that lists the reviews due (needs the gh command and GH_TOKEN)
reviews-issue: $(SITE_STAMP)
	@body=$$(mktemp); trap 'rm -f "$$body"' EXIT; \
	$(BIN)/policybook due --format markdown --exit-code > "$$body"; status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	number=$$(gh issue list --state open --label "$(REVIEWS_LABEL)" --json number --jq '.[0].number // ""') || exit 1; \
	if [ -n "$$number" ]; then \
	  gh issue edit "$$number" --body-file "$$body" || exit 1; \
	  if [ $$status -eq 0 ]; then gh issue close "$$number" --comment "No policy review is due any more." || exit 1; fi; \
	elif [ $$status -eq 1 ]; then \
	  gh label create "$(REVIEWS_LABEL)" --force --description "Policies whose review is overdue or due soon" || exit 1; \
	  gh issue create --title "$(REVIEWS_TITLE)" --label "$(REVIEWS_LABEL)" --body-file "$$body" || exit 1; \
	fi

## ci-scope: whether a pull request changes the code, its tests or its dependencies since BASE (for CI: appended to GITHUB_OUTPUT)
ci-scope:
	@changed=$$(git diff --name-only $(BASE) HEAD --) || exit 2; \
	code=false; if grep -qE '$(CODE_PATHS)' <<< "$$changed"; then code=true; fi; \
	echo "code=$$code"; if [ -n "$$GITHUB_OUTPUT" ]; then echo "code=$$code" >> "$$GITHUB_OUTPUT"; fi

## bench: generate handbooks of several sizes, time validate and the site build, write benchmarks/RESULTS.md
bench: $(SITE_STAMP)
	$(BIN)/python $(HERE)benchmarks/run.py $(BENCH_ARGS)

## bench-setup: time make site on a fresh clone, with empty and with warm package caches; write benchmarks/SETUP.md
bench-setup: $(SITE_STAMP)
	cd $(HERE) && $(BIN)/python benchmarks/setup.py

## bench-phrases: time policybook phrases check on 10,000 templates against reading them; write benchmarks/PHRASES.md
bench-phrases: $(SITE_STAMP)
	cd $(HERE) && $(BIN)/python benchmarks/phrases.py

## bench-scorecard: time the scorecard roll-up of 100,000 records for 1,000 commitments against parsing them; write benchmarks/SCORECARD.md
bench-scorecard: $(SITE_STAMP)
	cd $(HERE) && $(BIN)/python benchmarks/scorecard.py

## test: the lint checks, then every test, browser tests included
test: lint chromium $(AXE)
	cd $(HERE) && CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -n auto

chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# What else the browser tests use, from Debian when missing: pdftotext (poppler-utils) reads
# back the printed PDFs, and npm installs axe-core.
test-tools:
	@missing=""; command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; fi

# axe-core, the accessibility checker the browser tests inject into each page: exactly the
# version and hash in package-lock.json (npm ci), into node_modules/.
$(AXE): $(HERE)package.json $(HERE)package-lock.json | test-tools
	cd $(HERE) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .pytest_cache test-output review-comment
