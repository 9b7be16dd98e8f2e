# Demarche: `make run` serves the site with the seed data, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# A local development server: debug pages and a development secret key.
RUN_ENV := DEBUG=$${DEBUG:-true}

.PHONY: run test quick lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet '.[dev]'
	touch $@

run: $(VENV)/.installed
	mkdir -p var
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_seed
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	# The keeper of the counts and the worker of background jobs (imports) run beside the
	# server, and stop with it.
	$(RUN_ENV) $(BIN)/python manage.py keep_counts & keeper=$$!; \
	$(RUN_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$keeper $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# axe-core, for the browser tests' accessibility checks: from npm, pinned by package-lock.json.
# Without npm the browser tests that need it are skipped (CI requires them).
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; fi

# The whole suite, on every core (at most four): each worker has its own test database.
TEST_WORKERS := --numprocesses=auto --maxprocesses=4

test: $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m pytest $(TEST_WORKERS) $(PYTEST_ARGS)

# The suite without the slow tests (generator, benchmarks, browser, HTML validity, tests that
# start processes): for the edit-and-check loop; `make test` before committing.
quick: $(VENV)/.installed
	$(BIN)/python -m pytest $(TEST_WORKERS) -m "not slow" $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) *.egg-info node_modules
