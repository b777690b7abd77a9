#!/usr/bin/env python3
"""PyTorch's figure for the examples' training recipes (the same models, data, optimizer, schedule,
batch size and augmentation as vecnet's MnistMlp, MnistLeNet and FashionCnn), for the design notes.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 scripts/pytorch/mnist_recipes.py lenet5 --seed 1
Reads the IDX files from ../shared/data (or --data DIR); prints the test accuracy after every epoch.
Not used by any test."""
import argparse, gzip, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(d, train):
    p = "train" if train else "t10k"
    x = idx(os.path.join(d, p + "-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    y = idx(os.path.join(d, p + "-labels-idx1-ubyte.gz")).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                         nn.Linear(84, 10))


def fashion_cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(7 * 7 * 64, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))


RECIPES = {  # model, data set, mean, std, shift (pixels)
    "mlp": (mlp, "mnist", 0.1307, 0.3081, 0),
    "lenet5": (lenet5, "mnist", 0.1307, 0.3081, 2),
    "fashion-cnn": (fashion_cnn, "fashion-mnist", 0.2860, 0.3530, 0),
}


def shift(x, k, fill, g):
    """Each image moved by up to k whole pixels in rows and columns, the background moved in."""
    n = x.shape[0]
    pad = F.pad(x, (k, k, k, k), value=fill)
    dy = torch.randint(0, 2 * k + 1, (n,), generator=g)
    dx = torch.randint(0, 2 * k + 1, (n,), generator=g)
    out = torch.empty_like(x)
    h, w = x.shape[2], x.shape[3]
    for sy in range(2 * k + 1):  # one slice per shift value, not per image
        for sx in range(2 * k + 1):
            sel = ((dy == sy) & (dx == sx)).nonzero(as_tuple=True)[0]
            if sel.numel():
                out[sel] = pad[sel, :, sy:sy + h, sx:sx + w]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recipe", choices=sorted(RECIPES))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--data", default=None)
    a = ap.parse_args()
    make, name, mean, std, k = RECIPES[a.recipe]
    here = os.path.dirname(os.path.abspath(__file__))
    d = a.data or os.path.join(here, "..", "..", "..", "shared", "data", name)
    torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed)
    xtr, ytr = load(d, True)
    xte, yte = load(d, False)
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    fill = (0 - mean) / std
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.epochs)
    print(f"{a.recipe} on {name}, torch {torch.__version__}, {torch.get_num_threads()} thread(s), seed {a.seed}")
    for epoch in range(1, a.epochs + 1):
        model.train()
        t0 = time.time()
        perm = torch.randperm(xtr.shape[0], generator=g)
        for i in range(0, xtr.shape[0], 64):
            idx_ = perm[i:i + 64]
            xb = xtr[idx_]
            if k:
                xb = shift(xb, k, fill, g)
            opt.zero_grad()
            F.cross_entropy(model(xb), ytr[idx_]).backward()
            opt.step()
        sched.step()
        secs = time.time() - t0
        model.eval()
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        print(f"epoch {epoch}: test accuracy {100 * acc:.2f}%, {xtr.shape[0] / secs:,.0f} samples/s")
    print(f"final test accuracy {100 * acc:.2f}%")


if __name__ == "__main__":
    main()
