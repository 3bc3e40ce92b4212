# One command each for the things a developer does. `make test` is what CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BUNDLE := dist/nudge/nudge
BUNDLE_SOURCES := $(shell find nudge assets packaging -type f -not -path '*/__pycache__/*')

.PHONY: run test test-fast lint bench bundle clean pot po mo

$(BIN)/nudge: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/nudge
	$(BIN)/nudge

lint: $(BIN)/nudge
	$(BIN)/ruff check nudge tests bench packaging
	$(BIN)/mypy
	$(BIN)/python packaging/translations.py check

# Translations (CONTRIBUTING.md): extract the marked text into nudge/data/locale/nudge.pot, bring
# every language's .po up to it, compile the .mo files nudge reads (committed, like the .po).
pot: $(BIN)/nudge
	$(BIN)/python packaging/translations.py pot

po: $(BIN)/nudge
	$(BIN)/python packaging/translations.py po

mo: $(BIN)/nudge
	$(BIN)/python packaging/translations.py mo

# The bundle is built first so tests/test_packaging_bundle.py always runs here (and in CI).
test: lint $(BUNDLE)
	NUDGE_TEST_BUNDLE=1 $(BIN)/python -m pytest -q

# The fast unit tests only, in well under a minute: no private desktop (`desktop`), no torture
# or packaging tests (`slow`); tests/conftest.py sets both markers. `make test` runs them all.
test-fast: $(BIN)/nudge
	$(BIN)/python -m pytest -q -m "not desktop and not slow"

# The one-folder app (dist/nudge/; dist/nudge.app on macOS), rebuilt when a source file changes.
bundle: $(BUNDLE)

$(BUNDLE): $(BIN)/nudge pyproject.toml $(BUNDLE_SOURCES)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/pyinstaller/nudge.spec
	touch $@

bench: $(BIN)/nudge
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
