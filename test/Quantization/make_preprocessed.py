"""A classifier with its preprocessing moved into the graph, as deployed
models often ship: the model reads raw pixel values (0..255, float) and
computes (x - mean) / std itself with per-channel [1, 3, 1, 1] constants.

usage: make_preprocessed.py MODEL.onnx PREFIX DATA.npy [DATA.npy ...]

Each DATA.npy (prep_data.py output, with DATA.meta.json beside it giving
x = raw * scale + offset) is written as PREFIX.<name>.raw.npy, the raw
pixels; the model as PREFIX.onnx, computing the same function of raw pixels
as MODEL.onnx of the prepared ones."""
import json
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def main():
    model_path, prefix, data = sys.argv[1], sys.argv[2], sys.argv[3:]
    meta = json.load(open(data[0][:-len(".npy")] + ".meta.json"))
    scale, offset = float(meta["scale"]), float(meta["offset"])
    model = onnx.load(model_path)
    graph = model.graph
    name = graph.input[0].name
    for node in graph.node:
        for i, x in enumerate(node.input):
            if x == name:
                node.input[i] = "normalized"
    # x * scale + offset == (x - mean) / std with mean = -offset / scale,
    # std = 1 / scale (the same for each channel here, but per channel).
    mean = np.full([1, 3, 1, 1], -offset / scale, np.float32)
    std = np.full([1, 3, 1, 1], 1 / scale, np.float32)
    graph.node.insert(0, helper.make_node("Div", ["centered", "std"], ["normalized"], name="pre_div"))
    graph.node.insert(0, helper.make_node("Sub", [name, "mean"], ["centered"], name="pre_sub"))
    graph.initializer.extend([numpy_helper.from_array(mean, "mean"),
                              numpy_helper.from_array(std, "std")])
    onnx.save(model, prefix + ".onnx")
    for path in data:
        raw = np.rint((np.load(path) - offset) / scale)
        assert raw.min() >= 0 and raw.max() <= 255
        base = os.path.basename(path)[:-len(".npy")]
        np.save("%s.%s.raw.npy" % (prefix, base), raw.astype(np.float32))


if __name__ == "__main__":
    main()
