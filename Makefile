# AI engineering portfolio monorepo. `make help` lists the targets; every target sets up what it needs.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

UV_VERSION ?= 0.13.9
TORCH_WHEEL := torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
# uv from PATH, else the copy `make setup` pip-installs (run as a module, so PATH does not matter).
UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)
RUN := $(UV) run --frozen --no-sync
STAMP := .venv/.setup-stamp
PYPROJECTS := pyproject.toml uv.lock shared/pyproject.toml $(wildcard projects/*/pyproject.toml)
export UV_LINK_MODE ?= copy
export PYTHONDONTWRITEBYTECODE ?= 1
PROJECTS := $(notdir $(patsubst %/,%,$(dir $(wildcard projects/*/pyproject.toml))))
IMAGE_PROJECTS := $(notdir $(patsubst %/,%,$(dir $(wildcard projects/*/Dockerfile))))
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "; printf "Usage: make <target>\n\n"} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-20s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# ---------------------------------------------------------------- environment
.PHONY: uv
uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"

.wheels/$(TORCH_WHEEL):
	@mkdir -p .wheels
	@if [ -n "$${PIP_FIND_LINKS:-}" ] && [ -f "$${PIP_FIND_LINKS}/$(TORCH_WHEEL)" ]; then \
		ln -sf "$${PIP_FIND_LINKS}/$(TORCH_WHEEL)" .wheels/$(TORCH_WHEEL); \
	else \
		echo "fetching the CPU build of torch from $(TORCH_INDEX)"; \
		python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
			--platform manylinux_2_28_x86_64 "torch==2.13.0+cpu" --index-url $(TORCH_INDEX) -d .wheels; \
	fi

$(STAMP): $(PYPROJECTS) | .wheels/$(TORCH_WHEEL)
	@$(MAKE) uv
	$(UV) sync --frozen --all-packages --all-extras --compile-bytecode
	@if $(UV) pip list 2>/dev/null | grep -qi '^nvidia-'; then echo "CUDA packages slipped in: torch must be 2.13.0+cpu" >&2; exit 1; fi
	@touch $(STAMP)

.PHONY: setup
setup: $(STAMP) ## Create .venv from uv.lock (CPU torch, every project, dev tools)

.PHONY: lock
lock: uv | .wheels/$(TORCH_WHEEL) ## Re-resolve uv.lock after changing dependencies
	$(UV) lock

# ---------------------------------------------------------------- quality
.PHONY: lint
lint: setup ## ruff (lint + format check), strict mypy and the import boundaries of every package
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy shared/src $(addsuffix /src,$(addprefix projects/,$(PROJECTS)))
	@for config in shared/.importlinter $(addsuffix /.importlinter,$(addprefix projects/,$(PROJECTS))); do \
		$(RUN) lint-imports --no-cache $$config | grep -E 'KEPT|BROKEN|Contracts:|->|^- ' || exit 1; \
	done

.PHONY: format
format: setup ## Apply ruff's fixes and formatting
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

# Every package's tests. CI narrows TESTS: each project's own tests run in its copy-out
# (make test-copyout), shared/ and infra/ here; scripts/ci_test_ids.py proves the union is whole.
ALL_TESTS := shared/tests $(addsuffix /tests,$(addprefix projects/,$(PROJECTS))) infra/tests
TESTS ?= $(ALL_TESTS)
# pytest-xdist workers (WORKERS=0: one process). A test file goes to one worker whole, so module
# fixtures are built once; tests marked `serial` run afterwards, alone (portfolio_shared.testing.plugin).
WORKERS ?= 2
XDIST := $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile)
# The serial pass runs only where a test file names the marker (no second collection otherwise).
SERIAL_PASS = $(if $(shell grep -rlsF 'mark.serial' $(TESTS)),$(RUN) pytest -m serial $(TESTS),@:)

.PHONY: test
test: setup browser promtool ## Run every test tier of every package (unit, data, model, eval, api, ui, infra) on both cores
	$(RUN) pytest $(XDIST) -m "not serial" $(TESTS)
	$(SERIAL_PASS)

.PHONY: test-fast
test-fast: setup ## Before each commit (≤ 3 min): every package's tests that are not slow (unit, data, API, contracts)
	$(RUN) pytest $(XDIST) -q -m "not slow and not serial" $(TESTS)

# What CI ran (the ids each run wrote to PORTFOLIO_TEST_IDS) against what `make test` collects.
TEST_IDS ?= build/ci/test-ids
.PHONY: test-ids
test-ids: setup ## Check that the test ids CI's runs wrote ($(TEST_IDS)) are exactly what make test collects
	$(RUN) python scripts/ci_test_ids.py $(TEST_IDS) $(ALL_TESTS)

# Copy-out as a test: each project (COPYOUT=name for one) copied with scripts/copy_project.sh, its
# files grepped for the projects left behind, then the copy's own `make lint` and `make test` of
# its own project's tests (which write their ids where CI's PORTFOLIO_TEST_IDS says, not this run).
COPYOUT ?=
.PHONY: test-copyout
test-copyout: setup browser promtool ## Copy each project out (COPYOUT=<name> for one) and pass the copy's own make lint and make test
	COPYOUT="$(COPYOUT)" COPYOUT_TEST_IDS="$${PORTFOLIO_TEST_IDS:-}" PORTFOLIO_TEST_IDS= \
	  $(RUN) pytest -v -s infra/copyout

.PHONY: soak
soak: setup ## Soak each service over loopback (its bench/soak.py): 0 errors, RSS growth < 5 % after warm-up, p99
	@for script in $(wildcard $(addsuffix /bench/soak.py,$(addprefix projects/,$(PROJECTS)))); do \
		$(RUN) python $$script || exit 1; \
	done

.PHONY: audit
audit: ## Known vulnerabilities in every locked dependency (pip-audit), minus infra/security/audit-allowlist.toml
	python3 infra/security/audit.py

# Deeper schema fuzzing than `make test` (10-20 examples an operation, fixed seeds): every
# operation of every service, all of schemathesis' checks, random seeds.
FUZZ_EXAMPLES ?= 200
.PHONY: fuzz
fuzz: setup ## Fuzz every service's API from its OpenAPI schema: $(FUZZ_EXAMPLES) examples an operation and mode, random seeds
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_RANDOM=1 $(RUN) pytest -q -s \
	  $(wildcard $(addsuffix /tests/api/test_fuzz.py,$(addprefix projects/,$(PROJECTS))))

.PHONY: test-shared
test-shared: setup ## Tests of the shared library only
	$(MAKE) test TESTS=shared/tests

# >>> churn_api  (per-project blocks: scripts/copy_project.sh keeps only the copied project's)
.PHONY: test-churn_api
test-churn_api: setup ## Tests of churn_api only
	$(MAKE) test TESTS=projects/churn_api/tests
# <<< churn_api

# >>> agents
.PHONY: test-agents
test-agents: setup ## Tests of agents only
	$(MAKE) test TESTS=projects/agents/tests
# <<< agents

# >>> mlops_pipeline
.PHONY: test-mlops_pipeline
test-mlops_pipeline: setup promtool ## Tests of mlops_pipeline only
	$(MAKE) test TESTS=projects/mlops_pipeline/tests
# <<< mlops_pipeline

# >>> rag_qa
.PHONY: test-rag_qa
test-rag_qa: setup browser ## Tests of rag_qa only (unit, data, eval gate, API, injection, UI)
	$(MAKE) test TESTS=projects/rag_qa/tests
# <<< rag_qa

# The monitoring tests run promtool (Debian's prometheus package). Best effort like the browser:
# without it they skip, unless REQUIRE_PROMTOOL=1 makes its absence an error.
.PHONY: promtool
promtool: ## Install promtool for the alert-rule tests (Debian/Ubuntu; skipped when present)
	@command -v promtool >/dev/null || \
		{ command -v apt-get >/dev/null && $(SUDO) apt-get update -qq && \
		  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } || \
		echo "promtool not installed: alert-rule tests will be skipped"

# The UI tests drive Debian's Chromium (no browser download). Best effort: without apt (or
# root/sudo) the UI tests skip, unless REQUIRE_BROWSER=1 makes a missing browser an error.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && { [ "$$(id -u)" = 0 ] || echo sudo; })
.PHONY: browser
browser: ## Install Chromium for the UI tests (Debian/Ubuntu; skipped when present)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		{ command -v apt-get >/dev/null && $(SUDO) apt-get update -qq && \
		  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium >/dev/null; } || \
		echo "chromium not installed: UI tests will be skipped"

# >>> churn_api
# ---------------------------------------------------------------- churn_api
.PHONY: train-churn
train-churn: setup ## Train, evaluate, log to MLflow, register and promote the churn model
	$(RUN) churn-api train --summary data/churn_api/last_train.json

.PHONY: run-churn
run-churn: setup ## Train if no champion exists, then serve the churn API on $(HOST):$(PORT)
	$(RUN) churn-api ensure-champion
	$(RUN) churn-api serve --host $(HOST) --port $(PORT) --demo

.PHONY: bench-churn
bench-churn: setup ## Benchmark /predict against /health and a naive DataFrame baseline (wrk)
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(RUN) churn-api ensure-champion
	$(RUN) python projects/churn_api/bench/bench_serving.py

.PHONY: image-churn image-churn_api image-prep-churn_api
image-churn_api: image-churn
image-churn: image-prep-churn_api ## Build the churn_api image and smoke-test it on 127.0.0.1
	bash infra/images/build.sh churn_api

image-prep-churn_api: setup
	$(RUN) churn-api ensure-champion
	$(RUN) churn-api export --out data/churn_api/bundle
# <<< churn_api

# >>> rag_qa
# ---------------------------------------------------------------- rag_qa
RAG_PORT ?= 8001
BEIR ?=

.PHONY: run-rag
run-rag: setup ## Index the default corpus (Python docs + repo docs) and serve API + UI on $(HOST):$(RAG_PORT)
	$(RUN) rag-qa ingest
	$(RUN) rag-qa serve --host $(HOST) --port $(RAG_PORT)

.PHONY: eval-rag
eval-rag: setup ## Retrieval/answer evaluation: the project's own set, or BEIR=<folder> (report + MLflow)
	$(RUN) rag-qa eval $(if $(BEIR),--beir $(BEIR) --answers 200,--pydoc)

.PHONY: bench-rag
bench-rag: setup ## Ingestion vs sentence-transformers, retrieval p50 at 100k chunks, LLM first token
	$(RUN) python projects/rag_qa/bench/bench_rag.py

build/rag_qa/embedder.onnx: | $(STAMP)
	$(RUN) rag-qa export-onnx --out $@

.PHONY: image-rag image-rag_qa image-prep-rag_qa
image-rag_qa: image-rag
image-rag: image-prep-rag_qa ## Build the rag_qa image (embedder, LLM, index inside) and smoke-test it
	bash infra/images/build.sh rag_qa

image-prep-rag_qa: setup build/rag_qa/embedder.onnx
# <<< rag_qa

.PHONY: mlflow-ui
mlflow-ui: setup ## Browse runs and the registry at http://127.0.0.1:5000
	$(RUN) mlflow server --backend-store-uri sqlite:///$(CURDIR)/data/mlflow/mlflow.db \
		--default-artifact-root $(CURDIR)/data/mlflow/artifacts --host 127.0.0.1 --port 5000

# >>> agents
# ---------------------------------------------------------------- agents
AGENTS_PORT ?= 8003
AGENTS_QUESTION ?= Which contract type churns most, and what is the churn risk of a month-to-month fiber customer paying 95 a month with 3 months of tenure?

.PHONY: run-agents ask-agents
run-agents: setup ## Start churn_api (:8000) and rag_qa (:8001), trained/indexed if needed, then serve the team on $(HOST):$(AGENTS_PORT)
	$(RUN) churn-api ensure-champion
	$(RUN) rag-qa ingest --no-track
	trap 'kill 0' EXIT INT TERM; \
	$(RUN) churn-api serve --port 8000 & \
	$(RUN) rag-qa serve --port 8001 & \
	$(RUN) agents sync-docs --wait 300 && \
	$(RUN) agents serve --host $(HOST) --port $(AGENTS_PORT)

.PHONY: eval-agents bench-agents
eval-agents: setup ## Every agents suite per provider (rules, neighbours, local SmolLM2) against churn_api and rag_qa (start them with run-agents first), the question sets (right / refused / wrong) and 5,000 property examples: reports/agents-eval, logged to MLflow
	$(RUN) agents questions --sets test,hand,tuning,tuning2,tuning3,tuning4,tuning5,tuning6,tuning7,tuning8 --out reports/agents-eval/questions
	HYPOTHESIS_PROFILE=eval $(RUN) pytest -q -p no:cacheprovider projects/agents/tests/unit/test_understanding_properties.py
	$(RUN) agents eval --provider rules --provider neighbours --provider local \
	  --out reports/agents-eval --tracking-uri sqlite:///reports/agents-eval/mlflow.db

# Qwen2.5-Coder-0.5B is opt-in (weak provenance): AGENTS_QWEN=path/to/its.gguf adds it.
AGENTS_QWEN ?=
bench-agents: setup ## Router (rules, MiniLM neighbours, SmolLM2[, Qwen]), BFCL subset, Ray tasks/min for 1 vs 2 workers
	$(RUN) python projects/agents/bench/bench_router.py $(if $(AGENTS_QWEN),--qwen $(AGENTS_QWEN))
	$(RUN) python projects/agents/bench/bench_bfcl.py $(if $(AGENTS_QWEN),--qwen $(AGENTS_QWEN))
	$(RUN) python projects/agents/bench/bench_ray.py

ask-agents: setup ## Ask the team AGENTS_QUESTION on the command line (the services of run-agents must be up)
	$(RUN) agents run "$(AGENTS_QUESTION)"

.PHONY: image-agents image-prep-agents
image-agents: image-prep-agents ## Build the agents image and smoke-test it on 127.0.0.1
	bash infra/images/build.sh agents

image-prep-agents: setup
# <<< agents

# >>> mlops_pipeline
# ---------------------------------------------------------------- mlops_pipeline
MLOPS_PORT ?= 8002
PIPELINE ?= projects/mlops_pipeline/src/mlops_pipeline/configs/retrain.yaml

.PHONY: pipeline-demo pipeline-run run-monitor drift-demo bench-drift bench-ab
pipeline-demo: setup ## The closed loop: serve, stream, drift, retrain, gate, A/B, promote (report in data/)
	MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT=true $(RUN) mlops-pipeline demo

pipeline-run: setup ## Run the retraining pipeline from PIPELINE=<yaml> (cached steps are skipped)
	$(RUN) mlops-pipeline run --config $(PIPELINE)

run-monitor: setup ## Serve the drift monitor + A/B analysis API on $(HOST):$(MLOPS_PORT)
	$(RUN) mlops-pipeline serve --host $(HOST) --port $(MLOPS_PORT)

drift-demo: setup ## Replay production windows with a price increase from window 3 and print drift verdicts
	$(RUN) mlops-pipeline drift --scenario price_increase --windows 6 --drift-from 3

bench-drift: setup ## Drift detection power per scenario and false-alarm rate (same stream, one run)
	$(RUN) python projects/mlops_pipeline/bench/bench_drift.py

bench-ab: setup ## A/B decision rules by simulation: false-positive rate and power (fixed, peeking, mSPRT)
	$(RUN) python projects/mlops_pipeline/bench/bench_ab.py

.PHONY: image-mlops image-mlops_pipeline image-prep-mlops_pipeline
image-mlops_pipeline: image-mlops
image-mlops: image-prep-mlops_pipeline ## Build the mlops_pipeline image (monitor + pipeline job) and smoke-test it
	bash infra/images/build.sh mlops_pipeline

image-prep-mlops_pipeline: setup
# <<< mlops_pipeline

# ---------------------------------------------------------------- images
.PHONY: image-mlflow
image-mlflow: ## Build the MLflow tracking server image (infra/mlflow) and smoke-test it
	bash infra/images/build.sh mlflow

.PHONY: images
images: setup $(addprefix image-prep-,$(IMAGE_PROJECTS)) ## Build and smoke-test every image (projects and infra)
	bash infra/images/build.sh all

# ---------------------------------------------------------------- kubernetes
K8S_OVERLAYS := $(notdir $(patsubst %/,%,$(dir $(wildcard infra/k8s/overlays/*/kustomization.yaml))))

.PHONY: k8s-render k8s-validate k8s-up k8s-measure
k8s-render: ## Render every Kubernetes overlay (dev, prod, ray) into build/k8s/<overlay>.yaml with kubectl kustomize
	@mkdir -p build/k8s
	@for o in $(K8S_OVERLAYS); do kubectl kustomize infra/k8s/overlays/$$o > build/k8s/$$o.yaml; \
		echo "build/k8s/$$o.yaml: $$(grep -c '^kind:' build/k8s/$$o.yaml) resources"; done

k8s-validate: setup k8s-render ## Validate the rendered overlays against the Kubernetes 1.37 schemas (strict, offline), RayJobs against KubeRay's API
	$(RUN) kubernetes-validate --strict --quiet --no-warn $(addprefix build/k8s/,$(addsuffix .yaml,$(K8S_OVERLAYS)))
	$(RUN) pytest -q -p no:cacheprovider infra/tests/test_k8s.py infra/tests/test_rayjobs.py

k8s-up: ## Deploy the dev overlay on a kind or k3d cluster and wait for readiness; RAY=1 adds KubeRay and the RayJobs (not run here: no cluster)
	bash infra/k8s/up.sh

k8s-measure: setup ## Measure RSS and CPU of the drift monitor and MLflow under load (the resource requests' basis)
	$(RUN) python infra/k8s/measure.py

COMPOSE := $(CURDIR)/.venv/bin/docker-compose -f infra/compose.yaml

# >>> agents mlops_pipeline
.PHONY: stack-test
stack-test: setup ## The whole stack as a test: every image, compose up with production settings and keys, the cross-service scenario (infra/stack), down -v
	bash infra/stack/test.sh
# <<< agents mlops_pipeline

.PHONY: up
up: setup ## Start the compose stack: MLflow server + every project service (needs a Docker engine, e.g. DOCKER_HOST)
	$(COMPOSE) up -d --build --wait
	$(COMPOSE) ps --format 'table {{.Service}}\t{{.Status}}\t{{.Ports}}'

.PHONY: down
down: setup ## Stop the compose stack and delete its volumes
	$(COMPOSE) down -v

.PHONY: clean
clean: ## Remove caches (keeps .venv and data/)
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
