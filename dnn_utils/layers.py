"""Layers with forward and backward passes, and a two-layer network built from them (notebook 09).

Examples are **rows** here, as in most deep-learning libraries: x has shape (N, D) for N examples of
D features, an affine layer computes x @ W + b with W (D, H) and b (H,).

Every layer keeps what its backward pass needs from the forward pass, and ``backward(dout)`` returns
the gradient with respect to the layer's input(s). No method modifies an array it receives: not the
input of ``forward`` and not the upstream gradient ``dout`` of ``backward``.
"""
from collections import OrderedDict

import numpy as np

from .functions import cross_entropy_error, softmax
from .gradcheck import numerical_gradient


class MulLayer:
    """out = x * y (entry by entry, or numbers); backward returns (dx, dy) = (dout * y, dout * x)."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    """out = x + y; backward returns (dx, dy) = (dout, dout): an addition passes the gradient on."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


class Relu:
    """out = max(0, x); backward lets dout through where x was positive and blocks it elsewhere."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)


class Sigmoid:
    """out = 1 / (1 + exp(-x)); backward returns dout * out * (1 - out)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        e = np.exp(-np.abs(x))  # never overflows
        self.out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class Affine:
    """out = x @ W + b for x (N, D), W (D, H), b (H,).

    backward(dout (N, H)) returns dx (N, D) and stores dW = x.T @ dout (D, H) and db = dout summed over
    the examples (H,). W and b are held by reference, so a change made to the arrays in place (a
    training step ``W -= learning_rate * dW``) is seen by the next forward pass.
    """

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.W.T


class SoftmaxWithLoss:
    """Softmax followed by the cross-entropy error, as one layer.

    forward(x (N, C) scores, t one-hot (N, C) or labels (N,)) returns the loss averaged over the batch;
    backward(dout=1) returns dx = dout * (y - t) / N, with t as one-hot.
    """

    def __init__(self):
        self.y = None
        self.t = None
        self.loss = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        y = self.y if self.y.ndim == 2 else self.y.reshape(1, -1)
        batch_size = y.shape[0]
        t = np.asarray(self.t)
        if t.size == y.size:
            one_hot = t.reshape(y.shape).astype(float)
        else:
            one_hot = np.zeros_like(y)
            one_hot[np.arange(batch_size), t.reshape(batch_size)] = 1.0
        dx = dout * (y - one_hot) / batch_size
        return dx.reshape(self.y.shape)


class TwoLayerNet:
    """Affine -> Relu -> Affine -> SoftmaxWithLoss, on examples as rows.

    params -- {"W1": (input_size, hidden_size), "b1": (hidden_size,), "W2": (hidden_size, output_size),
               "b2": (output_size,)}; W1 then W2 drawn from one RandomState(seed), times weight_init_std;
               biases zero. The layers share these arrays.
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=0):
        rng = np.random.RandomState(seed)
        self.params = {
            "W1": weight_init_std * rng.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * rng.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        """Scores (N, output_size) of x (N, input_size), before the softmax."""
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """The cross-entropy loss of x (N, input_size) against t (one-hot (N, C) or labels (N,))."""
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        """The fraction of the rows of x whose highest score is their label."""
        y = np.argmax(self.predict(x), axis=1)
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return float(np.sum(y == t) / x.shape[0])

    def numerical_gradient(self, x, t):
        """Centred numerical gradients of the loss with respect to every parameter: {"W1": ..., "b2": ...}."""
        def loss(_):
            return self.loss(x, t)
        return {key: numerical_gradient(loss, self.params[key]) for key in ("W1", "b1", "W2", "b2")}

    def gradient(self, x, t):
        """The same gradients by backpropagation: forward, then backward through the layers in reverse."""
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {"W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
                "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db}
