"""Plots the notebooks share: cost curves, the examples of a 2-D data set, and decision boundaries of 2-D
classifiers, with the two classes named in a legend."""
import numpy as np

#: the colours of class 0 and class 1: the points, and the regions a classifier assigns to each
POINT_COLOURS = ("#b40426", "#3b4cc0")
REGION_COLOURS = ("#f4b6b6", "#b6cdf4")


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


def _check_points(X, y):
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"X must have shape (2, m), examples as columns; got {X.shape}")
    y = np.ravel(y)
    if y.shape[0] != X.shape[1]:
        raise ValueError(f"y must hold one label per column of X ({X.shape[1]}); got {y.shape[0]}")
    return X, y


def plot_examples(X, y, ax=None, class_names=("label 0", "label 1"), axis_labels=("$x_1$", "$x_2$"), title=None,
                  legend=True):
    """Scatter the examples of a 2-D data set, one colour per class, with axis labels and a legend.

    X -- ndarray (2, m), the examples as columns; y -- ndarray (1, m) or (m,), their labels 0 or 1
    class_names -- what label 0 and label 1 mean, for the legend
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    X, y = _check_points(X, y)
    ax = ax or plt.gca()
    for label, (colour, name) in enumerate(zip(POINT_COLOURS, class_names)):
        chosen = y == label
        ax.scatter(X[0, chosen], X[1, chosen], color=colour, s=14, edgecolors="k", linewidths=0.3, label=name)
    _label_axes(ax, axis_labels, title)
    if legend:
        _legend_below(ax, *ax.get_legend_handles_labels())
    return ax


def plot_decision_boundary(predict, X, y, ax=None, title=None, resolution=300, margin=0.5,
                           class_names=("label 0", "label 1"), axis_labels=("$x_1$", "$x_2$"), legend=True):
    """Shade the regions a 2-D classifier assigns to each class and scatter the examples.

    predict -- callable mapping points of shape (2, k) to labels of shape (1, k) or (k,)
    X -- ndarray (2, m), the examples as columns; y -- ndarray (1, m) or (m,), their labels
    class_names -- what label 0 and label 1 mean; the legend shows each class's dots on its shade
    Returns the axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    X, y = _check_points(X, y)
    ax = ax or plt.gca()
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    labels = np.asarray(predict(grid)).reshape(xx.shape)
    ax.contourf(xx, yy, labels, levels=[-0.5, 0.5, 1.5], colors=list(REGION_COLOURS), alpha=0.8)
    plot_examples(X, y, ax=ax, class_names=class_names, axis_labels=axis_labels, title=title, legend=False)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    if legend:
        handles = [(Patch(color=region, alpha=0.8),
                    Line2D([], [], ls="", marker="o", markersize=5, color=point, markeredgecolor="k",
                           markeredgewidth=0.3))
                   for region, point in zip(REGION_COLOURS, POINT_COLOURS)]
        _legend_below(ax, handles, list(class_names), title="dots: the examples; shade: what the model predicts",
                      handler_map={tuple: HandlerTuple(ndivide=None, pad=0)})
    return ax


def _legend_below(ax, handles, labels, **options):
    """The legend under the axes, outside the data: the classes side by side when their names are short,
    one under the other when they are long (so that the legends of axes side by side do not run into each
    other)."""
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.16),
              ncol=2 if max(len(label) for label in labels) <= 20 else 1, fontsize="small",
              title_fontsize="small", frameon=False, **options)


def _label_axes(ax, axis_labels, title):
    if axis_labels:
        ax.set_xlabel(axis_labels[0])
        ax.set_ylabel(axis_labels[1])
    if title:
        ax.set_title(title)
