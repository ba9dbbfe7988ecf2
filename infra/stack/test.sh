#!/usr/bin/env bash
# The whole stack as a test: every image (built by `make images` unless already there), the
# compose stack up on the engine build.sh uses (a private dockerd when none runs), production
# settings with random API keys, every healthcheck waited for, then the cross-service scenario
# (scenario.py), then `down -v`. Prints the time of each phase.
#   make stack-test            STACK_KEEP=1 leaves the stack up for a look
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${IMAGE_WORK:-/tmp/ai-portfolio-images}
log() { printf '\033[1m[stack]\033[0m %s\n' "$*"; }
t0=$(date +%s)
timeout 10 docker info >/dev/null 2>&1 || export DOCKER_HOST=unix://$WORK/docker.sock
missing=0
for image in mlflow-server churn-api rag-qa agents mlops-pipeline; do
  timeout 10 docker image inspect "ai-portfolio/$image:latest" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 1 ]; then
  log "building the images (make images)"
  make images
  timeout 10 docker info >/dev/null 2>&1 || export DOCKER_HOST=unix://$WORK/docker.sock
  if ! timeout 10 docker image inspect ai-portfolio/agents:latest >/dev/null 2>&1 \
     && [ "${IMAGES_ALLOW_NO_ENGINE:-0}" = 1 ]; then
    log "SKIPPED: no container engine could be started on this machine"; exit 0
  fi
fi
t_images=$(date +%s)

key() { python3 -c 'import secrets; print(secrets.token_urlsafe(32))'; }
export CHURN_API_KEY=$(key) RAG_API_KEY=$(key) MLOPS_API_KEY=$(key) AGENTS_API_KEY=$(key)
export CHURN_ENVIRONMENT=production RAG_ENVIRONMENT=production MLOPS_ENVIRONMENT=production \
  AGENTS_ENVIRONMENT=production
export COMPOSE="$PWD/.venv/bin/docker-compose -p ai-portfolio-stack -f infra/compose.yaml"
down() {
  if [ "${STACK_KEEP:-0}" = 1 ]; then log "left up (STACK_KEEP=1): $COMPOSE down -v"; return; fi
  $COMPOSE --profile jobs down -v --remove-orphans >/dev/null 2>&1 || true
}
trap down EXIT
log "compose up (no build), waiting for every healthcheck"
if ! $COMPOSE up -d --no-build --wait --wait-timeout 600; then
  $COMPOSE ps -a; $COMPOSE logs --tail 30; log "FAIL: the stack did not become healthy"; exit 1
fi
$COMPOSE ps --format 'table {{.Service}}\t{{.Status}}'
t_up=$(date +%s)
if ! .venv/bin/python infra/stack/scenario.py; then
  $COMPOSE logs --tail 40; log "FAIL: the scenario"; exit 1
fi
t_end=$(date +%s)
log "PASS stack test: images $(( t_images - t0 )) s, up $(( t_up - t_images )) s, scenario $(( t_end - t_up )) s, total $(( t_end - t0 )) s"
