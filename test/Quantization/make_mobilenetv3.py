#!/usr/bin/python3
"""torchvision's MobileNetV3-Small as ONNX, for the INT8 structure test.

    make_mobilenetv3.py CALIB.npy OUT.onnx

No pretrained weights are available offline, so the weights are
torchvision's random initialization (seed 0); the BatchNorm running
statistics are then re-estimated on the calibration images (a forward pass
in train mode with cumulative averaging), so that every layer sees
normalized activations as in a trained network instead of vanishing ones.
The graph has what quantc's products are for: HardSwish, and
squeeze-and-excitation gates (a HardSigmoid of a pooled branch multiplying
the feature map, a broadcast product).
"""
import sys

import numpy as np
import torch
import torchvision


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    torch.manual_seed(0)
    model = torchvision.models.mobilenet_v3_small(weights=None)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the batches
    x = torch.from_numpy(np.load(sys.argv[1]))
    model.train()
    with torch.no_grad():
        for i in range(0, len(x), 8):
            model(x[i:i + 8])
    model.eval()
    torch.onnx.export(model, x[:1], sys.argv[2], input_names=["input"],
                      output_names=["logits"], opset_version=14)


if __name__ == "__main__":
    main()
