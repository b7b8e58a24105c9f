"""Corpus of notebook 07_optimization: gradient descent, mini-batches, momentum and Adam, right and wrong,
in the styles students write them (the template's loop over range(L), f-strings, dict comprehensions,
np.power / np.sqrt / ** 0.5, a deep copy updated in place, the original course's in-place updates)."""
from harness import Impl

CASES = [
    # ---- update_parameters_with_gd -------------------------------------------------------------------
    Impl(function="update_parameters_with_gd", style="template loop, new dict", right=True, source='''
def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new_parameters = {}
    for l in range(L):
        new_parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads["dW" + str(l+1)]
        new_parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads["db" + str(l+1)]
    return new_parameters
'''),
    Impl(function="update_parameters_with_gd", style="dict comprehension", right=True, source='''
def update_parameters_with_gd(parameters, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}
'''),
    Impl(function="update_parameters_with_gd", style="in place (original course)", right=False,
         words=["changed its input `parameters` in place", "original course"], source='''
def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads["db" + str(l+1)]
    return parameters
'''),
    Impl(function="update_parameters_with_gd", style="range(1, L)", right=False, words=["not updated", "range(1, L + 1)"],
         source='''
def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = dict(parameters)
    for l in range(1, L):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new
'''),
    Impl(function="update_parameters_with_gd", style="plus sign", right=False, words=["uphill"], source='''
def update_parameters_with_gd(parameters, grads, learning_rate):
    return {k: parameters[k] + learning_rate * grads["d" + k] for k in parameters}
'''),
    # ---- random_mini_batches -------------------------------------------------------------------------
    Impl(function="random_mini_batches", style="math.floor, template", right=True, source='''
import math

def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[1]
    mini_batches = []
    permutation = list(np.random.RandomState(seed).permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        mini_batch_X = shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches
'''),
    Impl(function="random_mini_batches", style="range with a step", right=True, source='''
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    rng = np.random.RandomState(seed)
    order = rng.permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order]
    return [(X[:, i:i + mini_batch_size], Y[:, i:i + mini_batch_size])
            for i in range(0, X.shape[1], mini_batch_size)]
'''),
    Impl(function="random_mini_batches", style="np.random.seed (original course)", right=False,
         words=["global random state", "RandomState"], source='''
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    return [(shuffled_X[:, i:i + mini_batch_size], shuffled_Y[:, i:i + mini_batch_size])
            for i in range(0, m, mini_batch_size)]
'''),
    Impl(function="random_mini_batches", style="slices from 0", right=False, words=["k * mini_batch_size"], source='''
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[1]
    permutation = np.random.RandomState(seed).permutation(m)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    mini_batches = []
    for k in range(m // mini_batch_size):
        mini_batches.append((shuffled_X[:, 0:mini_batch_size], shuffled_Y[:, 0:mini_batch_size]))
    if m % mini_batch_size != 0:
        mini_batches.append((shuffled_X[:, (m // mini_batch_size) * mini_batch_size:],
                             shuffled_Y[:, (m // mini_batch_size) * mini_batch_size:]))
    return mini_batches
'''),
    Impl(function="random_mini_batches", style="last batch dropped", right=False, words=["partial mini-batch is missing"],
         source='''
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[1]
    permutation = np.random.RandomState(seed).permutation(m)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    return [(shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
             shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]) for k in range(m // mini_batch_size)]
'''),
    # ---- initialize_velocity -------------------------------------------------------------------------
    Impl(function="initialize_velocity", style="np.zeros of the shape", right=True, source='''
def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(L):
        v["dW" + str(l + 1)] = np.zeros((parameters["W" + str(l + 1)].shape[0], parameters["W" + str(l + 1)].shape[1]))
        v["db" + str(l + 1)] = np.zeros((parameters["b" + str(l + 1)].shape[0], parameters["b" + str(l + 1)].shape[1]))
    return v
'''),
    Impl(function="initialize_velocity", style="np.zeros_like comprehension", right=True, source='''
def initialize_velocity(parameters):
    return {"d" + key: np.zeros_like(value) for key, value in parameters.items()}
'''),
    Impl(function="initialize_velocity", style="two layers hard-coded", right=False, words=["range of your loop"],
         source='''
def initialize_velocity(parameters):
    v = {}
    for l in range(1, 3):
        v["dW" + str(l)] = np.zeros_like(parameters["W" + str(l)])
        v["db" + str(l)] = np.zeros_like(parameters["b" + str(l)])
    return v
'''),
    Impl(function="initialize_velocity", style="keys of the parameters", right=False, words=["keyed like the gradients"],
         source='''
def initialize_velocity(parameters):
    return {key: np.zeros_like(value) for key, value in parameters.items()}
'''),
    # ---- update_parameters_with_momentum -------------------------------------------------------------
    Impl(function="update_parameters_with_momentum", style="template loop, copies", right=True, source='''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    parameters = parameters.copy()
    v = v.copy()
    for l in range(L):
        v["dW" + str(l+1)] = beta * v["dW" + str(l+1)] + (1 - beta) * grads["dW" + str(l+1)]
        v["db" + str(l+1)] = beta * v["db" + str(l+1)] + (1 - beta) * grads["db" + str(l+1)]
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * v["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * v["db" + str(l+1)]
    return parameters, v
'''),
    Impl(function="update_parameters_with_momentum", style="in place on v (original course)", right=False,
         words=["changed its input `v` in place", "original course"], source='''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    new = {}
    for l in range(1, len(parameters) // 2 + 1):
        for p in ("W", "b"):
            v[f"d{p}{l}"] = beta * v[f"d{p}{l}"] + (1 - beta) * grads[f"d{p}{l}"]
            new[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * v[f"d{p}{l}"]
    return new, v
'''),
    Impl(function="update_parameters_with_momentum", style="no (1 - beta)", right=False, words=["misses the (1 - beta)"],
         source='''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    new_v = {k: beta * v[k] + grads[k] for k in v}
    new_parameters = {k: parameters[k] - learning_rate * new_v["d" + k] for k in parameters}
    return new_parameters, new_v
'''),
    # ---- initialize_adam -----------------------------------------------------------------------------
    Impl(function="initialize_adam", style="template loop", right=True, source='''
def initialize_adam(parameters):
    L = len(parameters) // 2
    v = {}
    s = {}
    for l in range(L):
        v["dW" + str(l+1)] = np.zeros(parameters["W" + str(l+1)].shape)
        v["db" + str(l+1)] = np.zeros(parameters["b" + str(l+1)].shape)
        s["dW" + str(l+1)] = np.zeros(parameters["W" + str(l+1)].shape)
        s["db" + str(l+1)] = np.zeros(parameters["b" + str(l+1)].shape)
    return v, s
'''),
    Impl(function="initialize_adam", style="copied line", right=False,
         words=['v["db1"] has the wrong shape', "shape of b1"], source='''
def initialize_adam(parameters):
    L = len(parameters) // 2
    v, s = {}, {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        s["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        s["db" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
    return v, s
'''),
]

# ---- update_parameters_with_adam: one right baseline, and one line changed in each wrong one ------------
ADAM_TEMPLATE = '''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    L = len(parameters) // 2
    parameters, v, s = dict(parameters), dict(v), dict(s)
    v_corrected = {}
    s_corrected = {}
    for l in range(L):
        for p in ("W", "b"):
            d = "d" + p + str(l + 1)
            V_LINE
            S_LINE
            VC_LINE
            SC_LINE
            STEP_LINE
    return parameters, v, s
'''
ADAM_RIGHT = dict(
    V_LINE='v[d] = beta1 * v[d] + (1 - beta1) * grads[d]',
    S_LINE='s[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2',
    VC_LINE='v_corrected[d] = v[d] / (1 - beta1 ** t)',
    SC_LINE='s_corrected[d] = s[d] / (1 - beta2 ** t)',
    STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * v_corrected[d] / '
              '(np.sqrt(s_corrected[d]) + epsilon)',
)


def adam(**lines):
    source = ADAM_TEMPLATE
    for key, line in dict(ADAM_RIGHT, **lines).items():
        source = source.replace(key, line)
    return source


CASES += [
    Impl(function="update_parameters_with_adam", style="template, dict copies", right=True, source=adam()),
    Impl(function="update_parameters_with_adam", style="np.power, np.square, ** 0.5", right=True, source=adam(
        S_LINE='s[d] = beta2 * s[d] + (1 - beta2) * np.square(grads[d])',
        VC_LINE='v_corrected[d] = v[d] / (1 - np.power(beta1, t))',
        SC_LINE='s_corrected[d] = s[d] / (1 - np.power(beta2, t))',
        STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * (v_corrected[d] / '
                  '(s_corrected[d] ** 0.5 + epsilon))')),
    Impl(function="update_parameters_with_adam", style="np.multiply, np.divide", right=True, source=adam(
        V_LINE='v[d] = np.multiply(beta1, v[d]) + np.multiply(1 - beta1, grads[d])',
        S_LINE='s[d] = np.multiply(beta2, s[d]) + np.multiply(1 - beta2, np.multiply(grads[d], grads[d]))',
        STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - np.divide(learning_rate * v_corrected[d], '
                  'np.sqrt(s_corrected[d]) + epsilon)')),
    Impl(function="update_parameters_with_adam", style="deep copy, in-place -=", right=True, source='''
import copy

def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    parameters, v, s = copy.deepcopy(parameters), copy.deepcopy(v), copy.deepcopy(s)
    for key in parameters:
        g = grads["d" + key]
        v["d" + key] *= beta1
        v["d" + key] += (1 - beta1) * g
        s["d" + key] *= beta2
        s["d" + key] += (1 - beta2) * g * g
        v_hat = v["d" + key] / (1 - beta1 ** t)
        s_hat = s["d" + key] / (1 - beta2 ** t)
        parameters[key] -= learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return parameters, v, s
'''),
    Impl(function="update_parameters_with_adam", style="s with beta1 in (1 - beta1)", right=False,
         words=["s = beta2 * s + (1 - beta2) * dW**2", "(1 - beta1)", "beta2 in both"], absent=["constant factor"],
         source=adam(S_LINE='s[d] = beta2 * s[d] + (1 - beta1) * grads[d] ** 2')),
    Impl(function="update_parameters_with_adam", style="s with beta1 twice", right=False, words=["beta1 in front of s", "beta2 in both places"],
         source=adam(S_LINE='s[d] = beta1 * s[d] + (1 - beta1) * grads[d] ** 2')),
    Impl(function="update_parameters_with_adam", style="sqrt of the uncorrected s", right=False,
         words=["np.sqrt(s", "s_corrected"], absent=["constant factor"],
         source=adam(STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * '
                               'v_corrected[d] / (np.sqrt(s[d]) + epsilon)')),
    Impl(function="update_parameters_with_adam", style="v built from s", right=False,
         words=["v", "s", "beta1 * v"], absent=["constant factor"],
         source=adam(V_LINE='v[d] = beta1 * s[d] + (1 - beta1) * grads[d]')),
    Impl(function="update_parameters_with_adam", style="correction without the power t", right=False,
         words=["beta1**t", "power"], absent=["constant factor"],
         source=adam(VC_LINE='v_corrected[d] = v[d] / (1 - beta1)', SC_LINE='s_corrected[d] = s[d] / (1 - beta2)')),
    Impl(function="update_parameters_with_adam", style="v corrected with beta2", right=False,
         words=["v_corrected", "beta1**t"], absent=["constant factor", "swapped"],
         source=adam(VC_LINE='v_corrected[d] = v[d] / (1 - beta2 ** t)')),
    Impl(function="update_parameters_with_adam", style="s corrected with beta1", right=False,
         words=["s_corrected", "beta2**t"], absent=["constant factor", "swapped"],
         source=adam(SC_LINE='s_corrected[d] = s[d] / (1 - beta1 ** t)')),
    Impl(function="update_parameters_with_adam", style="hard-coded exponent 2", right=False,
         words=["beta2**2", "t"], absent=["constant factor"],
         source=adam(SC_LINE='s_corrected[d] = s[d] / (1 - beta2 ** 2)')),
    Impl(function="update_parameters_with_adam", style="hard-coded exponent 2 on both", right=False,
         words=["power 2", "fixed 2"], absent=["constant factor"],
         source=adam(VC_LINE='v_corrected[d] = v[d] / (1 - beta1 ** 2)', SC_LINE='s_corrected[d] = s[d] / (1 - beta2 ** 2)')),
    Impl(function="update_parameters_with_adam", style="epsilon inside the root", right=False, words=["epsilon is inside"],
         source=adam(STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * '
                               'v_corrected[d] / np.sqrt(s_corrected[d] + epsilon)')),
    Impl(function="update_parameters_with_adam", style="no square root", right=False, words=["square root is missing"],
         source=adam(STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * '
                               'v_corrected[d] / (s_corrected[d] + epsilon)')),
    Impl(function="update_parameters_with_adam", style="np.sqrt with epsilon as 2nd argument", right=False,
         words=["np.sqrt", "one"], absent=["keep its signature"],
         source=adam(STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * '
                               'v_corrected[d] / np.sqrt(s_corrected[d], epsilon)')),
    Impl(function="update_parameters_with_adam", style="np.power with one argument", right=False,
         words=["power()", "np.power(x, p)"], absent=["keep its signature"],
         source=adam(VC_LINE='v_corrected[d] = v[d] / (1 - np.power(beta1 ** t))')),
    Impl(function="update_parameters_with_adam", style="math.sqrt of an array", right=False,
         words=["math.sqrt", "np.sqrt"], absent=["keep its signature"],
         source='import math\n' + adam(STEP_LINE='parameters[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * '
                                                'v_corrected[d] / (math.sqrt(s_corrected[d]) + epsilon)')),
    Impl(function="update_parameters_with_adam", style="in place on v and s (original course)", right=False,
         words=["changed its input `v` in place", "original course"], source='''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    L = len(parameters) // 2
    new = {}
    for l in range(L):
        for p in ("W", "b"):
            d = "d" + p + str(l + 1)
            v[d] = beta1 * v[d] + (1 - beta1) * grads[d]
            s[d] = beta2 * s[d] + (1 - beta2) * np.power(grads[d], 2)
            new[p + str(l + 1)] = parameters[p + str(l + 1)] - learning_rate * (v[d] / (1 - beta1 ** t)) / (
                np.sqrt(s[d] / (1 - beta2 ** t)) + epsilon)
    return new, v, s
'''),
    Impl(function="update_parameters_with_adam", style="no bias correction", right=False, words=["bias correction is missing"],
         source=adam(VC_LINE='v_corrected[d] = v[d]', SC_LINE='s_corrected[d] = s[d]')),
]

CASES += [
    Impl(function="update_parameters_with_gd", style="learning rate written as 0.01", right=False,
         words=["learning rate 0.01", "use the argument"], source='''
def update_parameters_with_gd(parameters, grads, learning_rate):
    return {k: parameters[k] - 0.01 * grads["d" + k] for k in parameters}
'''),
    Impl(function="update_parameters_with_adam", style="default numbers written in", right=False,
         words=["default", "use the arguments"], source=adam(
             V_LINE='v[d] = 0.9 * v[d] + 0.1 * grads[d]', S_LINE='s[d] = 0.999 * s[d] + 0.001 * grads[d] ** 2',
             VC_LINE='v_corrected[d] = v[d] / (1 - 0.9 ** t)', SC_LINE='s_corrected[d] = s[d] / (1 - 0.999 ** t)')),
]
