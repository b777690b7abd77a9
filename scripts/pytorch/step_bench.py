#!/usr/bin/python3
"""PyTorch's side of the runner's training and inference tables, on this machine, in the same window.

The same models as bench/TrainingStep (MLP 784-256-128-10, LeNet-5, the anchors' CNN, LSTM(28, 128) + 128-10),
Adam 1e-3, cross-entropy, one fixed synthetic batch, torch.set_num_threads(N). Prints samples/s, median of 5
timed windows after a warm-up; inference: batch-1 latency and batch-256 throughput of the MLP in eval mode
under no_grad. Usage: /usr/bin/python3 scripts/pytorch/step_bench.py [threads] [seconds per window]

Debian's torch takes its GEMMs from the system libblas.so.3: with the reference BLAS (libblas3, the default)
it runs 5-20x slower than with OpenBLAS (`apt-get install libopenblas0-pthread`), so the script says which
one it got. OpenBLAS 0.3.21 does not know Zen 5 and picks its Haswell (AVX2) kernels there; set
OPENBLAS_CORETYPE=SkylakeX to give it the AVX-512 ones (the script prints the variable).
torch.set_num_threads does not reach that OpenBLAS: its own thread pool takes every core unless
OPENBLAS_NUM_THREADS is set before the library loads, so the script sets it to the thread count (a "1 thread"
run without it used ~1.8 cores on 2 and put batch-256 inference at 450k samples/s instead of 346k).
"""
import os
import statistics
import sys
import time

os.environ["OPENBLAS_NUM_THREADS"] = sys.argv[1] if len(sys.argv) > 1 else "1"
import torch  # noqa: E402 (after the variable: OpenBLAS reads it when it loads)
import torch.nn as nn


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def lenet5():
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                         nn.Linear(84, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(12544, 128), nn.ReLU(), nn.Linear(128, 10))


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 128, batch_first=True)
        self.fc = nn.Linear(128, 10)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


CASES = [("mlp", 64, mlp, (784,)), ("mlp", 256, mlp, (784,)), ("lenet5", 64, lenet5, (1, 28, 28)),
         ("cnn", 128, cnn, (1, 28, 28)), ("lstm", 64, Lstm, (28, 28))]


def rate(fn, per_call, seconds, windows=5, warmup=3.0):
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        fn()
    rates = []
    for _ in range(windows):
        n = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            fn()
            n += 1
        rates.append(n * per_call / (time.perf_counter() - t0))
    return statistics.median(rates)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    blas = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    print(f"PyTorch {torch.__version__}, {threads} thread(s), median of 5 windows of {seconds} s; libblas.so.3 -> {blas}"
          f"{' (reference BLAS: install libopenblas0-pthread)' if '/blas/' in blas else ''}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    for name, batch, make, shape in CASES:
        model = make()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.rand(batch, *shape)
        y = torch.randint(0, 10, (batch,))
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()

        print(f"train {name} b{batch}: {rate(step, batch, seconds):,.0f} samples/s", flush=True)
    model = mlp().eval()
    for batch in (1, 256):
        x = torch.rand(batch, 784)

        def infer():
            with torch.no_grad():
                model(x)

        r = rate(infer, batch, seconds)
        if batch == 1:
            print(f"infer mlp b1: {1e6 / r:.1f} us per call", flush=True)
        else:
            print(f"infer mlp b256: {r:,.0f} samples/s", flush=True)


if __name__ == "__main__":
    main()
