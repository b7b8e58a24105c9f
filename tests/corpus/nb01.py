"""Corpus of notebook 01_init: initialize_parameters and initialize_parameters_deep (format: harness.py)."""
from harness import Impl

CASES = [
    Impl(function="initialize_parameters", style="RandomState, dict literal", right=True, source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''),
    Impl(function="initialize_parameters", style="unscaled randn", right=False,
         words=["not scaled"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x)
    b1 = np.zeros((n_h, 1))
    W2 = rng.randn(n_y, n_h)
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''),
    Impl(function="initialize_parameters_deep", style="loop over layer_dims", right=True, source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    scales = {"small": lambda n: 0.01, "xavier": lambda n: 1 / np.sqrt(n), "he": lambda n: np.sqrt(2 / n)}
    if init not in scales:
        raise ValueError(f"init must be 'small', 'xavier' or 'he'; got {init!r}")
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scales[init](layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function="initialize_parameters_deep", style="scale from n[l]", right=False,
         words=["n[l-1]"], source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError(f"unknown init {init}")
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n = layer_dims[l]
        scale = 0.01 if init == "small" else (1 / np.sqrt(n) if init == "xavier" else np.sqrt(2 / n))
        parameters["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
]
