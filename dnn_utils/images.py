"""Pictures for notebook 05_model: grids of labelled examples, and reading a picture of your own."""
import numpy as np


def _name(classes, label):
    name = classes[int(label)]
    return name.decode("utf-8") if isinstance(name, bytes) else str(name)


def show_images(images, titles=(), ncols=8, size=1.5, title=None):
    """Show pictures in a grid.

    images -- uint8 (k, h, w, 3), or a sequence of such pictures
    titles -- one short text per picture (may be empty)
    Returns the figure.
    """
    import matplotlib.pyplot as plt

    images = list(images)
    titles = list(titles)
    ncols = max(1, min(ncols, len(images)))
    nrows = max(1, -(-len(images) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if title else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], interpolation="nearest")
            if i < len(titles):
                ax.set_title(titles[i], fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_examples(x, y, classes, count=24, ncols=8, title=None):
    """The first ``count`` pictures of ``x`` (m, 64, 64, 3), titled with their labels ``y`` (1, m)."""
    labels = np.ravel(y)[:count]
    return show_images(x[:count], [f"{i}: {_name(classes, label)}" for i, label in enumerate(labels)],
                       ncols=ncols, title=title)


def mislabelled_indices(y, p):
    """The indices of the examples whose prediction p (1, m) differs from the label y (1, m)."""
    return np.flatnonzero(np.ravel(p) != np.ravel(y))


def show_mislabelled(x, y, p, classes, count=24, ncols=8, title=None):
    """The pictures of ``x`` the prediction ``p`` (1, m) gets wrong, titled "predicted / label"."""
    wrong = mislabelled_indices(y, p)[:count]
    labels, predictions = np.ravel(y), np.ravel(p)
    if len(wrong) == 0:
        print("every picture is labelled right")
        return None
    titles = [f"{i}: predicted {_name(classes, predictions[i])}\n(it is a {_name(classes, labels[i])})"
              for i in wrong]
    return show_images(x[wrong], titles, ncols=ncols, size=1.9, title=title)


def load_image(path, size=64):
    """A picture file as the network's input: uint8 (size, size, 3).

    PNG is read by matplotlib itself, JPEG and others through Pillow (a dependency of matplotlib).
    The picture is cropped to its central square, then shrunk by averaging the pixels that fall in
    each output pixel (or enlarged by repeating them); grey pictures get three channels and an alpha
    channel is dropped.
    """
    import matplotlib.image

    img = np.asarray(matplotlib.image.imread(str(path)))
    if img.dtype.kind == "f":
        img = img * 255.0
    img = img.astype(float)
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    img = img[..., :3]
    h, w = img.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    img = img[top:top + side, left:left + side]
    for axis in (0, 1):
        img = _resize_axis(img, size, axis)
    return np.clip(np.floor(img + 0.5), 0, 255).astype(np.uint8)


def _resize_axis(img, size, axis):
    n = img.shape[axis]
    if n >= size:  # average the input pixels that fall in each output pixel
        starts = np.searchsorted((np.arange(n) * size) // n, np.arange(size))
        sums = np.add.reduceat(img, starts, axis=axis)
        counts = np.diff(np.append(starts, n)).reshape([-1 if a == axis else 1 for a in range(img.ndim)])
        return sums / counts
    return np.take(img, (np.arange(size) * n) // size, axis=axis)
