"""Plots the notebooks share: cost curves and decision boundaries of 2-D classifiers."""
import numpy as np


def plot_costs(costs, learning_rate=None, every=100, ax=None, label=None):
    """Plot a cost curve; ``costs[i]`` is the cost at iteration ``i * every``. Returns the axes."""
    import matplotlib.pyplot as plt

    ax = ax or plt.gca()
    iterations = np.arange(len(costs)) * every
    ax.plot(iterations, np.squeeze(costs), label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if learning_rate is not None:
        ax.set_title(f"learning rate = {learning_rate}")
    return ax


def plot_decision_boundary(predict, X, y, ax=None, title=None, resolution=300, margin=0.5):
    """Shade the regions a 2-D classifier assigns to each class and scatter the examples.

    predict -- callable mapping points of shape (2, k) to labels of shape (1, k) or (k,)
    X -- ndarray (2, m), the examples as columns; y -- ndarray (1, m) or (m,), their labels
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"X must have shape (2, m), examples as columns; got {X.shape}")
    ax = ax or plt.gca()
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    labels = np.asarray(predict(grid)).reshape(xx.shape)
    ax.contourf(xx, yy, labels, levels=[-0.5, 0.5, 1.5], colors=["#f4b6b6", "#b6cdf4"], alpha=0.8)
    ax.scatter(X[0], X[1], c=np.ravel(y), cmap="coolwarm_r", s=14, edgecolors="k", linewidths=0.3)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    if title:
        ax.set_title(title)
    return ax
