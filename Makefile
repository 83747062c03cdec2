# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/beat
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
# A Fernet key for tests and benches only (credentials are encrypted with it), kept with the test fixtures;
# production sets its own.
TEST_CREDENTIALS_KEYS ?= $(shell cat tests/fixtures/credentials_test_key.txt)

.PHONY: install run test bench bench-queue bench-budget chaos

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

run: install
	$(PY) manage.py dev

test: install
	@# tests run on PostgreSQL + Redis, like production
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-beat-tests-only} \
		BEAT_CREDENTIALS_KEYS=$${BEAT_CREDENTIALS_KEYS:-$(TEST_CREDENTIALS_KEYS)} $(PY) -m pytest $(ARGS)

bench: install $(VENV)/.bench-installed
	@# every bench script, then one table of figures and aims (bench/queue.py needs requirements-bench.txt)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-beat-bench-only} \
		BEAT_CREDENTIALS_KEYS=$${BEAT_CREDENTIALS_KEYS:-$(TEST_CREDENTIALS_KEYS)} $(PY) bench/table.py $(ARGS)

bench-budget: install
	@# rate-limited backlogs against a local upstream: budget used, calls above its window, priority, retry_at
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-beat-bench-only} $(PY) bench/budget.py

bench-queue: install $(VENV)/.bench-installed
	@# bench/queue.py alone: Beat side by side with procrastinate and pgqueuer, django-q2 ratio, racing claims
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-beat-bench-only} \
		BEAT_CREDENTIALS_KEYS=$${BEAT_CREDENTIALS_KEYS:-$(TEST_CREDENTIALS_KEYS)} $(PY) bench/queue.py

chaos: install
	@# the recovery scenario: killed lock holder, killed workers and cluster, Redis flush, dropped connections
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-beat-chaos-only} $(PY) bench/chaos.py
