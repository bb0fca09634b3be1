# Challenge Exchange. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install python-deps frontend run test lint format bench services clean prod

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	UV_PYTHON="$$(scripts/python.sh)" python3 -m uv sync --frozen
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

frontend/build/css/main.css: node_modules/.package-lock.json frontend/build.mjs $(wildcard frontend/scss/*.scss frontend/js/*)
	npm run --silent build

python-deps: $(VENV)/.synced

frontend: frontend/build/css/main.css ## Build CSS and JavaScript from GOV.UK Frontend

install: python-deps frontend ## Install Python and npm dependencies and build static assets

run: install ## Serve the portal with demo data on http://127.0.0.1:8000 (embedded profile)
	@mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@echo "Challenge Exchange: http://127.0.0.1:8000  (admin: http://127.0.0.1:8000/admin/)"
	@DJANGO_DEBUG=1 $(PY) manage.py seed_demo --logins
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install ## Start the real services and run the whole suite (PostgreSQL, Elasticsearch, stripe-mock, Chromium; then SQLite)
	scripts/test.sh

prod: install ## The production profile locally: gunicorn, task worker and scheduler (Procfile) against PostgreSQL, Elasticsearch, stripe-mock and SeaweedFS
	scripts/prod.sh

services: ## Start PostgreSQL, Elasticsearch, stripe-mock and SeaweedFS (S3) and print their addresses
	@echo "DATABASE_URL=$$(scripts/services/postgres.sh)"
	@echo "ELASTICSEARCH_URL=$$(scripts/services/elasticsearch.sh)"
	@echo "STRIPE_API_BASE=$$(scripts/services/stripe-mock.sh)"
	@echo "S3_ENDPOINT_URL=$$(scripts/services/seaweedfs.sh)"

lint: python-deps ## ruff (format and check), the import layers (import-linter) and the template linter
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint cms challenges tenders suppliers search procurement --lint

format: python-deps ## Reformat Python code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install ## Run the benchmarks against PostgreSQL and Elasticsearch and print their tables (ARGS="--n 100000")
	DATABASE_URL="$${DATABASE_URL:-$$(scripts/services/postgres.sh)}" \
	ELASTICSEARCH_URL="$${ELASTICSEARCH_URL:-$$(scripts/services/elasticsearch.sh)}" \
	ELASTICSEARCH_ANALYSIS="$${ELASTICSEARCH_ANALYSIS:-standard}" \
	$(PY) benchmarks/run.py $(ARGS)

clean: ## Remove the virtualenv, built assets and local data (not the service caches)
	rm -rf $(VENV) node_modules frontend/build var
