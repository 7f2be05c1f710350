#!/usr/bin/python3
"""Checks that a quantized artifact's LLVM IR is integer-only.

    /usr/bin/python3 test/e2e/float_free.py MODEL.ll

MODEL.ll is `quantc --quantize=int8 --emit=llvm` output. The integer entry
@main_quantized and every function it runs (its parallel bodies
@main_quantized_parallel_*) must contain no floating-point instruction
(fadd, fmul, fcmp, sitofp, fptosi, ..., and float intrinsics). Float code is
allowed only at the artifact's boundary: the float entry @main (which
quantizes the inputs, calls @main_quantized and dequantizes the outputs),
its parallel bodies @main_parallel_*, and the ABI wrapper @__quantc_invoke
that @main may be inlined into. The model body must exist once: no
integer dot-product intrinsic outside @main_quantized*.

Prints one line per offending function and exits 1, or "float-free: ..."
and exits 0.
"""

import re
import sys

FLOAT_OPS = re.compile(
    r"(?:=\s*|^\s*)(fadd|fsub|fmul|fdiv|frem|fneg|fcmp|sitofp|uitofp|fptosi|"
    r"fptoui|fpext|fptrunc)\b"
    r"|@llvm\.(?:roundeven|rint|nearbyint|round|floor|ceil|trunc|fma|fmuladd|"
    r"minnum|maxnum|minimum|maximum|sqrt|exp|log|pow|fabs|copysign)\.[fv]")
DOT = re.compile(r"@llvm\.x86\.(?:avx512\.vpdpbusd|avx512\.pmaddw|avx2\.pmadd)")
BOUNDARY = re.compile(r"^(main|main_parallel(_\d+)?(_trampoline)?|__quantc_invoke)$")
INTEGER = re.compile(r"^main_quantized(_parallel(_\d+)?(_trampoline)?)?$")


def scan(text):
    """{function: (float instruction lines, dot-product lines)}."""
    funcs, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"define [^@]*@([\w.$\"]+)\(", line)
        if m:
            cur = m.group(1).strip('"')
            funcs[cur] = ([], [])
            continue
        if line.startswith("}"):
            cur = None
            continue
        if cur is None:
            continue
        if FLOAT_OPS.search(line):
            funcs[cur][0].append(line.strip())
        if DOT.search(line):
            funcs[cur][1].append(line.strip())
    return funcs


def check(text):
    funcs = scan(text)
    problems = []
    if "main_quantized" not in funcs:
        problems.append("no @main_quantized: not a quantized artifact")
    for name, (floats, dots) in sorted(funcs.items()):
        if floats and not BOUNDARY.match(name):
            problems.append("%s: %d float instruction(s), e.g. %s" %
                            (name, len(floats), floats[0]))
        if dots and not INTEGER.match(name):
            problems.append("%s: integer kernel code outside @main_quantized "
                            "(the model body is duplicated)" % name)
    integer = [n for n in funcs if INTEGER.match(n)]
    return problems, integer


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        problems, integer = check(f.read())
    for p in problems:
        print("float_free: " + p)
    if problems:
        return 1
    print("float-free: %d integer function(s) (@main_quantized and its parallel "
          "bodies) without a float instruction" % len(integer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
