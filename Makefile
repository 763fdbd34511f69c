# The two commands a newcomer needs: `make up` and `make test`. CI runs `.ci/run`, which uses these targets.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: up down install venv infra services sample test unit lint typecheck check status clean replay

up: install infra services sample  ## install, start everything, deploy the sample app

install: venv  ## system packages, Kafka jars, Python dependencies
	bash scripts/infra.sh install

venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	@command -v python3 >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3 python3-venv)
	@test -x $(PY) || python3 -m venv .venv || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv && python3 -m venv .venv)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(VENV_STAMP)

infra:  ## start PostgreSQL and Kafka (idempotent)
	bash scripts/infra.sh start

services: venv  ## start the four services and the built-in drivers (idempotent)
	bash scripts/services.sh start

sample: venv  ## create the demo org, deploy the sample app, say where everything is
	$(PY) scripts/sample.py

down:  ## stop everything `make up` started, by pid
	-bash scripts/services.sh stop
	bash scripts/infra.sh stop

status:
	-bash scripts/services.sh status
	-bash scripts/infra.sh status

test: install infra  ## the whole suite: unit, integration, e2e (starts what it needs)
	$(PY) -m pytest

unit: venv
	$(PY) -m pytest tests/unit

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: venv
	$(PY) -m mypy

check: lint typecheck test  ## what CI runs

replay: venv  ## rebuild the API read models from the Kafka log into a scratch schema and compare
	$(PY) -m orch_api.entrypoints.replay

clean: down
	rm -rf .orch
