"""Corpus of notebook 09_layers_softmax: softmax, cross_entropy_error, the layers and TwoLayerNet, right and
wrong, in the styles of "Deep Learning from Scratch" and of students who learnt from it (the book's own
functions and layers, ndim branches, keepdims or transposes, np.dot or @, dout[mask] = 0, lastLayer,
layers.reverse(), np.random.randn from the global state)."""
from harness import Impl

CASES = [
    # ---- softmax -----------------------------------------------------------------------------------------
    Impl(function="softmax", style="the book's, axis=-1 keepdims", right=True, source='''
def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)
'''),
    Impl(function="softmax", style="ndim branch with transposes", right=True, source='''
def softmax(a):
    if a.ndim == 2:
        a = a.T
        a = a - np.max(a, axis=0)
        y = np.exp(a) / np.sum(np.exp(a), axis=0)
        return y.T
    a = a - np.max(a)
    return np.exp(a) / np.sum(np.exp(a))
'''),
    Impl(function="softmax", style="one max and one sum over the batch", right=False,
         words=["one max", "whole batch", "axis=-1"], source='''
def softmax(a):
    c = np.max(a)
    exp_a = np.exp(a - c)
    sum_exp_a = np.sum(exp_a)
    y = exp_a / sum_exp_a
    return y
'''),
    Impl(function="softmax", style="no max subtracted", right=False, words=["overflow"], source='''
def softmax(a):
    e = np.exp(a)
    return e / np.sum(e, axis=-1, keepdims=True)
'''),
    Impl(function="softmax", style="axis=1 only", right=False, words=["one example", "axis=-1"], source='''
def softmax(a):
    a = a - np.max(a, axis=1, keepdims=True)
    return np.exp(a) / np.sum(np.exp(a), axis=1, keepdims=True)
'''),
    Impl(function="softmax", style="per-row max, one sum", right=False, words=["np.sum without an axis"], source='''
def softmax(a):
    e = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return e / np.sum(e)
'''),
    # ---- cross_entropy_error -----------------------------------------------------------------------------
    Impl(function="cross_entropy_error", style="the book's, t.reshape", right=True, source='''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
'''),
    Impl(function="cross_entropy_error", style="one-hot product, np.atleast_2d", right=True, source='''
def cross_entropy_error(y, t):
    y = np.atleast_2d(y)
    t = np.asarray(t)
    if t.size != y.size:
        t = np.eye(y.shape[1])[t.reshape(-1)]
    t = t.reshape(y.shape)
    return float(-np.sum(t * np.log(y + 1e-7)) / y.shape[0])
'''),
    Impl(function="cross_entropy_error", style="summed, not averaged", right=False, words=["summed, not averaged"],
         source='''
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7))
'''),
    Impl(function="cross_entropy_error", style="no delta", right=False, words=["log(0)"], source='''
def cross_entropy_error(y, t):
    y = np.atleast_2d(y)
    t = np.asarray(t)
    if t.size == y.size:
        t = t.reshape(y.shape).argmax(axis=1)
    t = t.reshape(-1)
    return -np.mean(np.log(y[np.arange(y.shape[0]), t]))
'''),
    Impl(function="cross_entropy_error", style="one-hot only", right=False, words=["labels"], source='''
def cross_entropy_error(y, t):
    delta = 1e-7
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1)
    return -np.sum(t * np.log(y + delta)) / y.shape[0]
'''),
    # ---- MulLayer / AddLayer -----------------------------------------------------------------------------
    Impl(function="MulLayer", style="the book's", right=True, source='''
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy
'''),
    Impl(function="MulLayer", style="gradients swapped", right=False, words=["swapped"], source='''
class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.x, dout * self.y
'''),
    Impl(function="AddLayer", style="the book's", right=True, source='''
class AddLayer:
    def __init__(self):
        pass

    def forward(self, x, y):
        out = x + y
        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy
'''),
    Impl(function="AddLayer", style="backward ignores dout", right=False, words=["ignores dout", "dx = dout"],
         absent=["single number where"], source='''
class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        dx = 1
        dy = 1
        return dx, dy
'''),
    Impl(function="AddLayer", style="backward ones_like", right=False, words=["ignores dout"], source='''
class AddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return np.ones_like(dout), np.ones_like(dout)
'''),
    # ---- Relu / Sigmoid ----------------------------------------------------------------------------------
    Impl(function="Relu", style="mask kept, np.where", right=True, source='''
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        return np.where(self.mask, 0, x)

    def backward(self, dout):
        return np.where(self.mask, 0, dout)
'''),
    Impl(function="Relu", style="the book's dout[mask] = 0", right=False, words=["changed the array dout", "the book"], source='''
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx
'''),
    Impl(function="Relu", style="forward zeroes x", right=False, words=["changed its input x"], source='''
class Relu:
    def forward(self, x):
        self.mask = (x <= 0)
        out = x
        out[self.mask] = 0
        return out

    def backward(self, dout):
        return dout * (~self.mask)
'''),
    Impl(function="Sigmoid", style="the book's, keeps out", right=True, source='''
class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        dx = dout * (1.0 - self.out) * self.out
        return dx
'''),
    Impl(function="Sigmoid", style="derivative without (1 - out)", right=False, words=["out * (1 - out)"], source='''
class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out
'''),
    # ---- Affine ------------------------------------------------------------------------------------------
    Impl(function="Affine", style="the book's, np.dot, original_x_shape", right=True, source='''
class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        out = np.dot(self.x, self.W) + self.b
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = dx.reshape(*self.original_x_shape)
        return dx
'''),
    Impl(function="Affine", style="@ and .sum(0)", right=True, source='''
class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(0)
        return dout @ self.W.T
'''),
    Impl(function="Affine", style="db with keepdims", right=False, words=["(H,)"], source='''
class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0, keepdims=True)
        return np.dot(dout, self.W.T)
'''),
    Impl(function="Affine", style="dW transposed", right=False, words=["dW is transposed"], source='''
class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(dout.T, self.x)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)
'''),
    # ---- SoftmaxWithLoss ---------------------------------------------------------------------------------
    Impl(function="SoftmaxWithLoss", style="the book's, labels by index", right=True, source='''
class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx
'''),
    Impl(function="SoftmaxWithLoss", style="loss of the raw scores", right=False,
         words=["raw scores", "cross_entropy_error(softmax(x), t)"], source='''
class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(x, t)
        return self.loss

    def backward(self, dout=1):
        t = self.t if self.t.size == self.y.size else np.eye(self.y.shape[1])[self.t]
        return dout * (self.y - t) / self.y.shape[0]
'''),
    Impl(function="SoftmaxWithLoss", style="no 1/N in backward", right=False, words=["misses the 1/N"], source='''
class SoftmaxWithLoss:
    def forward(self, x, t):
        self.y = softmax(x)
        self.t = t if t.size == self.y.size else np.eye(self.y.shape[1])[t]
        return cross_entropy_error(self.y, t)

    def backward(self, dout=1):
        return dout * (self.y - self.t)
'''),
    Impl(function="SoftmaxWithLoss", style="labels subtracted as they are", right=False, words=["np.eye(C)[t]"], source='''
class SoftmaxWithLoss:
    def forward(self, x, t):
        self.y = softmax(x)
        self.t = t
        return cross_entropy_error(self.y, t)

    def backward(self, dout=1):
        return dout * (self.y - self.t) / self.y.shape[0]
'''),
]

NET_TEMPLATE = '''
class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=0):
        INIT_LINES
        self.layers = OrderedDict()
        self.layers['Affine1'] = Affine(self.params['W1'], self.params['b1'])
        self.layers['Relu1'] = Relu()
        self.layers['Affine2'] = Affine(self.params['W2'], self.params['b2'])
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.lastLayer.forward(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy

    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)
        grads = {}
        grads['W1'] = numerical_gradient(loss_W, self.params['W1'])
        grads['b1'] = numerical_gradient(loss_W, self.params['b1'])
        grads['W2'] = numerical_gradient(loss_W, self.params['W2'])
        grads['b2'] = numerical_gradient(loss_W, self.params['b2'])
        return grads

    def gradient(self, x, t):
        self.loss(x, t)
        dout = 1
        dout = self.lastLayer.backward(dout)
        LAYERS_LINES
        for layer in layers:
            dout = layer.backward(dout)
        grads = {}
        grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
        grads['W2'], grads['b2'] = self.layers['Affine2'].dW, self.layers['Affine2'].db
        return grads
'''
NET_RIGHT = dict(INIT_LINES='''rng = np.random.RandomState(seed)
        self.params = {}
        self.params['W1'] = weight_init_std * rng.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * rng.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)''',
                 LAYERS_LINES='''layers = list(self.layers.values())
        layers.reverse()''')


def net(**lines):
    source = NET_TEMPLATE
    for key, line in dict(NET_RIGHT, **lines).items():
        source = source.replace(key, line)
    return source


CASES += [
    Impl(function="TwoLayerNet", style="the book's, with a RandomState", right=True, source=net()),
    Impl(function="TwoLayerNet", style="reversed(...), dict comprehension", right=True, source=net(
        LAYERS_LINES='layers = reversed(list(self.layers.values()))')),
    Impl(function="TwoLayerNet", style="np.random.randn (the book's)", right=False,
         words=["global random state", "RandomState(seed)", "The book"], source=net(INIT_LINES='''self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)''')),
    Impl(function="TwoLayerNet", style="the book's signature, no seed", right=False,
         words=["seed=0", "RandomState(seed)"], absent=["keep its signature"], source=net(INIT_LINES='''self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)''').replace(
             "def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=0):",
             "def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):")),
    Impl(function="TwoLayerNet", style="uniform rand, unscaled", right=False, words=["rng.rand", "rng.randn", "weight_init_std"],
         source=net(INIT_LINES='''rng = np.random.RandomState(seed)
        self.params = {'W1': rng.rand(input_size, hidden_size), 'b1': np.zeros(hidden_size),
                       'W2': rng.rand(hidden_size, output_size), 'b2': np.zeros(output_size)}''')),
    Impl(function="TwoLayerNet", style="layers not reversed", right=False, words=["reverse"],
         source=net(LAYERS_LINES='layers = list(self.layers.values())')),
    Impl(function="TwoLayerNet", style="on an Affine that copies W and b", right=False,
         words=["your Affine copies W and b", "self.W = W"], absent=["TwoLayerNet builds its layers on copies"],
         source='''
class Affine:
    def __init__(self, W, b):
        self.W = W.copy()
        self.b = np.array(b)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T
''' + net()),
    Impl(function="TwoLayerNet", style="params copied into the layers", right=False, words=["not copies"],
         source=net().replace("Affine(self.params['W1'], self.params['b1'])",
                              "Affine(self.params['W1'].copy(), self.params['b1'].copy())").replace(
                              "Affine(self.params['W2'], self.params['b2'])",
                              "Affine(self.params['W2'].copy(), self.params['b2'].copy())")),
]

CASES += [
    Impl(function="TwoLayerNet", style="on an Affine that copies W only", right=False,
         words=["your Affine copies W and b"], source='''
class Affine:
    def __init__(self, W, b):
        self.W = np.array(W)
        self.b = b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)
''' + net()),
]
