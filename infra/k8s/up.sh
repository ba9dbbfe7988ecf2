#!/usr/bin/env bash
# Deploy the dev overlay on a local kind or k3d cluster and wait until every service is ready:
#   make k8s-up            (CLUSTER=kind|k3d, default: whichever is installed; RAY=1 for the RayJobs)
# Needs a Docker engine, kubectl and kind or k3d. Builds the images (make images), loads them
# into the cluster, creates random API keys, applies the overlay, trains a first champion (a
# one-off run of the retraining CronJob, or from this machine through a port-forward when the
# copy has no such job), then waits for every Deployment to be available.
# Not run on the machine this repository was built on (no cluster there): see README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ns=ai-portfolio-dev
cluster=${CLUSTER:-$(command -v kind >/dev/null && echo kind || { command -v k3d >/dev/null && echo k3d; } || true)}
[ -n "$cluster" ] || { echo "install kind or k3d (or set CLUSTER)" >&2; exit 2; }
command -v kubectl >/dev/null || { echo "kubectl is needed" >&2; exit 2; }

make images
# The images the overlay runs (those `make images` built).
images=$(kubectl kustomize infra/k8s/overlays/dev | sed -n 's|.*image: ai-portfolio/\([^:]*\):.*|\1|p' | sort -u)
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
  keys=()
  keys+=(--from-literal=churn="$(key)")  # only: churn_api
  keys+=(--from-literal=rag="$(key)")  # only: rag_qa
  keys+=(--from-literal=mlops="$(key)")  # only: mlops_pipeline
  keys+=(--from-literal=agents="$(key)")  # only: agents
  kubectl -n "$ns" create secret generic api-keys "${keys[@]}"
fi
kubectl apply -k infra/k8s/overlays/dev
kubectl -n "$ns" rollout status deployment/mlflow --timeout=300s
# >>> churn_api
# churn-api is ready only once the registry has a champion: train one now.
if kubectl -n "$ns" get cronjob/retrain >/dev/null 2>&1; then
  kubectl -n "$ns" delete job retrain-now --ignore-not-found
  kubectl -n "$ns" create job retrain-now --from=cronjob/retrain
  kubectl -n "$ns" wait --for=condition=complete job/retrain-now --timeout=900s
else
  kubectl -n "$ns" port-forward svc/mlflow 5000:5000 >/dev/null & forward=$!
  sleep 3
  CHURN_MLFLOW_TRACKING_URI=http://127.0.0.1:5000 make train-churn
  kill "$forward"
fi
# <<< churn_api
kubectl -n "$ns" wait --for=condition=Available deployment --all --timeout=900s
kubectl -n "$ns" get pods,svc
# >>> agents|mlops_pipeline
# RAY=1: the KubeRay operator (Helm, >= 1.5.1 for token auth) and the ray overlay's RayJobs,
# waited for until each has completed.
if [ "${RAY:-0}" = 1 ]; then
  helm repo add kuberay https://ray-project.github.io/kuberay-helm/ >/dev/null
  helm upgrade --install kuberay-operator kuberay/kuberay-operator --version "${KUBERAY_VERSION:-1.5.1}" \
    --namespace kuberay-system --create-namespace --wait
  kubectl apply -k infra/k8s/overlays/ray
  kubectl -n "$ns" wait --for=jsonpath='{.status.jobDeploymentStatus}'=Complete rayjob --all --timeout=1800s
  kubectl -n "$ns" get rayjobs
fi
# <<< agents|mlops_pipeline
echo "up: kubectl -n $ns port-forward svc/<service> <port>:<port> to reach one"
