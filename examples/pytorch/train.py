#!/usr/bin/env python3
"""Transformer-encoder speech classifier (UCSD CSE 256 PA2) in PyTorch, as a SweepCluster `command` trial.

Speaks the command-trainer protocol (docs/command-trainer.md):
  * hyperparameters arrive as --name=value arguments (and as JSON in SWEEP_PARAMS);
  * after every evaluation it prints `@@sweep {"step": ..., "epoch": ..., "val_accuracy": ...}` on stdout;
  * it writes SWEEP_CHECKPOINT_DIR/last/ after every epoch and best/ when the objective improves;
  * it resumes from SWEEP_RESUME_DIR when that is set;
  * on SIGTERM (the scheduler stopped the trial) it saves last/ and exits 0 at the next batch boundary.
Runs on CUDA when a GPU is visible (CUDA_VISIBLE_DEVICES is set per trial by the worker), else on CPU.

Standalone: python3 examples/pytorch/train.py --epochs=2 --train_limit=300
"""
import argparse
import json
import math
import os
import re
import signal
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LABELS = 3  # 0 = Obama, 1 = George W. Bush, 2 = George H. W. Bush
PAD, UNK = 0, 1
TOKEN = re.compile(r"[A-Za-z]+(?=n't)|n't|'[A-Za-z]+|[A-Za-z0-9]+(?:[.,][0-9]+)*|[^\sA-Za-z0-9]")


def default_data_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "data", "pa2-speeches"))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data_dir", default=os.environ.get("SWEEP_DATA_DIR") or default_data_dir())
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch_size", type=int, default=16)
    p.add_argument("--block_size", type=int, default=32)
    p.add_argument("--d_model", type=int, default=64)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--d_ff", type=int, default=0, help="feed-forward width (0 = 4 * d_model)")
    p.add_argument("--dropout", type=float, default=0.0)
    p.add_argument("--positional", choices=["learned", "sinusoidal", "alibi"], default="learned")
    p.add_argument("--optimizer", choices=["adamw", "sgd", "adagrad"], default="adamw")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight_decay", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9, help="SGD momentum")
    p.add_argument("--classifier_hidden", type=int, default=100)
    p.add_argument("--seed", type=int, default=int(os.environ.get("SWEEP_SEED", "0")) % (2 ** 31))
    p.add_argument("--train_limit", type=int, default=0, help="use a fixed random subset of N training rows (0 = all)")
    p.add_argument("--val_limit", type=int, default=0, help="evaluate on a fixed random subset of N validation rows (0 = all)")
    p.add_argument("--threads", type=int, default=int(os.environ.get("SWEEP_THREADS", "0") or 0))
    args, unknown = p.parse_known_args(argv)
    for arg in unknown:
        print(f"warning: ignoring unknown argument {arg}", file=sys.stderr)
    if args.d_model % args.heads != 0:
        p.error(f"--d_model={args.d_model} is not divisible by --heads={args.heads}")
    return args


# ----------------------------------------------------------------------------------------------- data
def tokenize(text):
    return TOKEN.findall(text)


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().replace("\r\n", "\n").split("\n"):
            if "\t" not in line:
                continue
            label, text = line.split("\t", 1)
            rows.append((int(label), text))
    return rows


def subset(rows, limit):
    """A fixed (seed 0) random subset of `limit` rows, so every trial sees the same one; all rows when limit is 0."""
    if not limit or limit >= len(rows):
        return rows
    order = torch.randperm(len(rows), generator=torch.Generator().manual_seed(0)).tolist()
    return [rows[i] for i in sorted(order[:limit])]


def build_vocab(data_dir, train_rows):
    words = set()
    for _, text in train_rows:
        words.update(tokenize(text))
    lm = os.path.join(data_dir, "train_LM.txt")
    if os.path.exists(lm):
        with open(lm, encoding="utf-8") as f:
            words.update(tokenize(f.read()))
    return {w: i + 2 for i, w in enumerate(sorted(words))}


def encode(rows, vocab, block):
    ids = torch.full((len(rows), block), PAD, dtype=torch.long)
    labels = torch.tensor([label for label, _ in rows], dtype=torch.long)
    for r, (_, text) in enumerate(rows):
        tokens = [vocab.get(w, UNK) for w in tokenize(text)][:block] or [UNK]
        ids[r, : len(tokens)] = torch.tensor(tokens)
    return ids, labels


# ---------------------------------------------------------------------------------------------- model
def sinusoidal_table(block, d):
    pos = torch.arange(block, dtype=torch.float32)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    table = torch.zeros(block, d)
    table[:, 0::2] = torch.sin(pos * div)
    table[:, 1::2] = torch.cos(pos * div)[:, : d // 2]
    return table


def alibi_slopes(heads):
    return torch.tensor([2.0 ** (-8.0 * (h + 1) / heads) for h in range(heads)])


class SelfAttention(nn.Module):
    """Multi-head softmax attention over the unpadded tokens; ALiBi adds -slope * |i - j| to the scores."""

    def __init__(self, d, heads, dropout, block, alibi):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.drop = nn.Dropout(dropout)
        if alibi:
            pos = torch.arange(block)
            distance = (pos[None, :] - pos[:, None]).abs().float()
            self.register_buffer("bias", -alibi_slopes(heads)[:, None, None] * distance, persistent=False)
        else:
            self.bias = None

    def forward(self, x, pad):
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(c // self.heads)
        if self.bias is not None:
            scores = scores + self.bias[:, :t, :t]
        scores = scores.masked_fill(pad[:, None, None, :], float("-inf"))
        weights = self.drop(F.softmax(scores, dim=-1))
        return self.proj((weights @ v).transpose(1, 2).reshape(b, t, c))


class Block(nn.Module):
    def __init__(self, d, heads, d_ff, dropout, block, alibi):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = SelfAttention(d, heads, dropout, block, alibi)
        self.ln2 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, d_ff), nn.ReLU(), nn.Linear(d_ff, d), nn.Dropout(dropout))

    def forward(self, x, pad):
        x = x + self.attn(self.ln1(x), pad)
        return x + self.ff(self.ln2(x))


class EncoderClassifier(nn.Module):
    def __init__(self, vocab_size, a):
        super().__init__()
        d = a.d_model
        self.positional = a.positional
        self.tokens = nn.Embedding(vocab_size, d, padding_idx=PAD)
        if a.positional == "learned":
            self.positions = nn.Embedding(a.block_size, d)
        elif a.positional == "sinusoidal":
            self.register_buffer("table", sinusoidal_table(a.block_size, d), persistent=False)
        self.drop = nn.Dropout(a.dropout)
        self.blocks = nn.ModuleList(
            Block(d, a.heads, a.d_ff or 4 * d, a.dropout, a.block_size, a.positional == "alibi") for _ in range(a.layers))
        self.ln = nn.LayerNorm(d)
        self.head = nn.Sequential(nn.Linear(d, a.classifier_hidden), nn.ReLU(), nn.Linear(a.classifier_hidden, LABELS))

    def forward(self, ids):
        pad = ids == PAD
        pad[:, 0] = False  # every row keeps at least one position
        x = self.tokens(ids)
        t = ids.shape[1]
        if self.positional == "learned":
            x = x + self.positions(torch.arange(t, device=ids.device))
        elif self.positional == "sinusoidal":
            x = x + self.table[:t]
        x = self.drop(x)
        for block in self.blocks:
            x = block(x, pad)
        x = self.ln(x)
        keep = (~pad).unsqueeze(-1).float()
        pooled = (x * keep).sum(1) / keep.sum(1)
        return self.head(pooled)


def make_optimizer(model, a):
    if a.optimizer == "adamw":
        return torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    if a.optimizer == "sgd":
        return torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum, weight_decay=a.weight_decay)
    return torch.optim.Adagrad(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)


# ----------------------------------------------------------------------------------------- checkpoints
def save(directory, state):
    os.makedirs(directory, exist_ok=True)
    tmp = os.path.join(directory, "checkpoint.pt.tmp")
    torch.save(state, tmp)
    os.replace(tmp, os.path.join(directory, "checkpoint.pt"))


def report(**metrics):
    print("@@sweep " + json.dumps(metrics), flush=True)


def evaluate(model, ids, labels, batch, device):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(ids), batch):
            x, y = ids[i: i + batch].to(device), labels[i: i + batch].to(device)
            logits = model(x)
            loss += F.cross_entropy(logits, y, reduction="sum").item()
            correct += (logits.argmax(-1) == y).sum().item()
    model.train()
    return loss / len(ids), correct / len(ids)


def main(argv):
    a = parse_args(argv)
    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))
    torch.manual_seed(a.seed)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    checkpoint_dir = os.environ.get("SWEEP_CHECKPOINT_DIR", "runs/pytorch-standalone")
    objective = os.environ.get("SWEEP_OBJECTIVE", "val_accuracy")
    maximize = os.environ.get("SWEEP_OBJECTIVE_MODE", "max" if objective.endswith("accuracy") else "min") == "max"

    train_rows = read_rows(os.path.join(a.data_dir, "train_CLS.tsv"))
    val_rows = read_rows(os.path.join(a.data_dir, "test_CLS.tsv"))
    vocab = build_vocab(a.data_dir, train_rows)
    train_rows = subset(train_rows, a.train_limit)
    val_rows = subset(val_rows, a.val_limit)
    train_ids, train_labels = encode(train_rows, vocab, a.block_size)
    val_ids, val_labels = encode(val_rows, vocab, a.block_size)

    model = EncoderClassifier(len(vocab) + 2, a).to(device)
    optimizer = make_optimizer(model, a)
    epoch, step, best = 0, 0, None
    resume = os.environ.get("SWEEP_RESUME_DIR")
    if resume and os.path.exists(os.path.join(resume, "checkpoint.pt")):
        state = torch.load(os.path.join(resume, "checkpoint.pt"), map_location=device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        epoch, step, best = state["epoch"], state["step"], state["best"]
        print(f"resumed from {resume} at epoch {epoch}, step {step}", flush=True)
    params = sum(p.numel() for p in model.parameters())
    print(f"device {device}, {params} parameters, vocabulary {len(vocab) + 2}, "
          f"{len(train_rows)} training / {len(val_rows)} validation rows", flush=True)

    def state_now():
        return {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch, "step": step,
                "best": best, "args": vars(a)}

    while epoch < a.epochs:
        started, seen, loss_sum, correct = time.monotonic(), 0, 0.0, 0
        order = torch.randperm(len(train_ids), generator=torch.Generator().manual_seed(a.seed * 1000 + epoch))
        for i in range(0, len(order), a.batch_size):
            if stop["requested"]:
                save(os.path.join(checkpoint_dir, "last"), state_now())
                print(f"stopped (SIGTERM) in epoch {epoch + 1}; saved last/", flush=True)
                return 0
            idx = order[i: i + a.batch_size]
            x, y = train_ids[idx].to(device), train_labels[idx].to(device)
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            seen += len(idx)
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(-1) == y).sum().item()
        epoch += 1
        val_loss, val_accuracy = evaluate(model, val_ids, val_labels, 64, device)
        metrics = {"step": step, "epoch": epoch, "train_loss": loss_sum / seen, "train_accuracy": correct / seen,
                   "val_loss": val_loss, "val_accuracy": val_accuracy,
                   "samples_per_s": seen / max(time.monotonic() - started, 1e-9)}
        value = metrics.get(objective, val_accuracy)
        if best is None or (value > best if maximize else value < best):
            best = value
            save(os.path.join(checkpoint_dir, "best"), state_now())
        save(os.path.join(checkpoint_dir, "last"), state_now())
        report(**metrics)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
