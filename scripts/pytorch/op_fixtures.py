#!/usr/bin/env python3
"""PyTorch fixtures for vecnet's activations, losses, optimizers, conv/pool nets and batch norm
(nn/src/test/resources/pytorch/<family>/), in the format of recurrent_fixtures.py: safetensors files
written by hand, CASE.model.safetensors (a state_dict under PyTorch's names and layouts) and
CASE.data.safetensors (inputs, outputs, loss weights w_*, gradients grad.NAME). float32, fixed seeds.

  activations/activations.data  input x (awkward values: 0, ±1e-7, kinks, ±20 ... ±100), the upstream
                                gradient g, and per op NAME.output, NAME.grad.input (of sum(g * f(x)))
  losses/losses.data            per case CASE.input, CASE.target, and per reduction R
                                CASE.R.output, CASE.R.grad.input; for 'none' the loss is sum(w * out)
                                with w = CASE.w_output
  optim/linear.model            Linear(5, 3) at step 0; optim/trajectories.data: x, y and per case
                                CASE.weight (steps, 3, 5), CASE.bias (steps, 3), CASE.loss (steps) after
                                every step of mse(linear(x), y); for TEACHER_FORCED cases also
                                CASE.state.<param index>.<buffer> (steps, ...), the optimizer's state
  conv/NET.model, NET.data      state_dict (conv weights (out, in, kh, kw), the Linear after the flatten
                                in PyTorch's (c, h, w) column order); input, output, grad.input in
                                vecnet's NHWC layout, grad.<param> in PyTorch's layouts; loss sum(w * out);
                                after.<buffer>: batch norm's running statistics after the training step
  batchnorm/CASE.model, .data   the module before the first step; per training step S: S.input, S.output,
                                S.w_output, S.grad.input, S.grad.weight, S.grad.bias, S.running_mean,
                                S.running_var; then eval.* likewise (4-D tensors NHWC)

Run with Debian's torch (apt-get install -y python3-torch): /usr/bin/python3 scripts/pytorch/op_fixtures.py
"""
import os
import sys
import warnings

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recurrent_fixtures import write_safetensors  # noqa: E402  (one writer for every family)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "nn", "src", "test", "resources",
                    "pytorch")


def out_dir(family):
    d = os.path.join(ROOT, family)
    os.makedirs(d, exist_ok=True)
    return d


def meta(what):
    return {"what": what, "torch": torch.__version__}


def nhwc(t):
    return t.detach().permute(0, 2, 3, 1).contiguous()


# ------------------------------------------------------------------ activations

AWKWARD = [0.0, 1e-7, -1e-7, 1e-3, -1e-3, 0.5, -0.5, 1.0, -1.0, 2.5, -2.5, 3.0, -3.0, 5.0, -5.0, 10.0, -10.0,
           15.0, -15.0, 20.0, -20.0, 25.0, -25.0, 50.0, -50.0, 88.0, -88.0, 100.0, -100.0]

ACTIVATIONS = [
    ("relu", torch.nn.ReLU()),
    ("leaky_relu", torch.nn.LeakyReLU()),
    ("leaky_relu_0.2", torch.nn.LeakyReLU(0.2)),
    ("elu", torch.nn.ELU()),
    ("elu_0.5", torch.nn.ELU(0.5)),
    ("selu", torch.nn.SELU()),
    ("gelu", torch.nn.GELU()),
    ("gelu_tanh", torch.nn.GELU(approximate="tanh")),
    ("silu", torch.nn.SiLU()),
    ("sigmoid", torch.nn.Sigmoid()),
    ("tanh", torch.nn.Tanh()),
    ("softplus", torch.nn.Softplus()),
    ("hardsigmoid", torch.nn.Hardsigmoid()),
    ("identity", torch.nn.Identity()),
    ("softmax", torch.nn.Softmax(dim=-1)),
    ("log_softmax", torch.nn.LogSoftmax(dim=-1)),
]


def activations():
    torch.manual_seed(20)
    rest = 40 - len(AWKWARD)
    x = torch.cat([torch.tensor(AWKWARD), torch.randn(rest) * 2]).reshape(4, 10)
    g = torch.randn(4, 10)
    data = {"input": x, "grad_output": g}
    for name, module in ACTIVATIONS:
        xi = x.clone().requires_grad_(True)
        y = module(xi)
        (g * y).sum().backward()
        data[name + ".output"] = y
        data[name + ".grad.input"] = xi.grad
    write_safetensors(os.path.join(out_dir("activations"), "activations.data.safetensors"), data,
                      meta(", ".join(n + "=" + repr(m) for n, m in ACTIVATIONS)))
    print("activations", len(ACTIVATIONS))


# ------------------------------------------------------------------ losses

REDUCTIONS = ["mean", "sum", "none"]


def loss_case(data, name, fn, inp, target, reductions=REDUCTIONS):
    data[name + ".input"] = inp
    data[name + ".target"] = target
    for r in reductions:
        x = inp.clone().requires_grad_(True)
        out = fn(x, target, r)
        if r == "none":
            w = torch.randn(out.shape)
            data[name + ".w_output"] = w
            (w * out).sum().backward()
        else:
            out.backward()
        data[name + "." + r + ".output"] = out
        data[name + "." + r + ".grad.input"] = x.grad


def losses():
    torch.manual_seed(21)
    data = {}
    x = torch.randn(4, 5)
    t = torch.randn(4, 5)
    t[0, :2] = x[0, :2]  # ties: |x - t| has derivative 0 there in both
    loss_case(data, "mse", lambda a, b, r: F.mse_loss(a, b, reduction=r), x, t)
    loss_case(data, "l1", lambda a, b, r: F.l1_loss(a, b, reduction=r), x, t)
    xh = x * 2
    th = t.clone()
    xh[1, 0], th[1, 0] = 1.5, 1.0  # |d| == 0.5 == delta, exactly
    xh[1, 1], th[1, 1] = -2.0, -1.0  # |d| == 1 == the default delta
    for delta in (1.0, 0.5):
        loss_case(data, "huber_" + str(delta), lambda a, b, r, d=delta: F.huber_loss(a, b, reduction=r, delta=d),
                  xh, th)
    p = torch.rand(4, 5)
    p[0, 0], p[0, 1], p[0, 2], p[0, 3] = 0.0, 1.0, 1e-6, 1 - 1e-6
    tb = torch.rand(4, 5)
    tb[0, 0], tb[0, 1], tb[0, 2], tb[0, 3] = 0.0, 1.0, 1.0, 0.0  # p = 0 / 1 at t = 0 / 1: clamped logs, 0/1e-12
    tb[1, :] = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5])
    p[2, 0], tb[2, 0], p[2, 1], tb[2, 1] = 0.0, 1.0, 1.0, 0.0  # log clamped at -100, gradient -/+1/1e-12
    loss_case(data, "bce", lambda a, b, r: F.binary_cross_entropy(a, b, reduction=r), p, tb)
    logits = torch.randn(4, 5) * 3
    logits[0, 0], logits[0, 1], logits[1, 0], logits[1, 1] = 50.0, -50.0, 1e-7, -90.0
    loss_case(data, "bce_with_logits", lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, reduction=r),
              logits, tb)
    ce_logits = torch.randn(6, 5) * 2
    ce_logits[0] = torch.tensor([80.0, -80.0, 0.0, 1.0, 79.0])
    ce_logits[1] = torch.tensor([-100.0, -100.0, -100.0, -100.0, -99.0])
    idx = torch.tensor([0, 1, 4, 2, 3, 0])
    probs = torch.softmax(torch.randn(6, 5), dim=1)
    probs[0] = torch.tensor([0.0, 1.0, 0.0, 0.0, 0.0])
    probs[1] = torch.tensor([0.5, 0.0, 0.25, 0.25, 0.0])
    for eps in (0.0, 0.1):
        tag = "" if eps == 0 else "_smoothing_" + str(eps)
        loss_case(data, "cross_entropy_indices" + tag,
                  lambda a, b, r, e=eps: F.cross_entropy(a, b.long(), reduction=r, label_smoothing=e),
                  ce_logits, idx.to(torch.float32))
        loss_case(data, "cross_entropy_probs" + tag,
                  lambda a, b, r, e=eps: F.cross_entropy(a, b, reduction=r, label_smoothing=e), ce_logits, probs)
    logp = torch.log_softmax(ce_logits, dim=1)
    loss_case(data, "nll", lambda a, b, r: F.nll_loss(a, b.long(), reduction=r), logp, idx.to(torch.float32))
    kl_in = torch.log_softmax(torch.randn(3, 6), dim=1)
    kl_t = torch.softmax(torch.randn(3, 6) * 2, dim=1)
    kl_t[0, 0] = 0.0  # t = 0 contributes 0 (xlogy)
    loss_case(data, "kl_div", lambda a, b, r: F.kl_div(a, b, reduction=r), kl_in, kl_t,
              ["mean", "sum", "batchmean", "none"])
    write_safetensors(os.path.join(out_dir("losses"), "losses.data.safetensors"), data,
                      meta("torch.nn.functional losses, reductions " + ",".join(REDUCTIONS) + " (kl_div: batchmean)"))
    print("losses", sum(1 for k in data if k.endswith(".target")))


# ------------------------------------------------------------------ optimizers

STEPS = 10
SMALL_LR = 5e-3
LARGE_LR = 0.3

OPTIMIZERS = [
    ("sgd", lambda p, lr: torch.optim.SGD(p, lr=lr)),
    ("sgd_momentum", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9)),
    ("sgd_momentum_dampening", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, dampening=0.5)),
    ("sgd_nesterov", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True)),
    ("sgd_weight_decay", lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.5, weight_decay=0.1)),
    ("adam", lambda p, lr: torch.optim.Adam(p, lr=lr)),
    ("adam_weight_decay", lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.8, 0.99), weight_decay=0.1)),
    ("adam_amsgrad", lambda p, lr: torch.optim.Adam(p, lr=lr, amsgrad=True)),
    ("adamw", lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.1)),
    ("adamw_amsgrad", lambda p, lr: torch.optim.AdamW(p, lr=lr, amsgrad=True)),
    ("rmsprop", lambda p, lr: torch.optim.RMSprop(p, lr=lr)),
    ("rmsprop_centered", lambda p, lr: torch.optim.RMSprop(p, lr=lr, centered=True)),
    ("rmsprop_momentum", lambda p, lr: torch.optim.RMSprop(p, lr=lr, alpha=0.9, momentum=0.5, weight_decay=0.1,
                                                           centered=True)),
    ("adagrad", lambda p, lr: torch.optim.Adagrad(p, lr=lr)),
    ("adagrad_decay", lambda p, lr: torch.optim.Adagrad(p, lr=lr, lr_decay=0.1, weight_decay=0.1,
                                                        initial_accumulator_value=0.1)),
    ("radam", lambda p, lr: torch.optim.RAdam(p, lr=lr)),
    ("radam_weight_decay", lambda p, lr: torch.optim.RAdam(p, lr=lr, weight_decay=0.1)),
]

# Ill-conditioned at the large lr (RMSprop's first steps are lr / sqrt(1 - alpha) = 3 per weight): PyTorch's
# own float32 trajectory drifts from its float64 one about 2x more each step (3e-5 by step 7). Their state after
# every step is saved too, so the test can also restart each step from PyTorch's state (one step's rounding).
TEACHER_FORCED = {("rmsprop", LARGE_LR), ("rmsprop_centered", LARGE_LR)}

LBFGS_STEPS = 3
LBFGS = [
    ("lbfgs", 0.1, lambda p, lr: torch.optim.LBFGS(p, lr=lr, max_iter=4, max_eval=5, history_size=3)),
    ("lbfgs", 1.0, lambda p, lr: torch.optim.LBFGS(p, lr=lr, max_iter=4, max_eval=5, history_size=3)),
    ("lbfgs_strong_wolfe", 1.0, lambda p, lr: torch.optim.LBFGS(p, lr=lr, max_iter=5, max_eval=6, history_size=4,
                                                               line_search_fn="strong_wolfe")),
]


def lr_tag(lr):
    return "lr" + repr(lr)


def optimizers():
    torch.manual_seed(22)
    model = torch.nn.Linear(5, 3)
    init = {k: v.clone() for k, v in model.state_dict().items()}
    x = torch.randn(8, 5)
    y = torch.randn(8, 3)
    data = {"x": x, "y": y}

    def run(name, make, lr, steps):
        model.load_state_dict(init)
        opt = make(list(model.parameters()), lr)
        ws, bs, losses = [], [], []
        states = {}

        def closure():
            opt.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            return loss

        for _ in range(steps):
            losses.append(float(opt.step(closure)))
            ws.append(model.weight.detach().clone())
            bs.append(model.bias.detach().clone())
            if (name, lr) in TEACHER_FORCED:
                for i, p in enumerate(model.parameters()):
                    for k, v in opt.state[p].items():
                        if torch.is_tensor(v) and v.dim() > 0:
                            states.setdefault(str(i) + "." + k, []).append(v.clone())
        case = name + "." + lr_tag(lr)
        for k, v in states.items():
            data[case + ".state." + k] = torch.stack(v)
        data[case + ".weight"] = torch.stack(ws)
        data[case + ".bias"] = torch.stack(bs)
        data[case + ".loss"] = torch.tensor(losses)
        print(case, "loss", losses[0], "->", losses[-1])

    for name, make in OPTIMIZERS:
        for lr in (SMALL_LR, LARGE_LR):
            run(name, make, lr, STEPS)
    for name, lr, make in LBFGS:
        run(name, make, lr, LBFGS_STEPS)
    d = out_dir("optim")
    write_safetensors(os.path.join(d, "linear.model.safetensors"), init, meta(repr(model)))
    write_safetensors(os.path.join(d, "trajectories.data.safetensors"), data,
                      meta("loss mse(linear(x), y); " + "; ".join(n for n, _ in OPTIMIZERS)))


# ------------------------------------------------------------------ conv / pool


def conv_nets():
    return [
        ("conv_maxpool", (2, 2, 6, 6), torch.nn.Sequential(
            torch.nn.Conv2d(2, 3, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
            torch.nn.Linear(3 * 3 * 3, 4)), (3, 3, 3)),
        ("conv_stride_avgpool", (2, 3, 7, 7), torch.nn.Sequential(
            torch.nn.Conv2d(3, 4, 3, stride=2, padding=1), torch.nn.Tanh(), torch.nn.AvgPool2d(2, stride=1),
            torch.nn.Flatten(), torch.nn.Linear(4 * 3 * 3, 3)), (4, 3, 3)),
        ("conv_rect_nobias_overlapping_maxpool", (3, 2, 7, 8), torch.nn.Sequential(
            torch.nn.Conv2d(2, 3, (2, 3), bias=False), torch.nn.MaxPool2d(3, stride=2),
            torch.nn.Conv2d(3, 2, 1, stride=1, padding=1), torch.nn.Flatten(), torch.nn.Linear(2 * 4 * 4, 2)),
         (2, 4, 4)),
        # vecnet's GlobalAvgPool2d is AdaptiveAvgPool2d(1) + Flatten (its test puts an Identity in the Flatten's
        # place). No conv bias before batch norm: its gradient is exactly 0 there, both libraries' rounding noise.
        ("conv_batchnorm_globalavgpool", (4, 2, 5, 5), torch.nn.Sequential(
            torch.nn.Conv2d(2, 4, 3, padding=1, bias=False), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
            torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(4, 3)), (4, 1, 1)),
    ]


def conv():
    d = out_dir("conv")
    for seed, (name, shape, net, flat) in enumerate(conv_nets(), start=23):
        torch.manual_seed(seed)
        for m in net.modules():  # fresh parameters from this seed
            if hasattr(m, "reset_parameters"):
                m.reset_parameters()
            if isinstance(m, torch.nn.BatchNorm2d):  # not the default 1 and 0
                with torch.no_grad():
                    m.weight.copy_(torch.rand(m.num_features) + 0.5)
                    m.bias.copy_(torch.randn(m.num_features))
        init = {k: v.clone() for k, v in net.state_dict().items()}  # before the step moves the running stats
        x = torch.randn(shape, requires_grad=True)
        out = net(x)
        w = torch.randn(out.shape)
        (w * out).sum().backward()
        data = {"input": nhwc(x), "output": out, "w_output": w, "grad.input": nhwc(x.grad)}
        for bname, b in net.named_buffers():  # batch norm's running statistics after the (training) step
            if b.dtype == torch.float32:
                data["after." + bname] = b
        for pname, p in net.named_parameters():
            data["grad." + pname] = p.grad
        m = meta(repr(net) + "; flatten (c, h, w) = " + repr(flat))
        write_safetensors(os.path.join(d, name + ".model.safetensors"), init, m)
        write_safetensors(os.path.join(d, name + ".data.safetensors"), data, m)
        print(name, tuple(out.shape))


# ------------------------------------------------------------------ batch norm


def batchnorm():
    d = out_dir("batchnorm")
    cases = [
        ("bn1d", torch.nn.BatchNorm1d(4), (6, 4), 24),
        ("bn1d_eps_momentum", torch.nn.BatchNorm1d(3, eps=1e-3, momentum=0.3), (5, 3), 25),
        ("bn2d", torch.nn.BatchNorm2d(3), (2, 3, 4, 4), 26),
    ]
    for name, bn, shape, seed in cases:
        torch.manual_seed(seed)
        with torch.no_grad():  # not the default 1 and 0, so the affine part is probed
            bn.weight.copy_(torch.rand(bn.num_features) + 0.5)
            bn.bias.copy_(torch.randn(bn.num_features))
        init = {k: v.clone() for k, v in bn.state_dict().items()}
        four_d = len(shape) == 4
        data = {}

        def step(tag, scale, shift):
            x = (torch.randn(shape) * scale + shift).requires_grad_(True)
            bn.zero_grad()
            out = bn(x)
            w = torch.randn(out.shape)
            (w * out).sum().backward()
            conv = nhwc if four_d else (lambda t: t.detach())
            data[tag + ".input"] = conv(x)
            data[tag + ".output"] = conv(out)
            data[tag + ".w_output"] = conv(w)
            data[tag + ".grad.input"] = conv(x.grad)
            data[tag + ".grad.weight"] = bn.weight.grad.clone()
            data[tag + ".grad.bias"] = bn.bias.grad.clone()
            data[tag + ".running_mean"] = bn.running_mean.clone()
            data[tag + ".running_var"] = bn.running_var.clone()

        bn.train()
        for s in range(3):
            step(str(s), 1 + s, 0.5 * s - 0.3)
        bn.eval()
        step("eval", 2.0, 0.2)
        m = meta(repr(bn) + "; training steps 0, 1, 2 then eval")
        write_safetensors(os.path.join(d, name + ".model.safetensors"), init, m)
        write_safetensors(os.path.join(d, name + ".data.safetensors"), data, m)
        print(name, repr(bn))


def main():
    torch.set_num_threads(1)
    # kl_div's 'mean' (over all elements) is what the fixture means to record, beside 'batchmean'
    warnings.filterwarnings("ignore", message="reduction: 'mean' divides the total loss")
    activations()
    losses()
    optimizers()
    conv()
    batchnorm()


if __name__ == "__main__":
    sys.exit(main())
