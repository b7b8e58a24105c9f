"""Corpus of notebook 01_init: initialize_parameters and initialize_parameters_deep (format: harness.py)."""
from harness import Impl

IP = "initialize_parameters"
DEEP = "initialize_parameters_deep"

CASES = [
    # ---- initialize_parameters: right ---------------------------------------------------------------
    Impl(function=IP, style="RandomState, dict literal", right=True, source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''),
    Impl(function=IP, style="template with asserts", right=True, source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    b1 = np.zeros(shape=(n_h, 1))
    W2 = rng.randn(n_y, n_h) * 0.01
    b2 = np.zeros(shape=(n_y, 1))
    assert(W1.shape == (n_h, n_x))
    assert(b1.shape == (n_h, 1))
    assert(W2.shape == (n_y, n_h))
    assert(b2.shape == (n_y, 1))
    parameters = {"W1": W1,
                  "b1": b1,
                  "W2": W2,
                  "b2": b2}
    return parameters
'''),
    Impl(function=IP, style="np.random.default_rng-free, np.multiply", right=True, source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    generator = np.random.RandomState(seed=seed)
    parameters = dict()
    parameters["W1"] = np.multiply(generator.standard_normal((n_h, n_x)), 0.01)
    parameters["b1"] = np.zeros((n_h, 1), dtype=float)
    parameters["W2"] = np.multiply(generator.standard_normal((n_y, n_h)), 0.01)
    parameters["b2"] = np.zeros((n_y, 1), dtype=float)
    return parameters
'''),
    Impl(function=IP, style="rng.normal with the scale", right=True, source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.normal(0.0, 0.01, size=(n_h, n_x))
    W2 = rng.normal(0.0, 0.01, size=(n_y, n_h))
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''),
    # ---- initialize_parameters: wrong ---------------------------------------------------------------
    Impl(function=IP, style="unscaled randn", right=False, words=["not scaled"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x)
    b1 = np.zeros((n_h, 1))
    W2 = rng.randn(n_y, n_h)
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''),
    Impl(function=IP, style="original course: np.random.seed(1)", right=False,
         words=["original", "RandomState(seed)"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''),
    Impl(function=IP, style="original course signature without seed", right=False,
         words=["original", "seed=1"], source='''
def initialize_parameters(n_x, n_h, n_y):
    rng = np.random.RandomState(1)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''),
    Impl(function=IP, style="W drawn transposed", right=False, words=["transposed"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_x, n_h).T * 0.01
    W2 = rng.randn(n_h, n_y).T * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''),
    Impl(function=IP, style="1-D biases", right=False, words=["b1", "column"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros(n_h), "W2": W2, "b2": np.zeros(n_y)}
'''),
    Impl(function=IP, style="W2 drawn before W1", right=False, words=["W1 first"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W2 = rng.randn(n_y, n_h) * 0.01
    W1 = rng.randn(n_h, n_x) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''),
    Impl(function=IP, style="random biases", right=False, words=["b1 is not zero"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    b1 = rng.randn(n_h, 1) * 0.01
    b2 = rng.randn(n_y, 1) * 0.01
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
'''),
    Impl(function=IP, style="rand instead of randn", right=False, words=["uniform"], source='''
def initialize_parameters(n_x, n_h, n_y, seed=1):
    rng = np.random.RandomState(seed)
    W1 = rng.rand(n_h, n_x) * 0.01
    W2 = rng.rand(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
'''),
    # ---- initialize_parameters_deep: right ----------------------------------------------------------
    Impl(function=DEEP, style="loop over layer_dims, dict of scales", right=True, source='''
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
    Impl(function=DEEP, style="if/elif chain inside the loop, asserts", right=True, source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    rng = np.random.RandomState(seed)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        if init == "small":
            scale = 0.01
        elif init == "xavier":
            scale = 1 / np.sqrt(layer_dims[l-1])
        elif init == "he":
            scale = np.sqrt(2 / layer_dims[l-1])
        else:
            raise ValueError("unknown init: " + str(init))
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l-1]) * scale
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
        assert(parameters['W' + str(l)].shape == (layer_dims[l], layer_dims[l-1]))
        assert(parameters['b' + str(l)].shape == (layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="zip of consecutive sizes, f-strings", right=True, source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError(f"init must be 'small', 'xavier' or 'he', not {init}")
    rng = np.random.RandomState(seed)
    params = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        scale = {"small": 0.01, "xavier": np.sqrt(1 / n_prev), "he": np.sqrt(2 / n_prev)}[init]
        params[f"W{l}"] = rng.randn(n, n_prev) * scale
        params[f"b{l}"] = np.zeros((n, 1))
    return params
'''),
    # ---- initialize_parameters_deep: wrong ----------------------------------------------------------
    Impl(function=DEEP, style="scale from n[l]", right=False, words=["n[l-1]"], source='''
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
    Impl(function=DEEP, style="original course: seed(3), 0.01 always", right=False,
         words=["original", "np.random.seed"], source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="original course signature (layer_dims)", right=False,
         words=["original", "init=\"xavier\""], source='''
def initialize_parameters_deep(layer_dims):
    rng = np.random.RandomState(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l-1]) / np.sqrt(layer_dims[l-1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="0.01 whatever init", right=False, words=["0.01 whatever"], source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError("init must be small, xavier or he")
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l-1]) * 0.01
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="he and xavier swapped", right=False, words=["sqrt(2/n[l-1])"], source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError("init must be small, xavier or he")
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev = layer_dims[l - 1]
        scale = {"small": 0.01, "xavier": np.sqrt(2 / n_prev), "he": 1 / np.sqrt(n_prev)}[init]
        parameters['W' + str(l)] = rng.randn(layer_dims[l], n_prev) * scale
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="new RandomState per layer", right=False, words=["starts the random stream again"],
         source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError("init must be small, xavier or he")
    parameters = {}
    for l in range(1, len(layer_dims)):
        rng = np.random.RandomState(seed)
        scale = {"small": 0.01, "xavier": 1 / np.sqrt(layer_dims[l - 1]), "he": np.sqrt(2 / layer_dims[l - 1])}[init]
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="loop stops one layer short", right=False, words=["wrong keys", "missing"], source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError("init must be small, xavier or he")
    rng = np.random.RandomState(seed)
    parameters = {}
    L = len(layer_dims) - 1
    for l in range(1, L):
        scale = {"small": 0.01, "xavier": 1 / np.sqrt(layer_dims[l - 1]), "he": np.sqrt(2 / layer_dims[l - 1])}[init]
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="unknown init falls back to xavier", right=False, words=["gaussian", "accepted"],
         source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        if init == "small":
            scale = 0.01
        elif init == "he":
            scale = np.sqrt(2 / layer_dims[l - 1])
        else:
            scale = 1 / np.sqrt(layer_dims[l - 1])
        parameters['W' + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
    Impl(function=DEEP, style="divides by n[l-1]", right=False, words=["instead of its square root"], source='''
def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    if init not in ("small", "xavier", "he"):
        raise ValueError("init must be small, xavier or he")
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev = layer_dims[l - 1]
        scale = {"small": 0.01, "xavier": 1 / n_prev, "he": 2 / n_prev}[init]
        parameters['W' + str(l)] = rng.randn(layer_dims[l], n_prev) * scale
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
'''),
]
