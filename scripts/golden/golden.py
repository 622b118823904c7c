#!/usr/bin/env python3
"""Golden expectations for SweepCluster's transformer engine, computed by PyTorch (Debian python3-torch 1.13).

Usage: /usr/bin/python3 scripts/golden/golden.py IN_DIR OUT_DIR

IN_DIR holds one folder per case written by the C# test helper (SWEEP_GOLDEN_DUMP, see docs/golden.md):
manifest.json (model config, tokens, targets, tensor table, optimizer settings) and params.bin (the engine's
initial weights, float32 little-endian, in tensor-table order). For every case this script rebuilds the same
architecture, loads those weights, runs one forward/backward pass and writes OUT_DIR/<case>/:
  manifest.json   copied from IN_DIR
  expected.json   loss, global gradient norm (clip_grad_norm_), sha256 of the weights it loaded, torch version
  logits.bin      logits ([B, T, vocab] or [B, classes]), float32 LE
  grads.bin       every parameter gradient, flat in tensor-table order, float32 LE
  opt_<name>.bin  for each optimizer in the manifest: new weights minus initial weights after two steps
                  (gradient g, then g2[i] = 0.5 * g[(i * 7919) % n]), flat, float32 LE
"""
import hashlib
import json
import math
import pathlib
import shutil
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def geometric_slopes(n):
    first = 2.0 ** (-8.0 / n)
    return [first ** (k + 1) for k in range(n)]


def alibi_slopes(heads):
    """Press et al.'s slopes; for a head count that is not a power of two, the slopes of the nearest lower power of
    two followed by every second slope of twice that count."""
    lower = 1 << (heads.bit_length() - 1)
    slopes = geometric_slopes(lower)
    if lower != heads:
        slopes += geometric_slopes(2 * lower)[0::2][: heads - lower]
    return slopes


def rotate(x, cos, sin):
    """Rotary embedding on the last dimension, pairs (2i, 2i+1); x [B, H, T, hd], cos/sin [T, hd/2]."""
    even, odd = x[..., 0::2], x[..., 1::2]
    out_even = even * cos - odd * sin
    out_odd = even * sin + odd * cos
    return torch.stack((out_even, out_odd), dim=-1).flatten(-2)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["d_model"]
        self.heads = cfg["heads"]
        self.hd = d // self.heads
        self.causal = cfg["head"] == "lm"
        self.scheme = cfg["positional"]
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        block = cfg["block"]
        if self.scheme == "alibi":
            self.register_buffer("slopes", torch.tensor(alibi_slopes(self.heads), dtype=torch.float32), persistent=False)
        if self.scheme == "rope":
            pos = torch.arange(block, dtype=torch.float64)[:, None]
            freq = 10000.0 ** (-2.0 * torch.arange(self.hd // 2, dtype=torch.float64) / self.hd)
            self.register_buffer("cos", torch.cos(pos * freq).float(), persistent=False)
            self.register_buffer("sin", torch.sin(pos * freq).float(), persistent=False)

    def forward(self, x, pad):
        b, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, self.hd).transpose(1, 2) for z in (q, k, v))
        if self.scheme == "rope":
            q = rotate(q, self.cos[:t], self.sin[:t])
            k = rotate(k, self.cos[:t], self.sin[:t])
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.hd))
        if self.scheme == "alibi":
            idx = torch.arange(t)
            distance = (idx[:, None] - idx[None, :]).abs().float()
            scores = scores - self.slopes[:, None, None] * distance
        if self.causal:
            future = torch.ones(t, t, dtype=torch.bool).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        else:
            has_keys = (~pad).any(dim=1)
            key_mask = pad & has_keys[:, None]
            scores = scores.masked_fill(key_mask[:, None, None, :], float("-inf"))
        probs = torch.softmax(scores, dim=-1)
        y = (probs @ v).transpose(1, 2).reshape(b, t, d)
        return self.proj(y)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["d_model"]
        self.ln1 = nn.LayerNorm(d)
        self.attn = Attention(cfg)
        self.ln2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, cfg["d_ff"])
        self.fc2 = nn.Linear(cfg["d_ff"], d)
        self.gelu = cfg["activation"] == "gelu"

    def forward(self, x, pad):
        x = x + self.attn(self.ln1(x), pad)
        h = self.fc1(self.ln2(x))
        h = F.gelu(h) if self.gelu else F.relu(h)
        return x + self.fc2(h)


class Model(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, vocab, block = cfg["d_model"], cfg["vocab"], cfg["block"]
        self.cfg = cfg
        self.tok_emb = nn.Embedding(vocab, d)
        if cfg["positional"] == "learned":
            self.pos_emb = nn.Embedding(block, d)
        if cfg["positional"] == "sinusoidal":
            pos = torch.arange(block, dtype=torch.float64)[:, None]
            freq = torch.exp(-math.log(10000.0) * torch.arange(0, d, 2, dtype=torch.float64) / d)
            table = torch.zeros(block, d, dtype=torch.float64)
            table[:, 0::2] = torch.sin(pos * freq)
            table[:, 1::2] = torch.cos(pos * freq)
            self.register_buffer("sin_table", table.float(), persistent=False)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg["layers"])])
        self.ln_f = nn.LayerNorm(d)
        if cfg["head"] == "lm":
            if cfg["tied_head"]:
                self.head = nn.Module()
                self.head.bias = nn.Parameter(torch.zeros(vocab))
            else:
                self.head = nn.Linear(d, vocab)
        else:
            self.cls = nn.Module()
            self.cls.fc1 = nn.Linear(d, cfg["classifier_hidden"])
            self.cls.fc2 = nn.Linear(cfg["classifier_hidden"], cfg["classes"])

    def forward(self, tokens):
        b, t = tokens.shape
        pad = tokens == 0
        x = self.tok_emb(tokens)
        if self.cfg["positional"] == "learned":
            x = x + self.pos_emb.weight[:t][None]
        elif self.cfg["positional"] == "sinusoidal":
            x = x + self.sin_table[:t][None]
        for blk in self.blocks:
            x = blk(x, pad)
        h = self.ln_f(x)
        if self.cfg["head"] == "lm":
            weight = self.tok_emb.weight if self.cfg["tied_head"] else self.head.weight
            return F.linear(h, weight, self.head.bias)
        keep = (~pad) | ~(~pad).any(dim=1, keepdim=True)
        keep = keep.float()[..., None]
        pooled = (h * keep).sum(dim=1) / keep.sum(dim=1)
        return self.cls.fc2(F.relu(self.cls.fc1(pooled)))


def make_optimizer(spec, params):
    kind = spec["kind"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec["momentum"], dampening=spec["dampening"],
                               weight_decay=spec["weight_decay"], nesterov=spec["nesterov"])
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(params, lr=spec["lr"], betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"],
                   weight_decay=spec["weight_decay"])
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=spec["lr"], lr_decay=spec["lr_decay"], weight_decay=spec["weight_decay"],
                                   eps=spec["eps"])
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=spec["lr"], alpha=spec["alpha"], eps=spec["eps"],
                                   weight_decay=spec["weight_decay"], momentum=spec["momentum"],
                                   centered=spec["centered"])
    raise ValueError(f"unknown optimizer kind {kind}")


def write_floats(path, array):
    np.asarray(array, dtype="<f4").tofile(path)


def run_case(in_dir, out_dir):
    manifest = json.loads((in_dir / "manifest.json").read_text())
    raw = (in_dir / "params.bin").read_bytes()
    flat = np.frombuffer(raw, dtype="<f4").copy()
    cfg = manifest["config"]
    model = Model(cfg)
    named = dict(model.named_parameters())
    tensors = manifest["tensors"]
    if sorted(named) != sorted(t["name"] for t in tensors):
        raise SystemExit(f"{manifest['name']}: tensor names differ: {sorted(named)} vs {[t['name'] for t in tensors]}")
    for t in tensors:
        n = int(np.prod(t["shape"]))
        with torch.no_grad():
            named[t["name"]].copy_(torch.from_numpy(flat[t["offset"]:t["offset"] + n].reshape(t["shape"])))
    order = [named[t["name"]] for t in tensors]

    b, t = manifest["batch"], manifest["length"]
    tokens = torch.tensor(manifest["tokens"], dtype=torch.long).view(b, t)
    targets = torch.tensor(manifest["targets"], dtype=torch.long)
    logits = model(tokens)
    if cfg["head"] == "lm":
        loss = F.cross_entropy(logits.reshape(-1, cfg["vocab"]), targets, ignore_index=-1)
    else:
        loss = F.cross_entropy(logits, targets, ignore_index=-1)
    loss.backward()
    grads = np.concatenate([p.grad.detach().numpy().ravel() for p in order]).astype("<f4")
    # clip_grad_norm_ takes parameters and clips their .grad in place: give it stand-ins holding copies
    stand_ins = []
    for p in order:
        s = p.detach().clone().requires_grad_()
        s.grad = p.grad.detach().clone()
        stand_ins.append(s)
    clip_norm = float(torch.nn.utils.clip_grad_norm_(stand_ins, manifest["clip_max_norm"]))

    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(in_dir / "manifest.json", out_dir / "manifest.json")
    write_floats(out_dir / "logits.bin", logits.detach().numpy().ravel())
    write_floats(out_dir / "grads.bin", grads)

    n_total = flat.size
    perm = (np.arange(n_total, dtype=np.int64) * 7919) % n_total
    second = (np.float32(0.5) * grads[perm]).astype(np.float32)
    for spec in manifest["optimizers"]:
        params = []
        for t in tensors:
            n = int(np.prod(t["shape"]))
            params.append(torch.from_numpy(flat[t["offset"]:t["offset"] + n].copy()).requires_grad_())
        opt = make_optimizer(spec, params)
        for g in (grads, second):
            for p, t in zip(params, tensors):
                p.grad = torch.from_numpy(g[t["offset"]:t["offset"] + p.numel()].copy())
            opt.step()
        after = np.concatenate([p.detach().numpy().ravel() for p in params])
        write_floats(out_dir / f"opt_{spec['name']}.bin", after - flat)

    expected = {
        "loss": float(loss),
        "clip_norm": clip_norm,
        "params_sha256": hashlib.sha256(raw).hexdigest(),
        "torch_version": torch.__version__,
    }
    (out_dir / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(f"{manifest['name']}: loss {float(loss):.6f}, grad norm {clip_norm:.6f}, {len(manifest['optimizers'])} optimizers")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    in_root, out_root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    cases = sorted(p for p in in_root.iterdir() if (p / "manifest.json").exists())
    if not cases:
        raise SystemExit(f"no cases under {in_root}")
    for case in cases:
        run_case(case, out_root / case.name)


if __name__ == "__main__":
    main()
