#!/usr/bin/env python3
"""Independent reader of a SweepCluster checkpoint's model.safetensors (run by hand, not in CI).

Parses the file with only `json` and `numpy`: the 8-byte little-endian header length, the JSON header
(dtype / shape / data_offsets per tensor) and the raw little-endian float32 data. Checks the layout (offsets
contiguous, sizes matching shapes, no trailing bytes) and compares every tensor with the statistics the C# side
reports for the same checkpoint:

    dotnet run -c Release --project GpuWorker -- evaluate --checkpoint runs/x/best --tensor-stats /tmp/stats.json
    python3 scripts/read_safetensors.py runs/x/best/model.safetensors /tmp/stats.json

Exit code 0 when everything matches, 1 otherwise.
"""
import json
import struct
import sys

import numpy as np


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    tensors = {}
    spans = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", f"{name}: dtype {info['dtype']}"
        begin, end = info["data_offsets"]
        count = int(np.prod(info["shape"])) if info["shape"] else 1
        assert end - begin == 4 * count, f"{name}: {end - begin} bytes for shape {info['shape']}"
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
        spans.append((begin, end))
    spans.sort()
    at = 0
    for begin, end in spans:
        assert begin == at, f"gap or overlap at byte {at}"
        at = end
    assert at == len(data), f"{len(data) - at} trailing bytes"
    return header.get("__metadata__", {}), tensors


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    metadata, tensors = read(sys.argv[1])
    total = sum(t.size for t in tensors.values())
    print(f"{sys.argv[1]}: {len(tensors)} tensors, {total} parameters, metadata {metadata}")
    for name, t in tensors.items():
        print(f"  {name:40s} {str(list(t.shape)):16s} mean {float(t.mean()):+.6f} std {float(t.std()):.6f}")
    if len(sys.argv) < 3:
        return 0
    with open(sys.argv[2]) as f:
        expected = json.load(f)
    bad = 0
    if set(expected) != set(tensors):
        print(f"tensor names differ: {sorted(set(expected) ^ set(tensors))}")
        bad += 1
    for name, e in expected.items():
        t = tensors.get(name)
        if t is None:
            continue
        flat = t.reshape(-1)
        ok = list(t.shape) == e["shape"] \
            and np.array_equal(flat[:len(e["first"])], np.array(e["first"], dtype=np.float32)) \
            and abs(float(flat.astype(np.float64).sum()) - e["sum"]) <= 1e-9 * max(1.0, abs(e["sum"]))
        if not ok:
            print(f"MISMATCH {name}: shape {list(t.shape)} vs {e['shape']}, first {flat[:4]} vs {e['first']}")
            bad += 1
    print("all tensors match" if bad == 0 else f"{bad} mismatches")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
