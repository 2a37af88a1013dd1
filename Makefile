# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The sentence-embedding model for themes (jam.embedding_model.default_model_dir()).
MODEL := $(VENV)/share/jam/models/all-MiniLM-L6-v2/model.safetensors
# The reference graphql-transport-ws client (graphql-ws under Node) for the live-update tests.
REFERENCE_CLIENT := tests/reference_client
REFERENCE_CLIENT_STAMP := $(REFERENCE_CLIENT)/node_modules/.installed
# GraphiQL's scripts and styles, served by jam itself so GET /graphql works offline.
GRAPHIQL := frontend/graphiql
GRAPHIQL_STAMP := $(GRAPHIQL)/node_modules/.installed
# The web UI (frontend/): installed from its lock, built into frontend/dist (served at /) again
# only when a source, the SDL or an operation changed.
UI := frontend
UI_STAMP := $(UI)/node_modules/.installed
UI_BUILD := $(UI)/dist/index.html
UI_SOURCES := $(shell find $(UI)/src -type f -not -path '$(UI)/src/gql/*' -not -path '$(UI)/src/locales/*/*.ts' 2>/dev/null) \
	$(wildcard $(UI)/*.ts $(UI)/index.html graphql/schema.graphql graphql/operations/*.graphql)
# What the browser tests drive: Debian's Chromium, and fonts so pages render the same everywhere.
CHROMIUM := /usr/bin/chromium
BROWSER_PACKAGES := chromium fonts-noto-core fonts-liberation

.PHONY: demo test ui ui-check browser bench bench-ui bench-abuse bench-themes bench-connectors bench-live bench-similar bench-moderation install model reference-client clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Fetched once (about 90 MB), after the package; rebuilt only when missing (`make clean` removes
# it with the venv). Themes work with words alone, so a failed fetch only warns.
$(MODEL): | $(STAMP)
	$(BIN)/jam model fetch || echo "warning: could not fetch the embedding model; themes use \
	words alone until \`$(BIN)/jam model fetch\` succeeds (make retries it next time)" >&2

# Installed from the committed lock; again whenever the lock changes. Without npm the
# reference-client tests skip (they need node), so a missing npm only warns.
$(REFERENCE_CLIENT_STAMP): $(REFERENCE_CLIENT)/package-lock.json $(REFERENCE_CLIENT)/package.json
	@command -v npm >/dev/null || { echo "warning: npm not found: the reference-client tests \
	(tests/api/test_api_reference_client.py) need Node and npm" >&2; exit 0; }; \
	npm ci --prefix $(REFERENCE_CLIENT) --no-audit --no-fund && touch $@

reference-client: $(REFERENCE_CLIENT_STAMP)

# From the committed lock; without npm, GraphiQL's page cannot load its assets (the API works).
$(GRAPHIQL_STAMP): $(GRAPHIQL)/package-lock.json $(GRAPHIQL)/package.json
	@command -v npm >/dev/null || { echo "warning: npm not found: GraphiQL at /graphql needs \
	its assets (npm ci --prefix $(GRAPHIQL))" >&2; exit 0; }; \
	npm ci --prefix $(GRAPHIQL) --no-audit --no-fund --ignore-scripts && touch $@

$(UI_STAMP): $(UI)/package-lock.json $(UI)/package.json
	@command -v npm >/dev/null || { echo "error: the web UI needs Node.js 20+ and npm" >&2; exit 1; }
	npm ci --prefix $(UI) --no-audit --no-fund && touch $@

$(UI_BUILD): $(UI_STAMP) $(UI_SOURCES)
	npm run --prefix $(UI) build

## Build the web UI into frontend/dist (jam serve serves it at /).
ui: $(UI_BUILD)

## The web UI's own checks: lint, unit tests, every message translated (extract, then compile
## --strict fails on a missing Spanish or French string). The type check runs in the build.
ui-check: $(UI_BUILD)
	npm run --prefix $(UI) lint
	npm run --prefix $(UI) test
	npm run --prefix $(UI) messages:check

# Installed when missing (as root, or with sudo); the browser tests skip without it.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	else echo "error: install $(BROWSER_PACKAGES) (apt-get) for the browser tests" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BROWSER_PACKAGES)

browser: $(CHROMIUM)

install: $(STAMP) | $(MODEL)

model: | $(MODEL)

## Start the server on SQLite with a seeded, live demo jam.
demo: $(STAMP) $(GRAPHIQL_STAMP) $(UI_BUILD) | $(MODEL)
	$(BIN)/jam demo

## Lint, type-check and run the whole test suite (it needs the model; JAM_TEST_NO_MODEL=1 skips
## the tests that use it).
test: $(STAMP) $(REFERENCE_CLIENT_STAMP) $(GRAPHIQL_STAMP) $(UI_BUILD) $(CHROMIUM) | $(MODEL)
	@test -f $(MODEL) || test "$$JAM_TEST_NO_MODEL" = 1 || { echo "error: the tests need the \
	embedding model: fix what stopped \`$(BIN)/jam model fetch\` above and run make test again \
	(or JAM_TEST_NO_MODEL=1 make test to skip those tests)" >&2; exit 1; }
	$(BIN)/ruff check jam clustering tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory ui-check
	$(BIN)/pytest -q

## Benchmarks (print figures; not part of the tests). See bench/README.md.
bench: $(STAMP)
	$(BIN)/python bench/api.py

bench-themes: $(STAMP) | $(MODEL)
	$(BIN)/python bench/themes_quality.py
	$(BIN)/python bench/themes_speed.py
	$(BIN)/python bench/refit_latency.py

bench-connectors: $(STAMP)
	$(BIN)/python bench/connectors.py

# Subscription fan-out (SQLite; PostgreSQL at bench_live, skipped when down) and the vote's
# cost with the outbox; ~9 minutes, bounded. See bench/README.md.
bench-live: $(STAMP)
	$(BIN)/python bench/live.py

# Normal traffic's p99 while 4 abusive clients send each hostile shape; ~3 minutes.
bench-abuse: $(STAMP)
	$(BIN)/python bench/abuse.py

# Web UI budgets: entry bundle size, forum page load, the theme map at 46,000 points (headless
# Chromium; measures the built UI in frontend/dist). See bench/README.md.
bench-ui: $(STAMP) $(UI_BUILD) $(CHROMIUM)
	$(BIN)/python bench/ui.py

bench-similar: $(STAMP) | $(MODEL)
	$(BIN)/python bench/similar.py

# 1,000 flags and 5,000 posts in a minute at a live jam while the console reads the queue
# (SQLite; --postgresql for PostgreSQL); ~2 minutes. See bench/README.md.
bench-moderation: $(STAMP)
	$(BIN)/python bench/moderation.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
