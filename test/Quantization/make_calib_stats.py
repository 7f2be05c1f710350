#!/usr/bin/python3
"""Calibration statistics files (the JSON of quantc-calibrate save=/load=)
with synthetic histograms, for the range-method lit tests.

    make_calib_stats.py NAME OUT.json

heavy_tail: for the keys of calibrate-methods.mlir, a 2048-bin histogram
  over [0, 2048] (bin b holds [b, b + 1)) with an exponential bulk,
  1e6 * exp(-b / 40) in bin b < 400, and one outlier in the last bin, for
  "arg:x#0"; and the same mirrored about 0 plus a second tail, over
  [-2048, 2048], for "qc.add@add#0".
negative_hist: a histogram with negative counts (malformed).
"""
import json
import math
import sys

BINS = 2048


def stat(key, lo, hi, hist):
    return {"key": key, "min": lo, "max": hi, "count": sum(hist),
            "hist_min": lo, "hist_max": hi, "hist": hist}


def heavy_tail():
    bulk = [round(1e6 * math.exp(-b / 40)) if b < 400 else 0 for b in range(BINS)]
    one_sided = list(bulk)
    one_sided[-1] += 1
    # Over [-2048, 2048] a bin is 2 wide: the bulk within [-800, 800],
    # outliers at both ends.
    half = [round(1e6 * math.exp(-b / 20)) if b < 200 else 0 for b in range(BINS // 2)]
    two_sided = list(reversed(half)) + half
    two_sided[0] += 1
    two_sided[-1] += 1
    return [stat("arg:x#0", 0.0, 2048.0, one_sided),
            stat("qc.add@add#0", -2048.0, 2048.0, two_sided)]


def negative_hist():
    return [stat("arg:x#0", -1.0, 3.0, [-1] * BINS)]


if __name__ == "__main__":
    makers = {"heavy_tail": heavy_tail, "negative_hist": negative_hist}
    if len(sys.argv) != 3 or sys.argv[1] not in makers:
        sys.exit("usage: make_calib_stats.py {%s} OUT.json" % ",".join(makers))
    with open(sys.argv[2], "w") as f:
        json.dump({"quantc_calibration": 1, "model": "",
                   "tensors": makers[sys.argv[1]]()}, f)
