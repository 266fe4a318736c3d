# Taslim: `make run` and `make test` do all the set-up on a fresh Debian machine.
#
#   make run         set up, then open the app
#   make test        set up, then ruff, mypy, import contracts and the whole pytest suite (offscreen)
#   make lint        ruff, mypy and import contracts only
#   make catalogues  extract messages and merge them into the .po catalogues
#   make bundle      PyInstaller one-folder bundle from build.spec (into dist/taslim)
#   make bundle-check  make bundle, then the scripted flow through it (tools/bundle_flow.py)
#   make clean       remove build output and caches (keeps .venv); `make distclean` removes it too
#
# Set-up: system packages that Qt and the tests need (installed when missing, as root; otherwise
# the exact apt-get line is printed), a virtual environment in .venv, rebuilt when pyproject.toml
# is newer than the stamp or the venv was moved, and `pip install -e '.[dev]'`.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.taslim-installed
HERE := $(abspath .)
PYTEST_ARGS ?=
LANGUAGES := ar en
LOCALE := resources/locale
POT_DIR := build/i18n
BABEL_KEYWORDS := --no-default-keywords -k _ -k N_ -k ngettext:1,2 --add-comments=Translators:
BABEL_HEADER := --project=Taslim --copyright-holder="the Taslim authors"

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test lint catalogues bundle bundle-check clean distclean setup-run setup-test venv

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

# --- set-up ------------------------------------------------------------------------------------

setup-run:
	@PYTHON=$(PYTHON) bash tools/ensure-system-packages.sh run
	@$(MAKE) --no-print-directory venv

setup-test:
	@PYTHON=$(PYTHON) bash tools/ensure-system-packages.sh test
	@$(MAKE) --no-print-directory venv

# Up to date = the stamp is newer than pyproject.toml, names this folder (a copied or moved venv
# has scripts that point at the old place) and the venv's Python still starts.
venv:
	@if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ] \
	    && [ "$$(cat $(STAMP))" = "$(HERE)" ] && $(BIN)/python -c '' 2>/dev/null; then \
	  exit 0; \
	fi; \
	if ! $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "Taslim needs Python 3.11 or newer as '$(PYTHON)' (make PYTHON=/path/to/python3.11 ...)." >&2; \
	  exit 1; \
	fi; \
	if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c '' 2>/dev/null \
	    || { [ -f $(STAMP) ] && [ "$$(cat $(STAMP))" != "$(HERE)" ]; } \
	    || ! grep -qs "^#!$(HERE)/$(BIN)/python" $(BIN)/pip; then \
	  echo "Creating the virtual environment in $(VENV)"; \
	  rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV); \
	fi; \
	echo "Installing Taslim and its development tools into $(VENV)"; \
	$(BIN)/python -m pip install --progress-bar off -q -e '.[dev]'; \
	echo "$(HERE)" > $(STAMP)

# --- the two commands --------------------------------------------------------------------------

run: setup-run
	$(BIN)/taslim

# Every check runs even when an earlier one fails, so one CI log shows all problems; the exit
# status is non-zero if any failed.
test: setup-test
	@failed=""; \
	echo "== ruff"; $(BIN)/ruff check desktop tests bench || failed="$$failed ruff"; \
	echo "== mypy"; $(BIN)/mypy desktop || failed="$$failed mypy"; \
	echo "== import contracts"; $(BIN)/lint-imports || failed="$$failed lint-imports"; \
	echo "== pytest"; QT_QPA_PLATFORM=offscreen $(BIN)/pytest $(PYTEST_ARGS) || failed="$$failed pytest"; \
	if [ -n "$$failed" ]; then echo "make test failed:$$failed" >&2; exit 1; fi

lint: setup-test
	@failed=""; \
	$(BIN)/ruff check desktop tests bench || failed="$$failed ruff"; \
	$(BIN)/mypy desktop || failed="$$failed mypy"; \
	$(BIN)/lint-imports || failed="$$failed lint-imports"; \
	if [ -n "$$failed" ]; then echo "make lint failed:$$failed" >&2; exit 1; fi

# --- translations ------------------------------------------------------------------------------

# core.pot: every message under desktop/ except desktop/ui; ui.pot: desktop/ui only. Existing .po
# files are updated (translations kept; changed messages marked fuzzy for review), missing ones
# created. There is no compile step: desktop.i18n compiles the .po files in memory at start-up.
catalogues: venv
	@mkdir -p $(POT_DIR)
	$(BIN)/pybabel -q extract -F tools/babel-core.cfg $(BABEL_KEYWORDS) \
	  $(BABEL_HEADER) --version="$$($(BIN)/python -c 'import desktop; print(desktop.__version__)')" \
	  -o $(POT_DIR)/core.pot desktop
	$(BIN)/pybabel -q extract -F tools/babel-ui.cfg $(BABEL_KEYWORDS) \
	  $(BABEL_HEADER) --version="$$($(BIN)/python -c 'import desktop; print(desktop.__version__)')" \
	  -o $(POT_DIR)/ui.pot desktop/ui
	@for domain in core ui; do \
	  for lang in $(LANGUAGES); do \
	    $(BIN)/pybabel -q update -D $$domain -l $$lang -d $(LOCALE) -i $(POT_DIR)/$$domain.pot \
	      --previous --init-missing; \
	  done; \
	done
	@$(BIN)/python tools/catalogue_status.py

# --- packaging ---------------------------------------------------------------------------------

# PyInstaller comes with the development tools (pyproject.toml). The build needs binutils
# (strip, objcopy, ld), as PyInstaller does on Linux: the test set-up installs them. It prints
# what it dropped and why.
bundle: setup-test
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --clean build.spec; \
	echo "Bundle: dist/taslim/taslim, $$(du -sb dist/taslim | cut -f1) bytes, built in $$(( $$(date +%s) - start )) s"

# The scripted flow through the bundle's executable only, in a fresh temporary folder.
bundle-check: bundle
	@work=$$(mktemp -d); \
	$(BIN)/python tools/bundle_flow.py dist/taslim/taslim "$$work/flow" && rm -rf "$$work"

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis .import_linter_cache \
	  *.egg-info
	find desktop tests bench tools -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
