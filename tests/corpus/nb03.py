"""Corpus of notebook 03_cost: compute_cost (format: harness.py)."""
from harness import Impl

CASES = [
    Impl(function="compute_cost", style="clip, np.sum", right=True, source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''),
    Impl(function="compute_cost", style="no minus sign", right=False, words=["sign"], source='''
def compute_cost(AL, Y):
    m = Y.shape[1]
    AL = np.clip(AL, 1e-15, 1 - 1e-15)
    cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return float(cost)
'''),
]
