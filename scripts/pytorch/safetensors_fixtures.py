#!/usr/bin/env python3
"""Files written by the reference safetensors implementation (Hugging Face's `safetensors` package,
the Rust library behind PyTorch's and numpy's save_file), for vecnet's interoperability test
(nn/src/test/resources/safetensors/):

  reference_f32.safetensors  float32 tensors whose names sort in an order other than insertion
                             (a.bias < a.weight < b < layer.10.w < layer.2.w), a scalar, an empty
                             tensor, special values (NaN with a payload, ±Inf, -0, subnormals) and
                             metadata {"format": "pt"}: vecnet must read the same bits and write the
                             same bytes
  dtypes.safetensors         one tensor per dtype vecnet reads (F16, BF16, F64, I64, I32, I16, I8,
                             U8, BOOL, F32)
  expected.txt               per tensor of both files: name, dtype, shape, then each element as the
                             float32 bit pattern (hex) vecnet must produce (F64, I32 and I64 rounded to
                             the nearest float32, the others exact)

Run with Debian's torch and the safetensors wheel:
  /usr/bin/python3 -m pip install --user --break-system-packages safetensors   (0.8.0 was used)
  /usr/bin/python3 scripts/pytorch/safetensors_fixtures.py
"""
import os
import struct

import numpy as np
import safetensors
import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "nn", "src", "test", "resources", "safetensors")


def f32_bits(values):
    return ["%08x" % struct.unpack("<I", struct.pack("<f", float(v)))[0] for v in values]


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(11)
    nan_payload = torch.tensor([0x7FC00123], dtype=torch.int32).view(torch.float32)
    special = torch.cat([torch.tensor([float("inf"), float("-inf"), -0.0, 1e-45, -1.17e-38, 3.4e38]),
                         nan_payload])
    f32 = {
        "layer.2.w": torch.randn(3, 4, generator=g),
        "b": torch.randn(5, generator=g),
        "a.weight": torch.randn(2, 3, 2, generator=g),
        "layer.10.w": special,
        "a.bias": torch.tensor(1.5),
        "empty": torch.zeros(0, 3),
    }
    save_file(f32, os.path.join(OUT, "reference_f32.safetensors"), metadata={"format": "pt"})

    r = np.random.default_rng(5)
    dtypes = {
        "f16": torch.tensor([0.5, -2.0, 65504.0, 6e-8, float("inf")], dtype=torch.float16),
        "bf16": torch.tensor([1.0, -3.140625, 1e30, float("-inf")], dtype=torch.bfloat16),
        "f64": torch.tensor([0.1, 1.0 / 3.0, -1e300, 1e-50], dtype=torch.float64),
        "i64": torch.tensor([0, -1, 2**24 + 1, 2**40 + 3, -(2**62)], dtype=torch.int64),
        "i32": torch.tensor([7, -8, 2**24 + 1, 2**31 - 1], dtype=torch.int32),
        "i16": torch.tensor([-32768, 32767, 3], dtype=torch.int16),
        "i8": torch.tensor([-128, 127, 0], dtype=torch.int8),
        "u8": torch.tensor(r.integers(0, 256, size=(2, 3)), dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "f32": torch.tensor([[1.0, 2.0], [3.0, 4.0]]),
    }
    save_file(dtypes, os.path.join(OUT, "dtypes.safetensors"))

    lines = ["# safetensors %s, torch %s; name dtype shape bits..." % (safetensors.__version__, torch.__version__)]
    for file, tensors in (("reference_f32", f32), ("dtypes", dtypes)):
        for name in sorted(tensors):
            t = tensors[name]
            if t.dtype == torch.float32:
                bits = ["%08x" % (b & 0xFFFFFFFF) for b in t.reshape(-1).view(torch.int32).tolist()]
            elif t.dtype in (torch.float64, torch.int64, torch.int32):
                # nearest float32, as numpy's astype rounds (and Java's (float) conversion)
                with np.errstate(over="ignore"):  # -1e300 becomes -inf, as in Java
                    bits = f32_bits(t.reshape(-1).numpy().astype(np.float32).tolist())
            else:
                bits = f32_bits(t.reshape(-1).to(torch.float32).tolist())
            shape = "x".join(str(d) for d in t.shape) or "scalar"
            lines.append(" ".join([file + "/" + name, str(t.dtype).replace("torch.", ""), shape] + bits))
    with open(os.path.join(OUT, "expected.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
