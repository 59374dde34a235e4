# Two entry points for people: `make run` and `make test`. Both set everything up first.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done

.PHONY: setup run test check bench report-check clean

setup: $(STAMP)

$(STAMP): pyproject.toml tools/setup.sh
	@bash tools/setup.sh

# compileall only recompiles what changed since the last time (a few milliseconds otherwise).
run: $(STAMP)
	@$(BIN)/python -m compileall -q pendulate >/dev/null
	@$(BIN)/pendulate

# The checkers first (a few seconds), then the whole suite, on two workers (CI has two cores;
# every test has its own data folder). Their settings are in pyproject.toml.
test: check
	@$(BIN)/python -m pytest -q -p no:cacheprovider -n 2

check: $(STAMP)
	@$(BIN)/ruff check --quiet pendulate tests bench tools
	@$(BIN)/ruff format --check --quiet pendulate tests bench tools
	@$(BIN)/mypy
	@$(BIN)/lint-imports --no-cache --no-logo

bench: $(STAMP)
	@$(BIN)/python -m compileall -q pendulate >/dev/null
	@$(BIN)/python bench/run.py

report-check: $(STAMP)
	@bash tools/report-check.sh

clean:
	rm -rf $(VENV) dist build .pytest_cache .hypothesis .mypy_cache .ruff_cache
