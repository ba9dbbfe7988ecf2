#!/usr/bin/env bash
# Deploy the dev overlay on a local kind or k3d cluster and wait until every service is ready:
#   make k8s-up            (CLUSTER=kind|k3d, default: whichever is installed)
# Needs a Docker engine, kubectl and kind or k3d. Builds the images (make images), loads them
# into the cluster, creates random API keys, applies the overlay, trains a first champion with a
# one-off run of the retraining CronJob, then waits for every Deployment to be available.
# Not run on the machine this repository was built on (no cluster there): see README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ns=ai-portfolio-dev
images="mlflow-server churn-api rag-qa agents mlops-pipeline"
cluster=${CLUSTER:-$(command -v kind >/dev/null && echo kind || { command -v k3d >/dev/null && echo k3d; } || true)}
[ -n "$cluster" ] || { echo "install kind or k3d (or set CLUSTER)" >&2; exit 2; }
command -v kubectl >/dev/null || { echo "kubectl is needed" >&2; exit 2; }

make images
case "$cluster" in
  kind)
    kind get clusters | grep -qx ai-portfolio || kind create cluster --name ai-portfolio
    for i in $images; do kind load docker-image --name ai-portfolio "ai-portfolio/$i:latest"; done ;;
  k3d)
    k3d cluster list ai-portfolio >/dev/null 2>&1 || k3d cluster create ai-portfolio
    for i in $images; do k3d image import --cluster ai-portfolio "ai-portfolio/$i:latest"; done ;;
esac

kubectl apply -f infra/k8s/overlays/dev/namespace.yaml
if ! kubectl -n "$ns" get secret api-keys >/dev/null 2>&1; then
  key() { python3 -c 'import secrets; print(secrets.token_urlsafe(32))'; }
  kubectl -n "$ns" create secret generic api-keys --from-literal=churn="$(key)" \
    --from-literal=rag="$(key)" --from-literal=agents="$(key)" --from-literal=mlops="$(key)"
fi
kubectl apply -k infra/k8s/overlays/dev
kubectl -n "$ns" rollout status deployment/mlflow --timeout=300s
# churn-api is ready only once the registry has a champion: train one now.
kubectl -n "$ns" delete job retrain-now --ignore-not-found
kubectl -n "$ns" create job retrain-now --from=cronjob/retrain
kubectl -n "$ns" wait --for=condition=complete job/retrain-now --timeout=900s
kubectl -n "$ns" wait --for=condition=Available deployment --all --timeout=900s
kubectl -n "$ns" get pods,svc
echo "up: kubectl -n $ns port-forward svc/agents 8003:8003, then http://127.0.0.1:8003/"
