# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Where `make run` serves: `make run HOST=0.0.0.0:8001`, or a port alone (`HOST=8001`).
HOST ?= 127.0.0.1:8000
RUN_ADDRESS := $(if $(findstring :,$(HOST)),$(HOST),127.0.0.1:$(HOST))
# The site's address in mail, feeds and the API follows HOST, unless SITE_URL is given.
SITE_URL ?= http://$(RUN_ADDRESS)

.PHONY: run test test-fast lint format migrate demo clean messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs exactly the versions in constraints.txt, so two installs a month apart agree.
# `make run` needs the application's dependencies only; the test tools (pytest, Playwright,
# schemathesis, SeaweedFS ...) are several times their size and come with `make test`.
# Each stamp is made once, and again when pyproject.toml or constraints.txt change.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

run: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 SITE_URL='$(SITE_URL)' $(BIN)/python manage.py runserver $(RUN_ADDRESS)

# The whole suite, each test once, on the database of DATABASE_URL (SQLite without it);
# browser tests need Debian's chromium at /usr/bin/chromium. README, "Tests".
test: $(VENV)/.installed-test
	SECRET_KEY=test-only $(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-test
	SECRET_KEY=test-only $(BIN)/python -m pytest -n auto --dist worksteal -m "not browser" $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python .ci/check_file_sizes.py

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The translation catalogues: collect every string of the code into locale/*/django.po for the
# five languages besides English, compile them, then list the entries a translator still has
# to write (untranslated, fuzzy, or with placeholders that differ from the English).
# Needs GNU gettext (apt-get install gettext); nothing else does, as the compiled .mo files
# are committed and tests/test_catalogues.py checks that they match their .po files.
MESSAGE_LANGUAGES := -l ar -l zh_Hans -l fr -l ru -l es
messages: $(VENV)/.installed-test
	DEBUG=1 $(BIN)/python manage.py makemessages $(MESSAGE_LANGUAGES) --add-location file \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=var
	DEBUG=1 $(BIN)/python manage.py compilemessages $(MESSAGE_LANGUAGES) --ignore=.venv
	SECRET_KEY=test-only $(BIN)/python -m pytest -q tests/test_catalogues.py

# Every public page, export and feed at two archive sizes on PostgreSQL, against the targets
# (README, "Benchmark"). Needs PostgreSQL, Redis and wrk; BENCH_SIZES="300 3000" for a
# quick check, BENCH_REBUILD=1 to rebuild the archives, BENCH_LOAD_SECONDS to shorten the load.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && apt-get install -y wrk; } \
		|| { echo "wrk is needed: apt-get install wrk (Debian), brew install wrk (macOS)"; exit 2; }
	nice $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var
