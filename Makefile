# Two entry points for a fresh clone (see README):
#   make demo   set up, load the documents into ./minutebook.db, search, and serve the site
#   make demo-sample   the same with the generated sample council, in ./sample.db
#   make test   set up (PostgreSQL and Chromium from Debian too) and run the linters and every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo demo-sample test setup system-packages lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,semantic]'

demo: $(BIN)/python
	$(BIN)/pip install --quiet .
	$(BIN)/minutebook demo --shared $(SHARED)

demo-sample: $(BIN)/python
	$(BIN)/pip install --quiet .
	$(BIN)/minutebook demo --sample --database sqlite:///sample.db

# The test suite starts a real PostgreSQL server and drives a real Chromium, scanned PDFs are read
# with tesseract's OCR, .doc files with antiword, and the Word tests print a .docx to PDF with
# LibreOffice: all come from Debian.
system-packages:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata >/dev/null 2>&1 || missing="$$missing tesseract-ocr-eng"; \
	command -v antiword >/dev/null 2>&1 || missing="$$missing antiword"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

lint: setup
	$(BIN)/ruff check src tests benchmarks docs
	$(BIN)/ruff format --check src tests benchmarks docs
	$(BIN)/mypy

test: system-packages lint
	$(BIN)/pytest -q
