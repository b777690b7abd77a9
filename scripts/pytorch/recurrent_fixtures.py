#!/usr/bin/env python3
"""PyTorch fixtures for vecnet's recurrent layers and Embedding (nn/src/test/resources/pytorch/recurrent/).

For each case, two safetensors files written by hand (struct + json; torch 1.13 has no safetensors):
  CASE.model.safetensors  the module's state_dict under PyTorch's own names (weight_ih_l0, ..._reverse)
  CASE.data.safetensors   input, h0 / c0 (when given), output, h_n / c_n, the loss weights w_output,
                          w_h_n, w_c_n, and grad.NAME for the input, the initial states and every parameter
The loss is sum(w_output * output) + sum(w_h_n * h_n) (+ sum(w_c_n * c_n)), so every output is probed.
Run with Debian's torch (apt-get install -y python3-torch): /usr/bin/python3 scripts/pytorch/recurrent_fixtures.py
"""
import json
import os
import struct
import sys

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "nn", "src", "test", "resources",
                   "pytorch", "recurrent")


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def recurrent_case(name, module, t, n, with_states, seed):
    torch.manual_seed(seed)
    batch_first = module.batch_first
    dirs = 2 if module.bidirectional else 1
    x = torch.randn((n, t, module.input_size) if batch_first else (t, n, module.input_size), requires_grad=True)
    lstm = isinstance(module, torch.nn.LSTM)
    states = (module.num_layers * dirs, n, module.hidden_size)
    h0 = torch.randn(states, requires_grad=True) if with_states else None
    c0 = torch.randn(states, requires_grad=True) if with_states and lstm else None
    if lstm:
        out, (h_n, c_n) = module(x, (h0, c0)) if with_states else module(x)
    else:
        out, h_n = module(x, h0) if with_states else module(x)
        c_n = None
    w_out = torch.randn(out.shape)
    w_h = torch.randn(h_n.shape)
    loss = (w_out * out).sum() + (w_h * h_n).sum()
    w_c = None
    if lstm:
        w_c = torch.randn(c_n.shape)
        loss = loss + (w_c * c_n).sum()
    loss.backward()
    data = {"input": x, "output": out, "h_n": h_n, "w_output": w_out, "w_h_n": w_h, "grad.input": x.grad}
    if with_states:
        data["h0"] = h0
        data["grad.h0"] = h0.grad
    if lstm:
        data["c_n"] = c_n
        data["w_c_n"] = w_c
        if with_states:
            data["c0"] = c0
            data["grad.c0"] = c0.grad
    for pname, p in module.named_parameters():
        data["grad." + pname] = p.grad
    meta = {"module": repr(module), "torch": torch.__version__}
    write_safetensors(os.path.join(OUT, name + ".model.safetensors"), dict(module.state_dict()), meta)
    write_safetensors(os.path.join(OUT, name + ".data.safetensors"), data, meta)
    print(name, repr(module), "loss", float(loss))


def embedding_case(seed):
    torch.manual_seed(seed)
    emb = torch.nn.Embedding(6, 3, padding_idx=2)
    idx = torch.tensor([[0, 2, 5], [2, 1, 0]])
    out = emb(idx)
    w_out = torch.randn(out.shape)
    (w_out * out).sum().backward()
    data = {"indices": idx.to(torch.float32), "output": out, "w_output": w_out, "grad.weight": emb.weight.grad}
    meta = {"module": repr(emb), "torch": torch.__version__}
    write_safetensors(os.path.join(OUT, "embedding.model.safetensors"), dict(emb.state_dict()), meta)
    write_safetensors(os.path.join(OUT, "embedding.data.safetensors"), data, meta)
    print("embedding", repr(emb))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    torch.manual_seed(1)
    recurrent_case("lstm", torch.nn.LSTM(3, 4), 5, 2, True, 10)
    recurrent_case("lstm_2layer_bidirectional_batchfirst",
                   torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True), 4, 2, False, 11)
    recurrent_case("lstm_nobias_bidirectional", torch.nn.LSTM(2, 3, bias=False, bidirectional=True), 3, 2, True, 12)
    recurrent_case("gru_2layer", torch.nn.GRU(3, 4, num_layers=2), 5, 3, True, 13)
    recurrent_case("gru_bidirectional_batchfirst", torch.nn.GRU(3, 2, bidirectional=True, batch_first=True), 4, 2,
                   False, 14)
    recurrent_case("rnn_tanh", torch.nn.RNN(3, 4), 5, 2, True, 15)
    recurrent_case("rnn_relu_2layer_bidirectional",
                   torch.nn.RNN(3, 4, num_layers=2, nonlinearity="relu", bidirectional=True), 4, 3, True, 16)
    embedding_case(17)


if __name__ == "__main__":
    sys.exit(main())
