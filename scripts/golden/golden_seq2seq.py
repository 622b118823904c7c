#!/usr/bin/env python3
"""Golden expectations for the engine's encoder-decoder (Seq2SeqModel), computed by PyTorch (Debian python3-torch 1.13).

Usage: /usr/bin/python3 scripts/golden/golden_seq2seq.py IN_DIR/seq2seq OUT_DIR/seq2seq

IN_DIR/seq2seq is written by Seq2SeqGoldenTests.WriteInputs (SWEEP_GOLDEN_DUMP, see docs/golden.md): manifest.json
(config, source tokens, decoder input, targets, tensor table) and params.bin (float32 LE, tensor-table order).
The script rebuilds the architecture from plain tensor operations with the engine's state-dict names (pre-LayerNorm
blocks, eps 1e-5, exact GELU, learned positions, padding keys masked unless a row is all padding, causal decoder
self-attention, cross-attention over the encoder's final LayerNorm, head Linear), runs one forward/backward pass with
cross_entropy(ignore_index=-1, label_smoothing) and writes manifest.json, expected.json (loss, clip_norm = global
gradient norm, params_sha256, torch version) and grads.bin (every gradient, flat in table order, float32 LE).
"""
import hashlib
import json
import math
import pathlib
import shutil
import sys

import numpy as np
import torch
import torch.nn.functional as F


def main():
    src_dir, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    m = json.loads((src_dir / "manifest.json").read_text())
    raw = (src_dir / "params.bin").read_bytes()
    flat = np.frombuffer(raw, dtype="<f4")
    p = {}
    for t in m["tensors"]:
        n = int(np.prod(t["shape"]))
        p[t["name"]] = torch.tensor(flat[t["offset"]:t["offset"] + n].reshape(t["shape"]), requires_grad=True)
    cfg, b = m["config"], m["batch"]
    c, heads, layers = cfg["d_model"], cfg["heads"], cfg["layers"]
    src = torch.tensor(m["tokens"]).view(b, -1)
    dec = torch.tensor(m["decoder_input"]).view(b, -1)
    tgt = torch.tensor(m["targets"]).view(b, -1)

    def ln(x, name):
        return F.layer_norm(x, (c,), p[name + ".weight"], p[name + ".bias"], 1e-5)

    def lin(x, name):
        return x @ p[name + ".weight"].T + p[name + ".bias"]

    def mha(q, k, v, mask):
        bq, tq, _ = q.shape
        tk = k.shape[1]
        hd = c // heads
        q, k, v = (z.view(bq, -1, heads, hd).transpose(1, 2) for z in (q, k, v))
        s = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        s = s.masked_fill(mask, float("-inf"))
        return (F.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(bq, tq, c)

    def ffn(x, pre):
        return x + lin(F.gelu(lin(ln(x, pre + "ln2"), pre + "fc1")), pre + "fc2")

    def self_attn(x, pre, mask):
        q, k, v = lin(ln(x, pre + "ln1"), pre + "attn.qkv").split(c, dim=2)
        return x + lin(mha(q, k, v, mask), pre + "attn.proj")

    pad = src == 0
    key_mask = (pad & ~pad.all(dim=1, keepdim=True))[:, None, None, :]
    src_emb = p.get("tok_emb.weight", p.get("src_emb.weight"))
    tgt_emb = p.get("tok_emb.weight", p.get("tgt_emb.weight"))
    x = src_emb[src] + p["enc_pos.weight"][: src.shape[1]]
    for l in range(layers):
        x = ffn(self_attn(x, f"encoder.{l}.", key_mask), f"encoder.{l}.")
    enc = ln(x, "encoder.ln_f")
    t = dec.shape[1]
    causal = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)[None, None]
    y = tgt_emb[dec] + p["dec_pos.weight"][:t]
    for l in range(layers):
        pre = f"decoder.{l}."
        y = self_attn(y, pre, causal)
        k, v = lin(enc, pre + "cross.kv").split(c, dim=2)
        y = y + lin(mha(lin(ln(y, pre + "lnc"), pre + "cross.q"), k, v, key_mask), pre + "cross.proj")
        y = ffn(y, pre)
    logits = lin(ln(y, "decoder.ln_f"), "head")
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=-1,
                           label_smoothing=cfg["label_smoothing"])
    loss.backward()
    grads = [p[t["name"]].grad.reshape(-1) for t in m["tensors"]]
    norm = torch.norm(torch.cat(grads)).item()
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(src_dir / "manifest.json", out_dir / "manifest.json")
    (out_dir / "grads.bin").write_bytes(torch.cat(grads).detach().numpy().astype("<f4").tobytes())
    (out_dir / "expected.json").write_text(json.dumps({
        "loss": loss.item(), "clip_norm": norm, "params_sha256": hashlib.sha256(raw).hexdigest(),
        "torch": torch.__version__}, indent=2) + "\n")


if __name__ == "__main__":
    main()
