#!/usr/bin/env bash
# Build and smoke-test the project images.
#   infra/images/build.sh <project>|mlflow|all     (each project needs a smoke_<project> below)
# With a working Docker engine (`docker info` succeeds) it is used as is. Without one (a bare
# Debian machine with no registry access) it installs Debian's docker.io, starts a private
# dockerd under $IMAGE_WORK and makes a local stand-in for python:3.11-slim with debootstrap,
# so the unchanged Dockerfiles build. Prints build time and image size per image.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TARGET=${1:-all}
WORK=${IMAGE_WORK:-/tmp/ai-portfolio-images}
# The base every Dockerfile names (ARG PYTHON_IMAGE=...): one, or the build stops here.
BASE=$(sed -n 's/^ARG PYTHON_IMAGE=//p' projects/*/Dockerfile infra/mlflow/Dockerfile | sort -u)
[ "$(echo "$BASE" | wc -l)" = 1 ] || { echo "Dockerfiles disagree on PYTHON_IMAGE: $BASE" >&2; exit 1; }
export DOCKER_BUILDKIT=0
log() { printf '\033[1m[images]\033[0m %s\n' "$*"; }

engine_up() { timeout 10 docker info >/dev/null 2>&1; }

start_private_engine() {
  export DOCKER_HOST=unix://$WORK/docker.sock
  engine_up && return 0
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    log "installing docker.io and debootstrap (Debian packages)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends docker.io debootstrap >/dev/null; } || { log "apt install failed"; no_engine; }
  fi
  mkdir -p "$WORK"
  log "starting a private dockerd ($DOCKER_HOST)"
  nohup dockerd --data-root "$WORK/data" --exec-root "$WORK/exec" -H "$DOCKER_HOST" \
    --pidfile "$WORK/dockerd.pid" --iptables=false --ip6tables=false --bridge=none \
    --storage-driver=overlay2 >"$WORK/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do engine_up && return 0; sleep 0.5; done
  log "dockerd did not start; see $WORK/dockerd.log"; tail -5 "$WORK/dockerd.log"
  no_engine
}

no_engine() {
  # A machine that cannot run any container engine is not a broken image: with
  # IMAGES_ALLOW_NO_ENGINE=1 say so loudly and stop; build and smoke failures always fail.
  if [ "${IMAGES_ALLOW_NO_ENGINE:-0}" = 1 ]; then
    log "SKIPPED: no container engine could be started on this machine"; exit 0
  fi
  exit 1
}

make_standin_base() {
  docker image inspect "$BASE" >/dev/null 2>&1 && return 0
  if ! docker image inspect local/debian:bookworm >/dev/null 2>&1; then
    if [ ! -f "$WORK/rootfs.tar" ]; then
      log "debootstrap bookworm (about a minute)"
      rm -rf "$WORK/rootfs"
      debootstrap --variant=minbase bookworm "$WORK/rootfs" http://deb.debian.org/debian \
        >"$WORK/debootstrap.log" 2>&1 || { log "debootstrap failed: $WORK/debootstrap.log"; exit 1; }
      rm -f "$WORK"/rootfs/var/cache/apt/archives/*.deb
      tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" . && rm -rf "$WORK/rootfs"
    fi
    docker import "$WORK/rootfs.tar" local/debian:bookworm >/dev/null
  fi
  log "building a local stand-in for $BASE (never pushed anywhere)"
  local ctx="$WORK/standin"
  rm -rf "$ctx" && mkdir -p "$ctx/ca"
  # This machine reaches PyPI through an intercepting proxy: trust its CA in the stand-in only.
  cp /usr/local/share/ca-certificates/*.crt "$ctx/ca/" 2>/dev/null || true
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM local/debian:bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv python3-pip python-is-python3 ca-certificates \
 && rm -f /usr/lib/python3.11/EXTERNALLY-MANAGED \
 && ln -sf /usr/bin/python3 /usr/local/bin/python3 && ln -sf /usr/bin/python3 /usr/local/bin/python \
 && ln -sf /usr/bin/pip3 /usr/local/bin/pip \
 && rm -rf /var/lib/apt/lists/*
COPY ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null 2>&1 || true
ENV LANG=C.UTF-8 SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt UV_SYSTEM_CERTS=1
CMD ["python3"]
DOCKERFILE
  docker build -q --network host -t "$BASE" "$ctx" >/dev/null
}

build() {  # name dockerfile tag
  local t0 size
  t0=$(date +%s)
  log "building $3 from $2"
  docker build --network host -f "$2" -t "$3" "$ROOT" >"$WORK/build-$1.log" 2>&1 \
    || { tail -20 "$WORK/build-$1.log"; log "FAIL $1 build"; exit 1; }
  size=$(docker image inspect --format '{{.Size}}' "$3")
  log "built $3 in $(( $(date +%s) - t0 )) s, $(( size / 1000000 )) MB"
  sbom "$1" "$3"
}

# A CycloneDX SBOM of the built image (Debian and Python packages) with syft, which runs offline:
# build/sbom/<name>.cdx.json, uploaded by the workflow beside the pushed image.
sbom() {  # name image
  local syft="${SYFT:-$(command -v syft || echo "$ROOT/.venv/bin/syft")}" t0 count
  [ -x "$syft" ] || { log "SKIPPED SBOM of $2: no syft (make setup installs it)"; return 0; }
  t0=$(date +%s)
  mkdir -p "$ROOT/build/sbom"
  SYFT_CHECK_FOR_APP_UPDATE=false "$syft" scan "docker:$2" -q \
    -o "cyclonedx-json=$ROOT/build/sbom/$1.cdx.json" >"$WORK/sbom-$1.log" 2>&1 \
    || { tail -5 "$WORK/sbom-$1.log"; log "FAIL SBOM of $2"; exit 1; }
  count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["components"]))' \
    "$ROOT/build/sbom/$1.cdx.json")
  log "SBOM build/sbom/$1.cdx.json: $count components in $(( $(date +%s) - t0 )) s"
}

wait_http() {  # url seconds
  for _ in $(seq 1 $(( $2 * 2 ))); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

wait_healthy() {  # container seconds
  local state
  for _ in $(seq 1 "$2"); do
    state=$(docker inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null || echo gone)
    [ "$state" = healthy ] && return 0
    [ "$state" = gone ] && return 1
    sleep 1
  done
  return 1
}

# smoke NAME IMAGE PORT READY_S METHOD PATH BODY EXPECT [docker run options...]
# Run the image on 127.0.0.1:PORT with a read-only root filesystem (writable: a tmpfs /tmp and a
# volume at /data, which starts as the image's /data), wait for /ready, call METHOD PATH with the
# JSON BODY (a file with @file) and expect EXPECT in the answer, then check the user is not root,
# the root filesystem refuses writes, and the HEALTHCHECK turns healthy. The container stays up
# for the caller's extra checks; the caller removes it (`smoke_done NAME`).
smoke() {
  local name=$1 image=$2 port=$3 ready_s=$4 method=$5 path=$6 body=$7 expect=$8 answer
  shift 8
  smoke_done "$name"
  docker run -d --name "$name" --network host --read-only --tmpfs /tmp \
    -v "$name-data:/data" "$@" "$image" >/dev/null
  wait_http "http://127.0.0.1:$port/ready" "$ready_s" \
    || { docker logs "$name" | tail -20; smoke_done "$name"; log "FAIL $name not ready"; exit 1; }
  grep -q '"ok"' <<<"$(curl -fsS "http://127.0.0.1:$port/health")" || { smoke_done "$name"; log "FAIL $name /health"; exit 1; }
  answer=$(curl -fsS -X "$method" "http://127.0.0.1:$port$path" -H 'Content-Type: application/json' -d "$body")
  echo "$answer" | grep -q "$expect" || { smoke_done "$name"; log "FAIL $name $path: ${answer:0:300}"; exit 1; }
  log "$name $path -> ${answer:0:140}..."
  [ "$(docker exec "$name" id -u)" != 0 ] || { smoke_done "$name"; log "FAIL $name runs as root"; exit 1; }
  ! docker exec "$name" sh -c 'touch /opt/write-test || touch "$HOME/write-test"' 2>/dev/null \
    || { smoke_done "$name"; log "FAIL $name root filesystem is writable"; exit 1; }
  wait_healthy "$name" 40 || { smoke_done "$name"; log "FAIL $name HEALTHCHECK never healthy"; exit 1; }
}

smoke_done() {
  docker rm -f "$1" >/dev/null 2>&1 || true
  docker volume rm "$1-data" >/dev/null 2>&1 || true
}

# >>> churn_api
smoke_churn_api() {
  local bundle="$ROOT/data/churn_api/bundle"
  [ -f "$bundle/bundle.json" ] || { log "no exported bundle at $bundle (make image-churn exports one)"; exit 1; }
  smoke smoke-churn-api ai-portfolio/churn-api:latest 18000 60 POST /predict \
    @"$ROOT/projects/churn_api/tests/infra/sample_customer.json" churn_probability \
    -e CHURN_HOST=127.0.0.1 -e CHURN_PORT=18000 -e CHURN_MODEL_PATH=/model -v "$bundle:/model:ro"
  smoke_done smoke-churn-api
  log "PASS churn_api smoke (non-root, read-only root, healthy, /health and /predict answer)"
}
# <<< churn_api

# >>> rag_qa
smoke_rag_qa() {
  smoke smoke-rag-qa ai-portfolio/rag-qa:latest 18001 120 POST /ask \
    '{"question": "What does the global statement do?"}' '"cited":true' \
    -e RAG_HOST=127.0.0.1 -e RAG_PORT=18001
  # the page read whole first: `curl | grep -q` fails under pipefail when grep stops early
  grep -q 'id="ask-form"' <<<"$(curl -fsS "http://127.0.0.1:18001/")" || { smoke_done smoke-rag-qa; log "FAIL no UI"; exit 1; }
  smoke_done smoke-rag-qa
  log "PASS rag_qa smoke (non-root, read-only root, healthy, prebuilt index, cited /ask answer, UI)"
}
# <<< rag_qa

# >>> mlops_pipeline
smoke_mlops_pipeline() {
  local answer
  smoke smoke-mlops ai-portfolio/mlops-pipeline:latest 18002 120 POST /drift/check \
    @"$ROOT/projects/mlops_pipeline/tests/infra/sample_window.json" '"drifted":' \
    -e MLOPS_HOST=127.0.0.1 -e MLOPS_PORT=18002
  grep -q '^mlops_drift_detected' <<<"$(curl -fsS "http://127.0.0.1:18002/metrics")" || { smoke_done smoke-mlops; log "FAIL no drift metrics"; exit 1; }
  smoke_done smoke-mlops
  # The pipeline as a job in the image: trains, gates, registers and promotes (no torch inside).
  answer=$(docker run --rm --network host --read-only --tmpfs /tmp -e MLOPS_DATA_DIR=/tmp/job -e CHURN_DATA_DIR=/tmp/job ai-portfolio/mlops-pipeline:latest \
    mlops-pipeline run --config retrain-sklearn 2>/dev/null) || { log "FAIL pipeline job: ${answer: -400}"; exit 1; }
  echo "$answer" | grep -q ': promoted' || { log "FAIL pipeline did not promote: ${answer:0:400}"; exit 1; }
  log "PASS mlops_pipeline smoke (non-root, read-only root, healthy, /drift/check + metrics, pipeline job promoted)"
}
# <<< mlops_pipeline

# >>> agents
AGENTS_MODELS_CHECK='
from retention_agents.config import AgentsSettings
from retention_agents.io.llm import make_llm
from retention_agents.io.router import make_router
task = make_router(AgentsSettings()).route("How likely is a fiber customer paying 95 a month with 3 months of tenure to cancel?")
assert task is not None and task.role == "scorer", task
reply = make_llm(AgentsSettings(llm="local", llm_threads=1)).invoke("Say hi.")
assert reply.content.strip(), reply
print("models inside: router", task.role, "| SmolLM2:", reply.content.strip()[:40])
'

smoke_agents() {
  smoke smoke-agents ai-portfolio/agents:latest 18003 60 POST /runs \
    '{"question": "Which contract type churns most?"}' '"status":"answered"' \
    -e AGENTS_HOST=127.0.0.1 -e AGENTS_PORT=18003
  # The models are inside: the router's MiniLM (sha256-checked) routes a paraphrase the rules
  # miss, and SmolLM2 (AGENTS_LLM=local) loads and answers on llama.cpp.
  docker exec smoke-agents python -c "$AGENTS_MODELS_CHECK" \
    || { smoke_done smoke-agents; log "FAIL agents models inside the image"; exit 1; }
  smoke_done smoke-agents
  log "PASS agents smoke (non-root, read-only root, healthy, /runs answers with checked figures, router and SmolLM2 inside)"
}
# <<< agents

smoke_mlflow() {
  local port=15500 name=smoke-mlflow
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker run -d --name "$name" --network host --read-only --tmpfs /tmp -v "$name-data:/mlflow" \
    ai-portfolio/mlflow-server:latest \
    mlflow server --backend-store-uri sqlite:////mlflow/mlflow.db --artifacts-destination /mlflow/artifacts \
    --serve-artifacts --host 127.0.0.1 --port $port --workers 2 >/dev/null
  trap 'docker rm -f smoke-mlflow >/dev/null 2>&1 || true; docker volume rm smoke-mlflow-data >/dev/null 2>&1 || true' RETURN
  wait_http "http://127.0.0.1:$port/health" 90 || { docker logs "$name" | tail -20; log "FAIL mlflow not up"; exit 1; }
  log "PASS mlflow smoke (read-only root, /health answers)"
}

mkdir -p "$WORK"
t_start=$(date +%s)
# The base (the real image or this machine's stand-in) must lay Python out as the real one does:
# same minor version as the tag, python/python3/pip in /usr/local/bin, pip allowed, venv, LANG.
check_base_parity() {
  local minor report
  minor=$(echo "$BASE" | sed -n 's/^python:\([0-9]*\.[0-9]*\).*/\1/p')
  report=$(docker run --rm -i --network none "$BASE" python - "$minor" <infra/images/base_parity.py) \
    || { echo "$report"; log "FAIL base parity: $BASE differs from the official image"; exit 1; }
  log "PASS base parity ($report)"
}

if engine_up; then log "using the running Docker engine"; else start_private_engine; make_standin_base; fi
check_base_parity
project_image() {  # name: build projects/<name>/Dockerfile as ai-portfolio/<name with dashes>
  build "$1" "projects/$1/Dockerfile" "ai-portfolio/${1//_/-}:latest"
  "smoke_$1"
}

case "$TARGET" in
  mlflow) build mlflow infra/mlflow/Dockerfile ai-portfolio/mlflow-server:latest; smoke_mlflow ;;
  all)
    for dockerfile in projects/*/Dockerfile; do project_image "$(basename "$(dirname "$dockerfile")")"; done
    build mlflow infra/mlflow/Dockerfile ai-portfolio/mlflow-server:latest; smoke_mlflow ;;
  *)
    [ -f "projects/$TARGET/Dockerfile" ] || { echo "usage: $0 <project>|mlflow|all" >&2; exit 2; }
    project_image "$TARGET" ;;
esac
log "done in $(( $(date +%s) - t_start )) s"
