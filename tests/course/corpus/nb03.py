"""Corpus of notebook 03_cost: compute_cost (format: harness.py)."""
from harness import Impl

CC = "compute_cost"

CASES = [
    # ---- right --------------------------------------------------------------------------------------
    Impl(function=CC, style="clip, np.sum", right=True, source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''),
    Impl(function=CC, style="original: np.multiply, np.squeeze", right=True, source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    cost = (-1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    cost = np.squeeze(cost)
    return cost
'''),
    Impl(function=CC, style="original: np.dot of rows, squeezed", right=True, source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    eps = 1e-15
    AL = np.clip(AL, eps, 1 - eps)
    cost = -1. / m * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    cost = np.squeeze(cost)
    assert(cost.shape == ())
    return cost
'''),
    Impl(function=CC, style="np.mean, .item()", right=True, source='''
def compute_cost(AL, Y):
    p = np.clip(AL, 1e-12, 1 - 1e-12)
    losses = -(Y * np.log(p) + (1 - Y) * np.log(1 - p))
    return np.mean(losses).item()
'''),
    Impl(function=CC, style="loop over examples", right=True, source='''
import math

def compute_cost(AL, Y):
    m = Y.shape[1]
    total = 0.0
    for i in range(m):
        a = min(max(float(AL[0, i]), 1e-15), 1 - 1e-15)
        y = float(Y[0, i])
        total += y * math.log(a) + (1 - y) * math.log(1 - a)
    return -total / m
'''),
    Impl(function=CC, style="np.where picks the log", right=True, source='''
def compute_cost(AL, Y):
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    picked = np.where(Y == 1, AL, 1 - AL)
    return float(-np.mean(np.log(picked)))
'''),
    Impl(function=CC, style="np.nan_to_num-free: logs of clipped values, np.dot with squeeze and float", right=True,
         source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    logprobs = np.dot(Y, np.log(np.clip(AL, 1e-15, None)).T) + np.dot(1 - Y, np.log(np.clip(1 - AL, 1e-15, None)).T)
    return float(np.squeeze(-logprobs / m))
'''),
    # ---- wrong --------------------------------------------------------------------------------------
    Impl(function=CC, style="no minus sign", right=False, words=["sign"], absent=["times the expected"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''),
    Impl(function=CC, style="original without clipping", right=False, words=["np.clip(AL, eps, 1 - eps)"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = (-1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    return np.squeeze(cost)
'''),
    Impl(function=CC, style="m = len(Y)", right=False, words=["m = Y.shape[1]"], absent=["times the expected"],
         source='''
def compute_cost(AL, Y):
    m = len(Y)
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''),
    Impl(function=CC, style="dot product left as (1, 1)", right=False, words=["(1, 1)", "np.squeeze"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
'''),
    Impl(function=CC, style="labels with the wrong logs", right=False, words=["wrong probabilities"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / m)
'''),
    Impl(function=CC, style="only the y=1 term", right=False, words=["(1 - Y) * log(1 - AL)"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-np.sum(Y * np.log(AL)) / m)
'''),
    Impl(function=CC, style="np.log10", right=False, words=["natural log"], absent=["times the expected"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1 - AL)) / m)
'''),
    Impl(function=CC, style="np.mean and 1/m", right=False, words=["divided by m twice"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
'''),
    Impl(function=CC, style="clip at 0 only", right=False, words=["exact 1s", "clip both ends"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.maximum(AL, 1e-15)
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
'''),
    Impl(function=CC, style="large epsilon", right=False, words=["tiny eps"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-3, 1 - 1e-3)
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
'''),
    Impl(function=CC, style="1/m in integer-looking form, both terms minus", right=False,
         words=["no mistake this check knows"], absent=["times the expected"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    return float(-(1 / m) * np.sum(Y * np.log(AL) - (1 - Y) * np.log(1 - AL)))
'''),
]
