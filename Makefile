# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEMO_MONTH ?= $(shell date -d "$$(date +%Y-%m-15) -1 month" +%Y-%m)

.PHONY: demo test venv install translations seed serve lint messages clean ci

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[dev]'
	@touch $@

venv install: $(VENV)/.installed

translations: $(VENV)/.installed
	$(MANAGE) compile_translations

demo: translations
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) compute_alerts --month $(DEMO_MONTH)
	$(MANAGE) compute_rankings --month $(DEMO_MONTH)
	$(MANAGE) demo_logins
	$(MANAGE) runserver 127.0.0.1:8000

# The demo city without the server (e.g. to reseed while `make serve` runs elsewhere).
seed: translations
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) demo_logins

serve: translations
	$(MANAGE) runserver 127.0.0.1:8000

test: translations
	$(PY) -m pytest $(PYTEST_ARGS)

ci:
	.ci/run

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# Refresh the Chinese catalogue after changing user-visible strings (needs GNU gettext).
messages: $(VENV)/.installed
	$(MANAGE) makemessages -l zh_Hans --ignore '.venv/*' --ignore 'tests/*' --no-obsolete

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-output
