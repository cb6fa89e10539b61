#!/usr/bin/env bash
# Registers a trained model with modelreg: the last step of a training pipeline.
#
# Runs in any CI job or Kubeflow Pipelines container that has Node 20+ and the `modelreg` CLI
# (`npm install -g modelreg`), after the training step has uploaded the model's files.
#
# Environment:
#   MODEL_NAME            required  registered model name, e.g. mnist (created on first use)
#   MODEL_VERSION         required  version name, e.g. v1.3 or the pipeline run id; must be new
#   MODEL_URI             required  where the files are: s3://…, gs://…, oci://…, hf://…, https://…
#   MODEL_FORMAT          optional  model format, e.g. onnx, pytorch, tensorflow, sklearn
#   MODEL_FORMAT_VERSION  optional  version of that format, e.g. 1
#   MODEL_DESCRIPTION     optional  description of the version
#   METRICS_FILE          optional  JSON or YAML map written by the training step, e.g.
#                                   {"accuracy": 0.97, "epochs": 12}; stored as the version's
#                                   metadata with their types, so `modelreg search "accuracy > 0.9"` finds it
#   VERSION_ID_FILE       optional  file to write the new version id to (a Kubeflow Pipelines
#                                   output parameter path, for example)
#   MODELREG_URL          the registry, default http://127.0.0.1:8080
#   MODELREG_TOKEN        bearer token, when the registry asks for one (never printed)
#   MODELREG_AUTHOR       author recorded on the version (default: $USER)
#
# Prints the new version id on stdout. Exits non-zero (and says why on stderr, in one line) when the
# registry is unreachable, the version already exists, or an argument is wrong, so the step fails.
set -euo pipefail

: "${MODEL_NAME:?set MODEL_NAME to the registered model name}"
: "${MODEL_VERSION:?set MODEL_VERSION to the version to register}"
: "${MODEL_URI:?set MODEL_URI to where the model files are}"

args=(register --name "$MODEL_NAME" --version "$MODEL_VERSION" --uri "$MODEL_URI" --json)
if [[ -n "${MODEL_FORMAT:-}" ]]; then args+=(--format "$MODEL_FORMAT"); fi
if [[ -n "${MODEL_FORMAT_VERSION:-}" ]]; then args+=(--format-version "$MODEL_FORMAT_VERSION"); fi
if [[ -n "${MODEL_DESCRIPTION:-}" ]]; then args+=(--description "$MODEL_DESCRIPTION"); fi
if [[ -n "${METRICS_FILE:-}" ]]; then args+=(--metadata-file "$METRICS_FILE"); fi

registration="$(modelreg "${args[@]}")"

# The CLI needs Node anyway, so Node reads its JSON: no jq needed in the image.
version_id="$(printf '%s' "$registration" | node -e '
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => console.log(JSON.parse(text).version.id));
')"

if [[ -n "${VERSION_ID_FILE:-}" ]]; then
  mkdir -p "$(dirname "$VERSION_ID_FILE")"
  printf '%s' "$version_id" >"$VERSION_ID_FILE"
fi
echo "registered ${MODEL_NAME} ${MODEL_VERSION} as version ${version_id}" >&2
echo "$version_id"
