"""Helpers the test and benchmark scripts share for driving quantc's tools.

    sys.path.insert(0, "<repo>/scripts"); import quantc_tools
"""

import subprocess
import sys


def run(cmd, who):
    """Runs cmd; exits with `who: failed: <cmd>` and its output on failure,
    returns its stdout."""
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("%s: failed: %s\n%s%s" % (who, " ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def info(qrun, so, who):
    """(inputs, outputs) of an artifact from `quantc-run --info`: dicts with
    "name" and, for quantized forms, "scale" and "zero_point"."""
    ins, outs = [], []
    for line in run([qrun, so, "--info"], who).splitlines()[1:]:
        parts = line.split()
        entry = {"name": parts[1].rstrip(":")}
        if "quantized" in parts:
            entry["scale"] = float(parts[parts.index("scale") + 1])
            entry["zero_point"] = int(parts[parts.index("zero_point") + 1])
        (ins if parts[0] == "input" else outs).append(entry)
    return ins, outs


def fname(name):
    """The file name stem quantc-run and ort_run.js give an output."""
    return "".join(c if c.isalnum() or c in "_-." else "_" for c in name)
