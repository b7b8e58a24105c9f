"""Benchmark: the full training of notebook 05's 4-layer network on the bundled pictures.

    .venv/bin/python benchmarks/train_cat.py [--repeats 3] [--iterations 2500]

Times ``L_layer_model`` (the reference in ``testcases.nb05``, the same loop as the notebook's solution:
L_model_forward, compute_cost, L_model_backward, update_parameters from ``dnn_utils``) on
layers_dims [12288, 20, 7, 5, 1], learning rate 0.0075, float64, and prints

1. the median wall time of the training;
2. its ratio to the same float64 computation in PyTorch, in the same run on the same machine (PyTorch
   is an optional, benchmark-only dependency: without it this line says so);
3. its ratio to the floating-point bound: the time the matrix products that training cannot do without
   take on their own, each timed here in isolation (best of several runs), times the iterations, and
   the same products in PyTorch (how much of the difference is the two matrix-product libraries). The
   training skips dA0 = W1.T @ dZ1, the gradient with respect to the pictures, which no update needs
   (``L_model_backward(..., need_dA0=False)``); what it would cost is printed too.

Not part of the tests: it takes a few minutes.
"""
import argparse
import os
import platform
import statistics
import sys
import time

import numpy as np

from dnn_utils.data import load_data
from dnn_utils.initialization import initialize_parameters_deep
from testcases.nb05 import reference_L_layer_model

LAYERS_DIMS = [12288, 20, 7, 5, 1]
LEARNING_RATE = 0.0075


def data():
    train_x_orig, train_y, _, _, _ = load_data(source="bundled", verbose=False)
    return train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0, train_y


def time_numpy(X, Y, iterations):
    start = time.perf_counter()
    _, costs = reference_L_layer_model(X, Y, LAYERS_DIMS, LEARNING_RATE, iterations)
    return time.perf_counter() - start, costs


def time_torch(torch, X, Y, iterations):
    """The same computation in PyTorch: same float64 data and initial weights, autograd for the gradients."""
    start_parameters = initialize_parameters_deep(LAYERS_DIMS, seed=1, init="xavier")
    L = len(LAYERS_DIMS) - 1
    Xt = torch.from_numpy(X)
    Yt = torch.from_numpy(Y.astype(np.float64))
    params = [(torch.tensor(start_parameters["W" + str(l)], requires_grad=True),
               torch.tensor(start_parameters["b" + str(l)], requires_grad=True)) for l in range(1, L + 1)]
    start = time.perf_counter()
    costs = []
    for i in range(iterations):
        A = Xt
        for l, (W, b) in enumerate(params, start=1):
            Z = W @ A + b
            A = torch.sigmoid(Z) if l == L else torch.relu(Z)
        AL = A.clamp(1e-15, 1 - 1e-15)
        cost = -torch.mean(Yt * torch.log(AL) + (1 - Yt) * torch.log(1 - AL))
        cost.backward()
        with torch.no_grad():
            for W, b in params:
                W -= LEARNING_RATE * W.grad
                b -= LEARNING_RATE * b.grad
                W.grad = None
                b.grad = None
        if i % 100 == 0:
            costs.append(cost.item())
    return time.perf_counter() - start, costs


def best_time(f, repeats=7):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - start)
    return best


def matmul_bound(X, m, array=lambda a: a):
    """(seconds per iteration of the necessary products, flops of them, seconds of dA0 = W1.T @ dZ1),
    each product timed in isolation with the operands' shapes and memory layouts of the training;
    ``array`` turns the numpy operands into another library's (``torch.from_numpy`` keeps the layout)."""
    rng = np.random.RandomState(0)
    dims = LAYERS_DIMS
    A = [array(X)] + [array(rng.rand(n, m)) for n in dims[1:]]
    W = [None] + [array(rng.randn(dims[l], dims[l - 1])) for l in range(1, len(dims))]
    dZ = [None] + [array(rng.randn(n, m)) for n in dims[1:]]
    seconds = flops = 0.0
    for l in range(1, len(dims)):
        products = [lambda l=l: W[l] @ A[l - 1], lambda l=l: dZ[l] @ A[l - 1].T]  # Z[l], dW[l]
        if l > 1:
            products.append(lambda l=l: W[l].T @ dZ[l])  # dA[l-1]
        for product in products:
            seconds += best_time(product)
            flops += 2.0 * dims[l] * dims[l - 1] * m
    return seconds, flops, best_time(lambda: W[1].T @ dZ[1])


def numpy_blas():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas['name']} {blas.get('version', '')}".strip()
    except Exception:  # older numpy: no machine-readable config
        return "its BLAS"


def torch_blas(torch):
    return "MKL" if torch.backends.mkl.is_available() else "its BLAS"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="trainings per implementation (median)")
    parser.add_argument("--iterations", type=int, default=2500)
    args = parser.parse_args(argv)

    X, Y = data()
    m, n = X.shape[1], args.iterations
    print(f"L_layer_model {LAYERS_DIMS}, m = {m}, {n} iterations, float64; "
          f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} cores")
    try:
        import torch
    except ImportError:
        torch = None

    numpy_times, torch_times = [], []
    for _ in range(args.repeats):  # interleaved, so that both see the same machine
        seconds, costs = time_numpy(X, Y, n)
        numpy_times.append(seconds)
        if torch is not None:
            seconds, torch_costs = time_torch(torch, X, Y, n)
            torch_times.append(seconds)
    median = statistics.median(numpy_times)
    print(f"numpy (dnn_utils building blocks): median {median:.2f} s over {args.repeats} runs "
          f"({1e3 * median / n:.2f} ms per iteration); final recorded cost {costs[-1]:.6f}")

    if torch is None:
        print("PyTorch: not installed, so no comparison (it is optional and only for this benchmark: "
              "pip install torch)")
    else:
        torch_median = statistics.median(torch_times)
        agree = np.max(np.abs(np.array(costs) - np.array(torch_costs)))
        print(f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads, autograd): median "
              f"{torch_median:.2f} s; numpy / PyTorch = {median / torch_median:.2f} "
              f"(the two runs' recorded costs differ by at most {agree:.1e})")

    seconds, flops, dA0 = matmul_bound(X, m)
    bound = seconds * n
    print(f"floating-point bound: the necessary matrix products alone, timed in isolation, take "
          f"{1e3 * seconds:.2f} ms per iteration ({flops / seconds / 1e9:.1f} GFLOP/s), {bound:.2f} s in all; "
          f"wall time / bound = {median / bound:.2f}")
    if torch is not None:
        torch_seconds, _, _ = matmul_bound(X, m, torch.from_numpy)
        print(f"the same products in PyTorch ({torch_blas(torch)}) take {1e3 * torch_seconds:.2f} ms per iteration, "
              f"in numpy ({numpy_blas()}) {1e3 * seconds:.2f} ms: numpy / PyTorch = {seconds / torch_seconds:.2f} "
              f"for the products alone")
    print(f"dA0 = W1.T @ dZ1, skipped (need_dA0=False) since no update needs it, would add {1e3 * dA0:.2f} ms "
          f"per iteration, {100 * dA0 * n / median:.0f}% of the numpy wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
