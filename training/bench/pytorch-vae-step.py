"""The VAE step of `npm run bench:train` in PyTorch, for a side-by-side reference on one machine.

Same model and step: 784-500-500-32 encoder and its mirror, relu, batch 100, Adam (lr 1e-3), a
Bernoulli likelihood on logits and the closed-form KL. Prints the median ms/step over 5 rounds of
20 steps for 1 and 2 threads. Optional: needs python3 with torch (Debian: python3-torch).

    OPENBLAS_CORETYPE=SkylakeX python3 training/bench/pytorch-vae-step.py   # the core bench:train uses
"""
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 500), nn.ReLU())
        self.mean = nn.Linear(500, 32)
        self.logvar = nn.Linear(500, 32)
        self.dec = nn.Sequential(
            nn.Linear(32, 500), nn.ReLU(), nn.Linear(500, 500), nn.ReLU(), nn.Linear(500, 784)
        )

    def loss(self, x, eps):
        h = self.enc(x)
        mu, logvar = self.mean(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        rec = -F.binary_cross_entropy_with_logits(self.dec(z), x, reduction="none").sum(-1)
        kl = 0.5 * (mu.square() + logvar.exp() - logvar - 1).sum(-1)
        return -(rec - kl).mean()


def measure(threads: int) -> float:
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Vae()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = (torch.rand(100, 784) < 0.13).float()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = model.loss(x, torch.randn(100, 32))
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(5):
        step()
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(20):
            step()
        rounds.append((time.perf_counter() - start) / 20 * 1000)
    return statistics.median(rounds)


if __name__ == "__main__":
    print(f"torch {torch.__version__}, {torch.__config__.parallel_info().splitlines()[0]}")
    for threads in (1, 2):
        ms = measure(threads)
        print(f"{threads} thread{'s' if threads > 1 else ''}: {ms:.1f} ms/step, {100 / ms * 1000:.0f} images/s")
