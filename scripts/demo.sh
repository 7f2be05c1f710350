#!/usr/bin/env bash
# Quick start: install what is missing, build quantc, compile a real model
# (MobileNetV2 by default), run it on real images and compare accuracy and
# speed with ONNX Runtime. Options are passed to scripts/demo.py.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
exec /usr/bin/python3 "$root/scripts/demo.py" "$@"
