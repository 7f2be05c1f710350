#!/usr/bin/env bash
# Compiles a real model with quantc, builds classify.c against it with
# CMake, and classifies one real image (a test of the whole C workflow).
#
#   examples/run_example.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
work="$build/example"
shared="$root/../shared"
mkdir -p "$work/model"

"$build/bin/quantc" "$shared/models/mobilenetv1_0.25_128.onnx" -o "$work/model/model.so"
cmake -S "$root/examples" -B "$work/build" -G Ninja \
  -DQUANTC_MODEL_DIR="$work/model" >/dev/null
cmake --build "$work/build" >/dev/null

# One preprocessed image of the eval split (class 0, tench).
/usr/bin/python3 "$root/scripts/prep_data.py" mobilenetv1_0.25_128 "$work/images" \
  --split eval --limit 1 -q
/usr/bin/python3 - "$work/images.npy" "$work/image.npy" <<'PY'
import sys, numpy as np
np.save(sys.argv[2], np.load(sys.argv[1])[:1].astype(np.float32))
PY
out="$("$work/build/classify" "$work/image.npy" "$shared/data/imagenet-sample/labels.tsv")"
echo "$out"
# The top class must be the image's label.
label=$(/usr/bin/python3 -c "import numpy as np; print(int(np.load('$work/images.labels.npy')[0]))")
top=$(echo "$out" | sed -n 2p | awk '{print $1}')
if [ "$top" != "$label" ]; then
  echo "run_example: top-1 class $top, expected $label" >&2
  exit 1
fi
