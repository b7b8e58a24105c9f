"""Parameter initialisation (notebook 01_init): the reference the later notebooks build on."""
import numpy as np

#: init name -> scale of the weights of layer l, as a function of n[l-1]
WEIGHT_SCALES = {
    "small": lambda n_prev: 0.01,
    "xavier": lambda n_prev: 1.0 / np.sqrt(n_prev),
    "he": lambda n_prev: np.sqrt(2.0 / n_prev),
}


def initialize_parameters(n_x, n_h, n_y, seed=1):
    """Parameters of a 2-layer network LINEAR -> RELU -> LINEAR -> SIGMOID.

    n_x, n_h, n_y -- sizes of the input, hidden and output layers
    seed -- int, seeds one RandomState; W1 is drawn first, then W2
    Returns {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)};
    weights are 0.01 * standard normal draws, biases zero.
    """
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims, seed=1, init="xavier"):
    """Parameters of an L-layer network.

    layer_dims -- list of ints [n[0], n[1], ..., n[L]], n[0] the input size
    seed -- int, seeds one RandomState; W1, W2, ... are drawn in order
    init -- "small" (0.01), "xavier" (1/sqrt(n[l-1])) or "he" (sqrt(2/n[l-1]))
    Returns {"Wl": (n[l], n[l-1]), "bl": (n[l], 1)} for l = 1..L; biases zero.
    """
    if init not in WEIGHT_SCALES:
        allowed = ", ".join(repr(k) for k in WEIGHT_SCALES)
        raise ValueError(f"init must be one of {allowed}; got {init!r}")
    layer_dims = list(layer_dims)
    if len(layer_dims) < 2:
        raise ValueError(f"layer_dims needs at least an input and an output size; got {layer_dims!r}")
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        scale = WEIGHT_SCALES[init](layer_dims[l - 1])
        parameters["W" + str(l)] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
