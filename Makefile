# The two commands in the README are the contract: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
# `make run PORT=8080`: where the web server listens; links in texts follow unless
# PUBLIC_BASE_URL is set.
PORT ?= 5000
export PORT

.PHONY: run test install assets translations compile-translations lint typecheck db clean

# The web server and the SMS worker together, as the Procfile lists them.
run: install assets compile-translations db
	$(BIN)/flask demo-if-empty
	PUBLIC_BASE_URL="$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/honcho start --port $(PORT)

test: $(VENV)/.test-installed assets compile-translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Third-party browser code comes from the npm registry (pinned in package-lock.json) and is
# served from our own origin. The copies are not committed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js

db: install
	mkdir -p instance
	$(BIN)/flask db upgrade

# Extract the source strings, merge them into every catalog, and compile. Messages are sorted
# by msgid, so that moving code between files leaves the catalogs as they are.
translations: install
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -o translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i translations/messages.pot -d translations
	$(BIN)/flask translations-plurals
	$(MAKE) compile-translations

compile-translations: install
	$(BIN)/pybabel compile --statistics -d translations 2>&1 | grep -v "^$$" || true

clean:
	rm -rf $(VENV) node_modules static/vendor instance .pytest_cache .mypy_cache .ruff_cache
