"""Checks of notebook 07_optimization: update_parameters_with_gd, random_mini_batches,
initialize_velocity, update_parameters_with_momentum, initialize_adam, update_parameters_with_adam.

``check_*`` run the documented cases (and, for Adam, two more that the documented one cannot tell apart
from common mistakes) and print one success line; ``hidden_check_*`` run further seeded cases against
the reference in ``dnn_utils.optimizers`` and print nothing when they pass.
"""
import numpy as np

from dnn_utils import optimizers as reference

from . import fixtures
from .checks import Check, Exercises, Mistake, call_advice, same
from .checks import mistakes as _mistakes
from .expected import EXPECTED

#: the graded exercises, in the notebook's order (a failed check looks for its root cause in the earlier ones)
EXERCISES = Exercises()

#: the documented values have 8 decimals: a result must agree with them to within this
DOCUMENTED_ATOL = 1e-8

UPHILL = "the step goes uphill: subtract, W = W - learning_rate * (the step), never add."
NO_LEARNING_RATE = "the learning rate is missing: multiply the step by learning_rate."
DIVIDED_BY_LEARNING_RATE = "the step is divided by the learning rate: multiply by it."
CALLERS_DICT = ("it returned the caller's dict itself: build a new dict (new = {} and fill it) so that the "
                "caller's values stay as they were.")


class _Check(Check):
    """A Check that tells an error raised by a numpy call inside the student's function (np.sqrt(x, epsilon),
    np.power(x), math.sqrt of an array, ...) from one about the function's own signature."""

    def fail(self, problem, advice=None, expected=None, actual=None, show_values=True):
        __tracebackhide__ = True
        if problem.startswith("calling it raised"):
            if self.title.startswith("random_mini_batches") and "out of bounds for axis 0" in problem:
                advice = ("the permutation of the m examples indexes the rows of X, of which there are only n_x: "
                          "the examples are the columns, shuffled_X = X[:, permutation] (and the same for Y).")
            else:
                advice = call_advice(problem, self.title.split()[0]) or advice
        elif problem.startswith("it changed its input") and any(
                f"`{name}`" in problem for name in ("parameters", "v", "s")):
            advice = ("the caller's dicts and arrays stay as they were (the original course's code wrote into them): "
                      "start from new dicts, parameters = dict(parameters), v = dict(v), and give each key a new "
                      "array, parameters['W1'] = parameters['W1'] - ... (W -= ... would still write into the "
                      "caller's array).")
        super().fail(problem, advice, expected=expected, actual=actual, show_values=show_values)


class _WhenWrong:
    """The catalogued mistakes of one value, built only if they are looked at: a check reads them only when
    the value is wrong. Building Adam's (every way of writing the two corrections, told apart pairwise)
    is most of what its check would otherwise spend on an answer that is right."""

    def __init__(self, build, *args):
        self.build, self.args = build, args

    def __iter__(self):
        return iter(self.build(*self.args))


def _parameter_keys(parameters):
    L = len(parameters) // 2
    return [name + str(l) for l in range(1, L + 1) for name in ("W", "b")]


def _call(c, fn, *args, names=None, **kwargs):
    """c.call, with numpy's floating-point warnings silenced: a wrong formula (a square root of a
    negative number, say) fails the check with a named mistake, not with a warning on stderr."""
    __tracebackhide__ = True
    with np.errstate(all="ignore"):
        return c.call(fn, *args, names=names, **kwargs)


def _check_new_parameters(c, new, parameters, expected, mistakes_of, no_change_advice, documented=None,
                          atol=None):
    """Keys, a real step for every layer, then every value (documented ones to 8 decimals)."""
    __tracebackhide__ = True
    keys = _parameter_keys(parameters)
    c.keys("the new parameters", new, keys,
           f"return a dict with the keys of `parameters`, {', '.join(keys)}: L = len(parameters) // 2 and the "
           "loop runs l = 1 .. L (range(1, L + 1)); grads may hold more keys (dA0, ...) than the "
           "parameters' gradients.")
    unchanged = [k for k in keys if np.array_equal(new[k], parameters[k])
                 and not np.array_equal(expected[k], parameters[k])]
    if unchanged and len(unchanged) == len(keys):
        if len(keys) == 2:   # one layer: a loop over range(1, L) makes no step at all
            no_change_advice = (f"this network has one layer (L = 1): a loop over range(1, L) or range(L - 1) runs no "
                                f"step at all; the loop runs l = 1 .. L, range(1, L + 1). Otherwise: {no_change_advice}")
        c.fail("no parameter changed.", no_change_advice, show_values=False)
    if unchanged:
        c.fail(f"{', '.join(unchanged)} {'is' if len(unchanged) == 1 else 'are'} not updated.",
               f"the loop must update every layer, l = 1 .. L with L = len(parameters) // 2 = {len(keys) // 2}: "
               "check its range (range(1, L + 1)).", show_values=False)
    c.ok()
    for k in keys:
        if documented and k in documented:
            c.equal(k, new[k], documented[k], _WhenWrong(mistakes_of, k), atol=atol or DOCUMENTED_ATOL, rtol=0)
        else:
            c.equal(k, new[k], expected[k], _WhenWrong(mistakes_of, k))
    c.that(new is not parameters, "it returned the caller's dict itself.", CALLERS_DICT)


# ---- update_parameters_with_gd ---------------------------------------------------------------------
SPLIT_ADVICE = (
    "the function returned the values it was given. Is the update lost? Python ends a statement at the "
    "end of a line, so in\n"
    "    W = W\n"
    "    - learning_rate * dW\n"
    "the second line is a separate statement whose result is thrown away. Keep the update on one line, or "
    "wrap it in parentheses to continue it on the next.")


def _check_gd(c, fn, parameters, grads, learning_rate, documented=None):
    __tracebackhide__ = True
    new = _call(c, fn, parameters, grads, learning_rate, names=["parameters", "grads", "learning_rate"])
    expected = reference.update_parameters_with_gd(parameters, grads, learning_rate)

    def mistakes_of(k):
        W, dW = parameters[k], grads["d" + k]
        fixed = [(f"the step uses the learning rate 0.01 where this case has learning_rate = {learning_rate}: use "
                  "the argument, W = W - learning_rate * dW, not a number.", lambda: W - 0.01 * dW)
                 ] if learning_rate != 0.01 else []
        return _mistakes([(UPHILL, lambda: W + learning_rate * dW),
                          (NO_LEARNING_RATE, lambda: W - dW),
                          (DIVIDED_BY_LEARNING_RATE, lambda: W - dW / learning_rate)] + fixed)
    _check_new_parameters(c, new, parameters, expected, mistakes_of, SPLIT_ADVICE, documented)


@EXERCISES.check("update_parameters_with_gd", reference.update_parameters_with_gd)
def check_update_parameters_with_gd(update_parameters_with_gd):
    """The documented case (learning rate 0.01), then a network of three layers with learning rate 0.5 (the
    hidden check varies depths and learning rates)."""
    c = _Check("update_parameters_with_gd")
    parameters, grads, learning_rate = fixtures.update_parameters_with_gd_case()
    _check_gd(c, update_parameters_with_gd, parameters, grads, learning_rate,
              documented=EXPECTED["update_parameters_with_gd"])
    for layer_dims in VISIBLE_DEPTHS:
        parameters, grads, _, _ = fixtures.random_optimizer_case(9, layer_dims)
        sub = _Check(f"update_parameters_with_gd (layer_dims = {layer_dims}, learning_rate = 0.5)", quiet=True)
        _check_gd(sub, update_parameters_with_gd, parameters, grads, 0.5)
        c.passed += sub.passed
    c.done()


#: the depths the visible checks show beside the documented case: 1, 2 and 3 layers with one output unit (the
#: hidden checks vary the sizes and go up to 4)
VISIBLE_DEPTHS = [[3, 1], [2, 3, 1], [2, 3, 2, 1]]


#: (seed, layer_dims, learning_rate) of the random cases: depths 1 to 4
RANDOM_UPDATES = [(1, [3, 1], 0.05), (2, [2, 3, 1], 1.3), (3, [4, 3, 2, 1], 0.0075), (4, [2, 4, 3, 2, 1], 0.5)]


@EXERCISES.hidden("update_parameters_with_gd")
def hidden_check_update_parameters_with_gd(update_parameters_with_gd):
    for seed, layer_dims, learning_rate in RANDOM_UPDATES:
        parameters, grads, _, _ = fixtures.random_optimizer_case(seed, layer_dims)
        c = _Check(f"update_parameters_with_gd (layer_dims = {layer_dims}, learning_rate = {learning_rate})",
                  quiet=True)
        _check_gd(c, update_parameters_with_gd, parameters, grads, learning_rate)


# ---- random_mini_batches ---------------------------------------------------------------------------
def _as_float(a):
    return np.asarray(a, dtype=float)


def _same_batches(actual, expected):
    """Two lists of (X, Y) pairs with the same shapes and the same values, in the same order."""
    try:
        if len(actual) != len(expected):
            return False
        for (ax, ay), (ex, ey) in zip(actual, expected):
            ax, ay, ex, ey = _as_float(ax), _as_float(ay), _as_float(ex), _as_float(ey)
            if ax.shape != ex.shape or ay.shape != ey.shape:
                return False
            if not (np.array_equal(ax, ex) and np.array_equal(ay, ey)):
                return False
        return True
    except (TypeError, ValueError):
        return False


class BatchesMistake(Mistake):
    """A mistake whose wrong implementation returns a list of mini-batches."""

    def explains(self, actual):
        try:
            candidate = self.wrong()
        except Exception:
            return False
        return _same_batches(actual, candidate)


def _cut(SX, SY, size, starts):
    return [(SX[:, k:k + size], SY[:, k:k + size]) for k in starts]


def _batch_variants(X, Y, size, seed):
    """[(advice, thunk returning the mini-batches that mistake makes)] on these inputs."""
    m = X.shape[1]
    complete = m // size
    rest = m - complete * size
    perm = np.random.RandomState(seed).permutation(m)
    SX, SY = X[:, perm], Y[:, perm]
    full = list(range(0, complete * size, size))

    def partial():
        return [(SX[:, complete * size:], SY[:, complete * size:])] if rest else []

    def two_permutations():
        rng = np.random.RandomState(seed)
        pX, pY = rng.permutation(m), rng.permutation(m)
        return _cut(X[:, pX], Y[:, pY], size, range(0, m, size))

    variants = [
        ("every complete mini-batch is the first one: mini-batch k is the slice "
         "k * mini_batch_size : (k + 1) * mini_batch_size of the shuffled columns. (A widely shared version of "
         "this exercise slices 0 : mini_batch_size every time; the loop variable k must appear in the slice.)",
         lambda: [(SX[:, 0:size], SY[:, 0:size]) for _ in full] + partial()),
        ("every mini-batch, the last one too, starts at the first column: mini-batch k is the slice "
         "k * mini_batch_size : (k + 1) * mini_batch_size, and the last one starts at "
         "num_complete_minibatches * mini_batch_size. (A widely shared version of this exercise slices from 0.)",
         lambda: [(SX[:, 0:size], SY[:, 0:size]) for _ in full] + (
             [(SX[:, 0:rest], SY[:, 0:rest])] if rest else [])),
        (f"the last, partial mini-batch is missing: {m} examples make {complete} mini-batches of {size} and one "
         f"of the {rest} left over (m % mini_batch_size); every example must be in a mini-batch.",
         lambda: _cut(SX, SY, size, full) if rest else None),
        ("the last, partial mini-batch is there twice: append it once, after the loop over the complete ones.",
         lambda: _cut(SX, SY, size, full) + partial() * 2 if rest else None),
        ("the last mini-batch is a full-width slice ending at the last column, so it repeats examples of the "
         "one before: it holds only the m % mini_batch_size examples left over, from column "
         "num_complete_minibatches * mini_batch_size to m.",
         lambda: _cut(SX, SY, size, full) + [(SX[:, m - size:], SY[:, m - size:])] if rest and m > size else None),
        (f"there is an empty last mini-batch: when m is a multiple of mini_batch_size ({m} = {complete} x {size}) "
         "there is no partial batch; add it only if m % mini_batch_size != 0.",
         lambda: _cut(SX, SY, size, full) + [(SX[:, m:], SY[:, m:])] if not rest else None),
        ("the examples are not shuffled: permute the columns first, shuffled_X = X[:, permutation] with "
         "permutation = np.random.RandomState(seed).permutation(m).",
         lambda: _cut(X, Y, size, range(0, m, size))),
        ("the labels are not shuffled with the examples: shuffled_Y = Y[:, permutation], with the same "
         "permutation as X.", lambda: _cut(SX, Y, size, range(0, m, size))),
        ("X and Y are shuffled with two different permutations, so examples lose their labels: draw ONE "
         "permutation and index both X and Y with it.", two_permutations),
        ("the rows are shuffled, not the columns: the examples are the columns, so shuffled_X = "
         "X[:, permutation].", lambda: _cut(X[perm, :], Y[:, perm], size, range(0, m, size))),
    ]
    if size != 64:
        variants.append(("mini_batch_size is ignored (the batches are 64 wide): use the argument.",
                         lambda: reference.random_mini_batches(X, Y, 64, seed)))
    if seed != 0:
        variants.append(("the seed is ignored: shuffle with np.random.RandomState(seed).permutation(m), the seed "
                         "you are given.", lambda: reference.random_mini_batches(X, Y, size, 0)))
    return variants


def _column_index(X):
    """Column bytes -> column number, to find where a column of a mini-batch came from."""
    return {np.ascontiguousarray(X[:, j], dtype=float).tobytes(): j for j in range(X.shape[1])}


def _check_batches(c, batches, X, Y, size, seed):
    """The student's mini-batches against the reference; on a mismatch, name the mistake."""
    __tracebackhide__ = True
    if (not isinstance(batches, (list, tuple))
            or not all(isinstance(b, (tuple, list)) and len(b) == 2 for b in batches)):
        c.fail("it should return a list of (mini_batch_X, mini_batch_Y) pairs.",
               "append each pair to a list, mini_batches.append((mini_batch_X, mini_batch_Y)), and return "
               "the list.", expected="a list of tuples", actual=batches)
    c.ok()
    expected = reference.random_mini_batches(X, Y, size, seed)
    if _same_batches(batches, expected):
        c.ok()
        return
    for advice, wrong in _batch_variants(X, Y, size, seed):
        if BatchesMistake(advice, wrong).explains(batches):
            c.fail("the mini-batches are wrong.", advice, show_values=False)
    m = X.shape[1]
    description = f"m = {m}, mini_batch_size = {size}"
    if len(batches) != len(expected):
        c.fail(f"there are {len(batches)} mini-batches where {len(expected)} belong ({description}).",
               f"make m // mini_batch_size = {m // size} mini-batches of {size} columns, then one more of the "
               f"m % mini_batch_size = {m % size} columns left over when that is not 0.", show_values=False)
    for k, ((bx, by), (ex, ey)) in enumerate(zip(batches, expected)):
        bx, by = np.asarray(bx), np.asarray(by)
        if bx.shape != ex.shape or by.shape != ey.shape:
            c.fail(f"mini-batch {k} has the shapes X {bx.shape}, Y {by.shape} ({description}).",
                   f"mini-batch {k} holds the examples as columns: X {ex.shape} and Y {ey.shape}; slice the "
                   "shuffled arrays by columns, shuffled_X[:, start:end].",
                   expected=f"X {ex.shape}, Y {ey.shape}", actual=f"X {bx.shape}, Y {by.shape}", show_values=True)
    index = _column_index(X)
    origin = [index.get(np.ascontiguousarray(col, dtype=float).tobytes())
              for bx, _ in batches for col in np.asarray(bx).T]
    if None in origin:
        c.fail("some columns of the mini-batches are not examples of X.",
               "take whole columns of X (shuffled_X = X[:, permutation]) and do not change them.", show_values=False)
    counts = np.bincount(origin, minlength=m)
    if counts.max() > 1 or counts.min() < 1:
        twice, missing = np.flatnonzero(counts > 1), np.flatnonzero(counts == 0)
        c.fail(f"{len(twice)} examples are in more than one mini-batch and {len(missing)} in none.",
               "each example must be in exactly one mini-batch: shuffle once, then cut consecutive, "
               "non-overlapping slices of the shuffled columns.", show_values=False)
    labels = np.concatenate([_as_float(by) for _, by in batches], axis=1)
    if not np.array_equal(labels, _as_float(Y)[:, origin]):
        c.fail("the labels do not go with their examples.",
               "index X and Y with the same permutation: shuffled_Y = Y[:, permutation].", show_values=False)
    c.fail("the examples are not in the expected order.",
           "shuffle with permutation = np.random.RandomState(seed).permutation(m), then take the shuffled "
           "columns in order: mini-batch k holds columns k * mini_batch_size to (k + 1) * mini_batch_size.",
           show_values=False)


@EXERCISES.check("random_mini_batches", reference.random_mini_batches)
def check_random_mini_batches(random_mini_batches):
    """The documented case: 148 examples in batches of 64 (64, 64, 20), seed 0."""
    c = _Check("random_mini_batches")
    X, Y, size, seed = fixtures.random_mini_batches_case()
    batches = c.call(random_mini_batches, X, Y, size, seed, names=["X", "Y", "mini_batch_size", "seed"])
    _check_batches(c, batches, X, Y, size, seed)
    documented = EXPECTED["random_mini_batches"]
    c.equal("the shapes of the mini-batches of X", np.array([np.shape(bx) for bx, _ in batches]),
            documented["shapes"])
    c.equal("the first three entries of row 0 of mini-batch 0", np.asarray(batches[0][0])[0, :3],
            documented["first3"], atol=DOCUMENTED_ATOL, rtol=0)
    # the kinds of case the hidden check varies: m smaller than a batch, m a multiple of the batch size
    for seed, n_x, m, size in VISIBLE_BATCHES:
        X, Y = _batch_data(seed, n_x, m)
        sub = _Check(f"random_mini_batches (m = {m}, mini_batch_size = {size}, seed = {seed})", quiet=True)
        _check_batches(sub, sub.call(random_mini_batches, X, Y, size, seed, names=["X", "Y", "mini_batch_size", "seed"]),
                       X, Y, size, seed)
        c.passed += sub.passed
    c.done()


#: (seed, n_x, m, mini_batch_size) of the visible cases beside the documented one: fewer examples than one
#: mini-batch, m a multiple of the mini-batch size (no partial batch), one feature
VISIBLE_BATCHES = [(4, 2, 5, 8), (6, 3, 9, 3), (8, 1, 7, 2)]


def _batch_data(seed, n_x, m):
    rng = np.random.RandomState(100 + seed)
    return rng.randn(n_x, m), (rng.rand(1, m) > 0.5).astype(float)


#: (seed, n_x, m, mini_batch_size): one partial batch only, m a multiple of the size, one full batch, ...
RANDOM_BATCHES = [(1, 2, 10, 3), (5, 3, 12, 4), (2, 2, 7, 16), (3, 1, 64, 64), (7, 5, 129, 64), (11, 4, 50, 1)]


@EXERCISES.hidden("random_mini_batches")
def hidden_check_random_mini_batches(random_mini_batches):
    for seed, n_x, m, size in RANDOM_BATCHES:
        X, Y = _batch_data(seed, n_x, m)
        c = _Check(f"random_mini_batches (m = {m}, mini_batch_size = {size}, seed = {seed})", quiet=True)
        batches = c.call(random_mini_batches, X, Y, size, seed, names=["X", "Y", "mini_batch_size", "seed"])
        _check_batches(c, batches, X, Y, size, seed)


# ---- initialize_velocity and initialize_adam ------------------------------------------------------
def _check_zeros(c, what, state, parameters):
    """``state`` holds zeros with the keys dW1, db1, ... and the shapes of the parameters."""
    __tracebackhide__ = True
    keys = _parameter_keys(parameters)
    if isinstance(state, dict) and set(state) == set(keys):
        c.fail(f"{what} has the keys of the parameters ({', '.join(keys)}).",
               "it is keyed like the gradients, \"dW1\", \"db1\", ...: v[\"dW\" + str(l)].", show_values=False)
    grad_keys = ["d" + k for k in keys]
    c.keys(what, state, grad_keys,
           f"the keys are {', '.join(grad_keys)}: one per parameter, l = 1 .. L with L = len(parameters) // 2.")
    for k in keys:
        value, shape = state["d" + k], np.shape(parameters[k])
        if not isinstance(value, np.ndarray) or value.shape != shape:
            c.fail(f"{what}[\"d{k}\"] has the wrong shape.",
                   f"it has the shape of {k}, {shape}: np.zeros_like(parameters[\"{k}\"]) or np.zeros({shape}).",
                   expected=f"ndarray of shape {shape}", actual=value)
        c.ok()
        if np.any(value != 0):
            c.fail(f"{what}[\"d{k}\"] is not zero.",
                   "it starts at zero: nothing has been averaged yet (np.zeros_like).",
                   expected=np.zeros(shape), actual=value)
        c.ok()


@EXERCISES.check("initialize_velocity", reference.initialize_velocity)
def check_initialize_velocity(initialize_velocity):
    """The parameters of the documented gd case, then of a network of three layers (the hidden check varies
    the depth)."""
    c = _Check("initialize_velocity")
    parameters, _, _ = fixtures.update_parameters_with_gd_case()
    v = c.call(initialize_velocity, parameters, names=["parameters"])
    _check_zeros(c, "v", v, parameters)
    for layer_dims in VISIBLE_DEPTHS:
        parameters, _, _, _ = fixtures.random_optimizer_case(9, layer_dims)
        _check_zeros(c, f"v (layer_dims = {layer_dims})", c.call(initialize_velocity, parameters, names=["parameters"]),
                     parameters)
    c.done()


@EXERCISES.hidden("initialize_velocity")
def hidden_check_initialize_velocity(initialize_velocity):
    for seed, layer_dims, _ in RANDOM_UPDATES:
        parameters, _, _, _ = fixtures.random_optimizer_case(seed, layer_dims)
        c = _Check(f"initialize_velocity (layer_dims = {layer_dims})", quiet=True)
        _check_zeros(c, "v", c.call(initialize_velocity, parameters, names=["parameters"]), parameters)


def _check_adam_state(c, fn, parameters):
    __tracebackhide__ = True
    v, s = c.unpack(c.call(fn, parameters, names=["parameters"]), ["v", "s"])
    _check_zeros(c, "v", v, parameters)
    _check_zeros(c, "s", s, parameters)


@EXERCISES.check("initialize_adam", reference.initialize_adam)
def check_initialize_adam(initialize_adam):
    """The parameters of the documented gd case, then of a network of three layers (the hidden check varies
    the depth)."""
    c = _Check("initialize_adam")
    parameters, _, _ = fixtures.update_parameters_with_gd_case()
    _check_adam_state(c, initialize_adam, parameters)
    for layer_dims in VISIBLE_DEPTHS:
        parameters, _, _, _ = fixtures.random_optimizer_case(9, layer_dims)
        _check_adam_state(c, initialize_adam, parameters)
    c.done()


@EXERCISES.hidden("initialize_adam")
def hidden_check_initialize_adam(initialize_adam):
    for seed, layer_dims, _ in RANDOM_UPDATES:
        parameters, _, _, _ = fixtures.random_optimizer_case(seed, layer_dims)
        _check_adam_state(_Check(f"initialize_adam (layer_dims = {layer_dims})", quiet=True), initialize_adam,
                          parameters)


# ---- update_parameters_with_momentum --------------------------------------------------------------
MOMENTUM_NO_CHANGE = (
    "the parameters did not move. The step uses the velocity *after* this update: first "
    "v = beta * v + (1 - beta) * dW, then W = W - learning_rate * v with that new v (the v you were "
    "given may be all zeros). Also make sure the update is not split over two lines.")
NO_ONE_MINUS_BETA = ("the velocity misses the (1 - beta): v = beta * v + (1 - beta) * dW is an average of the "
                     "gradients, not a sum; without (1 - beta) the steps grow about 1 / (1 - beta) times too large.")


def _momentum_variants(grads, v, beta, d):
    """(advice, new v) of the velocity mistakes, for gradient key d."""
    g, old = grads[d], v[d]
    return [
        (NO_ONE_MINUS_BETA, beta * old + g),
        ("beta and 1 - beta are swapped: v = beta * v + (1 - beta) * dW keeps most (beta) of the old "
         "velocity and adds a little of the new gradient.", (1 - beta) * old + beta * g),
        ("the velocity forgets its past: v = beta * v + (1 - beta) * dW, with the v you were given.",
         (1 - beta) * g),
    ]


def _check_momentum(c, fn, parameters, grads, v, beta, learning_rate, documented=None):
    __tracebackhide__ = True
    result = _call(c, fn, parameters, grads, v, beta, learning_rate,
                   names=["parameters", "grads", "v", "beta", "learning_rate"])
    new_parameters, new_v = c.unpack(result, ["parameters", "v"])
    expected_parameters, expected_v = reference.update_parameters_with_momentum(parameters, grads, v, beta,
                                                                                learning_rate)
    keys = _parameter_keys(parameters)
    c.keys("the new v", new_v, ["d" + k for k in keys],
           "return the new velocities with the keys of v: dW1, db1, ...")
    for k in keys:
        d = "d" + k
        variants = _momentum_variants(grads, v, beta, d)
        if beta != 0.9:
            variants.append((f"the velocity uses beta = 0.9 where this case has beta = {beta}: use the argument, "
                             "v = beta * v + (1 - beta) * dW.", 0.9 * v[d] + 0.1 * grads[d]))
        mistakes = _mistakes([(advice, lambda wrong=wrong: wrong) for advice, wrong in variants]
                             + [("v is returned unchanged: compute v = beta * v + (1 - beta) * dW and return the "
                                 "new v.", lambda d=d: v[d])])
        if documented and "v" + d in documented:
            c.equal(f"v[\"{d}\"]", new_v[d], documented["v" + d], mistakes, atol=DOCUMENTED_ATOL, rtol=0)
        else:
            c.equal(f"v[\"{d}\"]", new_v[d], expected_v[d], mistakes)

    def mistakes_of(k):
        d, W = "d" + k, parameters[k]
        step = expected_v[d]
        # the new v has passed its check: the step's own mistakes first, then a step taken with a
        # velocity computed otherwise than the one returned
        return _mistakes(
            [("the step uses the gradient, not the velocity: W = W - learning_rate * v, with the new v.",
              lambda: W - learning_rate * grads[d]),
             ("the step uses the old velocity: first v = beta * v + (1 - beta) * dW, then "
              "W = W - learning_rate * v with the new v.", lambda: W - learning_rate * v[d]),
             (UPHILL, lambda: W + learning_rate * step),
             (NO_LEARNING_RATE, lambda: W - step)]
            + [(advice, lambda wrong=wrong: W - learning_rate * wrong)
               for advice, wrong in _momentum_variants(grads, v, beta, d)])
    _check_new_parameters(c, new_parameters, parameters, expected_parameters, mistakes_of, MOMENTUM_NO_CHANGE,
                          documented)
    c.that(new_v is not v, "it returned the caller's dict v itself.", CALLERS_DICT)


@EXERCISES.check("update_parameters_with_momentum", reference.update_parameters_with_momentum)
def check_update_parameters_with_momentum(update_parameters_with_momentum):
    """The documented case (v zeros, beta 0.9, learning rate 0.01), then a step from a v that is not zero, on
    three layers, with beta 0.8 and learning rate 0.3 (the hidden check varies them)."""
    c = _Check("update_parameters_with_momentum")
    _check_momentum(c, update_parameters_with_momentum, *fixtures.update_parameters_with_momentum_case(),
                    documented=EXPECTED["update_parameters_with_momentum"])
    for layer_dims in VISIBLE_DEPTHS:
        parameters, grads, v, _ = fixtures.random_optimizer_case(9, layer_dims)
        sub = _Check(f"update_parameters_with_momentum with v not zero (layer_dims = {layer_dims}, beta = 0.8, "
                     "learning_rate = 0.3)", quiet=True)
        _check_momentum(sub, update_parameters_with_momentum, parameters, grads, v, 0.8, 0.3)
        c.passed += sub.passed
    c.done()


#: (seed, layer_dims, beta, learning_rate) of the random momentum steps (v not zero)
RANDOM_MOMENTUM = [(1, [3, 1], 0.9, 0.05), (2, [2, 3, 1], 0.8, 0.3), (3, [4, 3, 2, 1], 0.95, 0.01),
                   (4, [2, 4, 3, 2, 1], 0.5, 1.2)]


@EXERCISES.hidden("update_parameters_with_momentum")
def hidden_check_update_parameters_with_momentum(update_parameters_with_momentum):
    for seed, layer_dims, beta, learning_rate in RANDOM_MOMENTUM:
        parameters, grads, v, _ = fixtures.random_optimizer_case(seed, layer_dims)
        c = _Check(f"update_parameters_with_momentum (layer_dims = {layer_dims}, beta = {beta}, "
                  f"learning_rate = {learning_rate})", quiet=True)
        _check_momentum(c, update_parameters_with_momentum, parameters, grads, v, beta, learning_rate)


# ---- update_parameters_with_adam ------------------------------------------------------------------
NO_BIAS_CORRECTION = (
    "the bias correction is missing: v and s start at zero, so in the first steps they are too small; divide "
    "them by (1 - beta1**t) and (1 - beta2**t) before the step: W = W - learning_rate * v_corrected / "
    "(np.sqrt(s_corrected) + epsilon).")
EPSILON_INSIDE = (
    "epsilon is inside the square root: the step is v_corrected / (np.sqrt(s_corrected) + epsilon), with epsilon "
    "added AFTER the root (a widely copied solution writes np.sqrt(s_corrected + epsilon), which is "
    "not the same step: it is visibly smaller where the gradients are small).")
ADAM_NO_CHANGE = ("the parameters did not move: W = W - learning_rate * v_corrected / (np.sqrt(s_corrected) + "
                  "epsilon), with the new v and s. Make sure the update is not split over two lines.")


def _adam_state_variants(grads, v, s, t, beta1, beta2, d):
    """{"v": [(advice, wrong v)], "s": [(advice, wrong s)]} for gradient key d."""
    g = grads[d]
    new_v = beta1 * v[d] + (1 - beta1) * g
    new_s = beta2 * s[d] + (1 - beta2) * g ** 2
    return {
        "v_right": new_v, "s_right": new_s,
        "v": [("v misses the (1 - beta1): v = beta1 * v + (1 - beta1) * dW.", beta1 * v[d] + g),
              ("beta1 and 1 - beta1 are swapped: v = beta1 * v + (1 - beta1) * dW.", (1 - beta1) * v[d] + beta1 * g),
              ("v is built from s: the first moment averages its own past, v = beta1 * v + (1 - beta1) * dW "
               "(the line copied from s still reads s[...] where v[...] belongs).", beta1 * s[d] + (1 - beta1) * g),
              ("v is written with (1 - beta2), the factor of s" + (
                  " (and maybe beta2 in front of v too: with v = 0, as here, that term cannot show)"
                  if not np.any(v[d]) else "") + ": v = beta1 * v + (1 - beta1) * dW, beta1 in both places.",
               beta1 * v[d] + (1 - beta2) * g),
              ("v uses beta2: its rate is beta1, v = beta1 * v + (1 - beta1) * dW.",
               beta2 * v[d] + (1 - beta2) * g if np.any(v[d]) else None),   # with v = 0: the one above
              ("v averages the squared gradient: v = beta1 * v + (1 - beta1) * dW; the square belongs to s.",
               beta1 * v[d] + (1 - beta1) * g ** 2),
              ("v is returned bias-corrected: return v itself, v = beta1 * v + (1 - beta1) * dW; the corrected "
               "value only serves the step.", new_v / (1 - beta1 ** t)),
              ("v is returned unchanged: compute v = beta1 * v + (1 - beta1) * dW and return it.", v[d])],
        "s": [("s averages the gradient, not its square: s = beta2 * s + (1 - beta2) * dW**2.",
               beta2 * s[d] + (1 - beta2) * g),
              ("s misses the (1 - beta2): s = beta2 * s + (1 - beta2) * dW**2.", beta2 * s[d] + g ** 2),
              ("s is written with (1 - beta1), the factor of v" + (
                  " (and maybe beta1 in front of s too: with s = 0, as here, that term cannot show)"
                  if not np.any(s[d]) else "") + ": s = beta2 * s + (1 - beta2) * dW**2, beta2 in both places.",
               beta2 * s[d] + (1 - beta1) * g ** 2),
              ("s uses beta1: its rate is beta2, s = beta2 * s + (1 - beta2) * dW**2.",
               beta1 * s[d] + (1 - beta1) * g ** 2 if np.any(s[d]) else None),   # with s = 0: the one above
              ("s is built from v: the second moment averages its own past, s = beta2 * s + (1 - beta2) * dW**2 "
               "(the line copied from v still reads v[...] where s[...] belongs).", beta2 * v[d] + (1 - beta2) * g ** 2),
              ("s is returned bias-corrected: return s itself, s = beta2 * s + (1 - beta2) * dW**2; the corrected "
               "value only serves the step.", new_s / (1 - beta2 ** t)),
              ("s is returned unchanged: compute s = beta2 * s + (1 - beta2) * dW**2 and return it.", s[d])],
    }


def _corrections(name, beta, other, t):
    """[(what is wrong or None, denominator)]: the ways the bias correction of ``name`` ("v" or "s", with rate
    ``beta``, called "beta1" or "beta2"; ``other`` the other one) is written, the right one first."""
    b, o = beta, other
    right = 1 - b[1] ** t
    found = [(None, right),
             ("none", 1.0),
             (f"{name}_corrected divides by (1 - {b[0]}): the power t is missing, "
              f"{name}_corrected = {name} / (1 - {b[0]}**t)", 1 - b[1]),
             (f"{name}_corrected divides by (1 - {o[0]}**t), the correction of the other moment: "
              f"{name}_corrected = {name} / (1 - {b[0]}**t), with {name}'s own rate", 1 - o[1] ** t),
             (f"{name}_corrected raises (1 - {b[0]}) to the power t: it is 1 - {b[0]}**t", (1 - b[1]) ** t)]
    for power in (2, 3, t + 1):
        if power != t:
            also = " nor t + 1" if power == t + 1 else ""
            found.append((f"{name}_corrected divides by (1 - {b[0]}**{power}) where this step has t = {t}: the power "
                          f"is t, the number of the step, {name}_corrected = {name} / (1 - {b[0]}**t) (not a "
                          f"fixed {power}{also})", 1 - b[1] ** power))
    return found


def _adam_step_variants(grads, v, s, t, learning_rate, beta1, beta2, epsilon, d):
    """([(advice, wrong step)] of the mistakes named one by one, [(advice, wrong step)] of the corrections' parts
    combined), where the new W is W - step, for gradient key d."""
    g = grads[d]
    new_v = beta1 * v[d] + (1 - beta1) * g
    new_s = beta2 * s[d] + (1 - beta2) * g ** 2
    v_c, s_c = new_v / (1 - beta1 ** t), new_s / (1 - beta2 ** t)
    right = learning_rate * v_c / (np.sqrt(s_c) + epsilon)
    named = [
        (NO_BIAS_CORRECTION, learning_rate * new_v / (np.sqrt(new_s) + epsilon)),
        (EPSILON_INSIDE, learning_rate * v_c / np.sqrt(s_c + epsilon)),
        ("the two corrections are swapped: v is divided by (1 - beta1**t) and s by (1 - beta2**t).",
         learning_rate * (new_v / (1 - beta2 ** t)) / (np.sqrt(new_s / (1 - beta1 ** t)) + epsilon)),
        (f"the corrections use the power {t + 1} where this step has t = {t}: t + 1, or a fixed {t + 1}? The power "
         "is t, which already counts this step (the first step has t = 1): v_corrected = v / (1 - beta1**t), "
         "s_corrected = s / (1 - beta2**t).",
         learning_rate * (new_v / (1 - beta1 ** (t + 1))) / (np.sqrt(new_s / (1 - beta2 ** (t + 1))) + epsilon)),
        ("the square root is missing: the step is v_corrected / (np.sqrt(s_corrected) + epsilon).",
         learning_rate * v_c / (s_c + epsilon)),
        ("the step divides by np.sqrt(s), the square root of the uncorrected s: it is np.sqrt(s_corrected), with "
         "s_corrected = s / (1 - beta2**t).", learning_rate * v_c / (np.sqrt(new_s) + epsilon)),
        ("the step uses v, the uncorrected first moment: it is learning_rate * v_corrected / (np.sqrt(s_corrected) "
         "+ epsilon), with v_corrected = v / (1 - beta1**t).", learning_rate * new_v / (np.sqrt(s_c) + epsilon)),
        ("the step is taken with the gradient where v_corrected belongs: "
         "W = W - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon).",
         learning_rate * g / (np.sqrt(s_c) + epsilon)),
        (UPHILL, -right),
        (NO_LEARNING_RATE, right / learning_rate),
    ]
    combined = []
    # every other way of writing the two corrections, alone or together, named part by part
    forms = [(None, lambda V, S: learning_rate * V / (np.sqrt(S) + epsilon)),
             ("epsilon goes outside the square root, np.sqrt(s_corrected) + epsilon",
              lambda V, S: learning_rate * V / np.sqrt(S + epsilon))]
    for v_wrong, v_denominator in _corrections("v", ("beta1", beta1), ("beta2", beta2), t):
        for s_wrong, s_denominator in _corrections("s", ("beta2", beta2), ("beta1", beta1), t):
            for form_wrong, form in forms:
                parts = [p for p in (v_wrong, s_wrong, form_wrong) if p]
                if (v_wrong is None and s_wrong is None) or "none" in parts:
                    continue   # no correction wrong, or one missing: named above
                if v_wrong and s_wrong and f"**{t + 1})" in v_wrong and f"**{t + 1})" in s_wrong:
                    continue   # both with the power t + 1: named above
                V, S = new_v / v_denominator, new_s / s_denominator
                if form_wrong and same(form(V, S), forms[0][1](V, S)):
                    continue   # epsilon's place makes no difference here: the correction alone is the mistake
                combined.append(("; ".join(parts) + ".", form(new_v / v_denominator, new_s / s_denominator)))
    return named, combined


def _distinct(variants, named=()):
    """Mistakes from the generated (advice, wrong value) pairs, leaving out a pair whose value a named mistake
    or an earlier pair already gives on these inputs: the same mistake written part by part (a power t + 1 on
    both corrections is the named "t + 1"), not another one."""
    kept = []
    for advice, value in variants:
        if not any(same(value, other) for _, other in list(named) + kept):
            kept.append((advice, value))
    return _mistakes([(advice, lambda value=value: value) for advice, value in kept])


def _check_adam(c, fn, parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon, documented=None):
    __tracebackhide__ = True
    result = _call(c, fn, parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon,
                   names=["parameters", "grads", "v", "s", "t", "learning_rate", "beta1", "beta2", "epsilon"])
    new_parameters, new_v, new_s = c.unpack(result, ["parameters", "v", "s"])
    expected = reference.update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
    keys = _parameter_keys(parameters)
    for name, state, expected_state in (("v", new_v, expected[1]), ("s", new_s, expected[2])):
        c.keys(f"the new {name}", state, ["d" + k for k in keys],
               f"return the new {name} with the keys of {name}: dW1, db1, ...")
        for k in keys:
            d = "d" + k
            fixed = []
            if (beta1, beta2) != (0.9, 0.999):
                fixed.append((f"{name} uses the default beta{1 if name == 'v' else 2} "
                              f"({0.9 if name == 'v' else 0.999}) where this case has beta1 = {beta1}, beta2 = {beta2}: "
                              "use the arguments, not numbers.",
                              _adam_state_variants(grads, v, s, t, 0.9, 0.999, d)[name + "_right"]))
            variants = _adam_state_variants(grads, v, s, t, beta1, beta2, d)[name]
            mistakes = _mistakes([(advice, lambda wrong=wrong: wrong) for advice, wrong in variants + fixed
                                  if wrong is not None])
            if documented and name + d in documented:
                c.equal(f"{name}[\"{d}\"]", state[d], documented[name + d], mistakes, atol=DOCUMENTED_ATOL, rtol=0)
            else:
                c.equal(f"{name}[\"{d}\"]", state[d], expected_state[d], mistakes)

    defaults = (0.01, 0.9, 0.999, 1e-8)
    given = (learning_rate, beta1, beta2, epsilon)

    def mistakes_of(k):
        W = parameters[k]
        fixed = []
        named, combined = _adam_step_variants(grads, v, s, t, learning_rate, beta1, beta2, epsilon, "d" + k)
        if given != defaults:   # the default values written where the arguments belong
            fixed.append((f"the step is the one of the default hyperparameters (learning_rate = 0.01, beta1 = 0.9, "
                          f"beta2 = 0.999, epsilon = 1e-8) where this case has {given}: use the arguments "
                          "learning_rate, beta1, beta2 and epsilon, not numbers.",
                          reference.update_parameters_with_adam(parameters, grads, v, s, t, *defaults)[0][k]))
        named = [(advice, W - step) for advice, step in named]
        combined = [(advice, W - step) for advice, step in combined]
        return _mistakes([(advice, lambda value=value: value) for advice, value in named + fixed]) + _distinct(
            combined, named + fixed)
    _check_new_parameters(c, new_parameters, parameters, expected[0], mistakes_of, ADAM_NO_CHANGE, documented)
    c.that(new_v is not v and new_s is not s, "it returned the caller's dict v or s itself.", CALLERS_DICT)


@EXERCISES.check("update_parameters_with_adam", reference.update_parameters_with_adam)
def check_update_parameters_with_adam(update_parameters_with_adam):
    """The documented case (t = 2), then two more: tiny gradients, where epsilon's place matters, and a
    step from v and s that are not zero (t = 3)."""
    c = _Check("update_parameters_with_adam")
    _check_adam(c, update_parameters_with_adam, *fixtures.update_parameters_with_adam_case(),
                documented=EXPECTED["update_parameters_with_adam"])
    for title, seed, fresh, grad_scale, t, hyper, layer_dims in (
            ("with tiny gradients (t = 1)", 7, True, 1e-7, 1, (0.01, 0.9, 0.999, 1e-8), [3, 2, 1]),
            ("with v and s not zero (t = 3)", 8, False, 1.0, 3, (0.01, 0.9, 0.999, 1e-8), [3, 2, 1]),
            ("with other hyperparameters (t = 4, learning_rate = 0.05, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-6)",
             9, False, 0.5, 4, (0.05, 0.8, 0.99, 1e-6), [3, 2, 1]),
            ("on one layer (t = 2)", 10, False, 1.0, 2, (0.01, 0.9, 0.999, 1e-8), [3, 1]),
            ("on three layers (t = 5)", 11, False, 1.0, 5, (0.01, 0.9, 0.999, 1e-8), [2, 3, 2, 1])):
        parameters, grads, v, s = fixtures.random_optimizer_case(seed, layer_dims, fresh=fresh, grad_scale=grad_scale)
        sub = _Check(f"update_parameters_with_adam {title}", quiet=True)
        _check_adam(sub, update_parameters_with_adam, parameters, grads, v, s, t, *hyper)
        c.passed += sub.passed
    c.done()


#: (seed, layer_dims, t, learning_rate, beta1, beta2, epsilon, fresh, grad_scale)
RANDOM_ADAM = [(1, [3, 1], 1, 0.01, 0.9, 0.999, 1e-8, True, 1.0),
               (2, [2, 3, 1], 5, 0.1, 0.8, 0.99, 1e-6, False, 1.0),
               (3, [4, 3, 2, 1], 10, 0.001, 0.9, 0.999, 1e-8, False, 1e-6),
               (4, [2, 4, 3, 2, 1], 2, 0.05, 0.95, 0.9, 1e-4, False, 0.1),
               (5, [3, 2, 1], 1, 0.01, 0.9, 0.999, 1e-8, True, 1e-9)]


@EXERCISES.hidden("update_parameters_with_adam")
def hidden_check_update_parameters_with_adam(update_parameters_with_adam):
    for seed, layer_dims, t, learning_rate, beta1, beta2, epsilon, fresh, grad_scale in RANDOM_ADAM:
        parameters, grads, v, s = fixtures.random_optimizer_case(seed, layer_dims, fresh=fresh, grad_scale=grad_scale)
        c = _Check(f"update_parameters_with_adam (layer_dims = {layer_dims}, t = {t}, learning_rate = "
                  f"{learning_rate}, beta1 = {beta1}, beta2 = {beta2}, epsilon = {epsilon})", quiet=True)
        _check_adam(c, update_parameters_with_adam, parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
