#!/usr/bin/python3
"""Compares one output of two runs: compare_npy.py DIR_A DIR_B NAME [STEP]

Prints "NAME: equal E/N, max diff D" and, with STEP, "(S steps)": D / STEP
rounded to 3 decimals, for FileCheck."""
import sys

import numpy as np

a = np.load("%s/%s.npy" % (sys.argv[1], sys.argv[3]))
b = np.load("%s/%s.npy" % (sys.argv[2], sys.argv[3]))
d = float(np.max(np.abs(a.astype(np.float64) - b)))
line = "%s: equal %d/%d, max diff %.3g" % (sys.argv[3], int(np.sum(a == b)), a.size, d)
if len(sys.argv) > 4:
    line += " (%.3f steps)" % (d / float(sys.argv[4]))
print(line)
