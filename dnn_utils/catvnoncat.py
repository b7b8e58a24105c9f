"""The bundled cat / non-cat image set: procedural pictures, made deterministically from a seed.

Each picture is 64x64 RGB, uint8. A *cat* is a cat-like face (pointed ears, slit pupils, whiskers);
a *non-cat* is another animal (dog, fox, bear, rabbit, owl: some with pointed ears of their own) or an
object (car, house, tree, ball, flower, clock, mug, boat, cone). Colour, size, position, tilt, a turn
of the head, the background (gradients, textures, rooms, landscapes, clutter) and the noise all vary.

Determinism across machines: every random number comes from a ``np.random.RandomState`` seeded per
picture, drawn only with ``rand``, ``uniform``, ``randint`` and ``permutation`` (exact given the seed;
``randn`` is not used, its Box-Muller transform goes through libm's ``log``). The pictures are drawn with +, -, *, /
and comparisons only, which IEEE 754 rounds the same way everywhere (no sin, cos, exp, no matrix
products and no reductions whose summation order a library may choose), and are rounded to uint8 once,
at the end. So the same seed gives the same bytes on any machine.

``python -m dnn_utils.catvnoncat`` writes the bundled files (``--check`` compares them instead).
"""
import argparse
import sys
from pathlib import Path

import numpy as np

#: the seed the shipped files were made with
SEED = 9
#: (number of pictures, number of cats) per split, as in the original files
SPLITS = {"train": (209, 72), "test": (50, 33)}
CLASSES = np.array([b"non-cat", b"cat"])
SIZE = 64
#: supersamples per pixel along each axis (anti-aliasing)
SS = 2
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "datasets" / "bundled"
SAMPLE_NAME = "sample_cat.png"
SAMPLE_SIZE = 256
SAMPLE_SEED = 2043

#: tan(pi / n): the turn between the n petals of a flower, as 2*atan of this (literals, not libm)
TAN_HALF_STEP = {5: 0.7265425280053609, 6: 0.5773502691896257, 7: 0.4815746188075286, 8: 0.41421356237309503}

NON_CATS = ["dog", "dog", "fox", "bear", "rabbit", "owl",
            "car", "house", "tree", "ball", "flower", "clock", "mug", "boat", "cone"]


# ---- geometry: local frames and shapes (arithmetic only) --------------------------------------------
def _rotation(t):
    """(cos, sin) of the angle 2*atan(t), from t alone with + - * / (no trigonometry)."""
    d = 1.0 + t * t
    return (1.0 - t * t) / d, 2.0 * t / d


class Canvas:
    """A supersampled RGB picture, values 0..255 as floats; coordinates in units of a 64-pixel picture."""

    def __init__(self, size=SIZE):
        self.size = size
        n = size * SS
        coords = (np.arange(n) + 0.5) * (SIZE / n)
        self.Y, self.X = np.meshgrid(coords, coords, indexing="ij")
        self.rgb = np.zeros((n, n, 3))

    def paint(self, mask, colour):
        self.rgb[mask] = np.asarray(colour, dtype=float)

    def frame(self, cx, cy, scale, t=0.0, squeeze=1.0):
        return Frame(self, cx, cy, scale, t, squeeze)

    def to_uint8(self, rng, noise):
        """Average the supersamples, add integer noise of amplitude ``noise``, round once to uint8."""
        img = 0.0
        for dy in range(SS):  # a sum in a fixed order, not a library reduction
            for dx in range(SS):
                img = img + self.rgb[dy::SS, dx::SS]
        img = img * (1.0 / (SS * SS))
        if noise:
            img = img + rng.randint(-noise, noise + 1, size=img.shape)
        return np.clip(np.floor(img + 0.5), 0, 255).astype(np.uint8)


class Frame:
    """Local coordinates (u, v) of every supersample: origin (cx, cy), one unit = ``scale`` pixels,
    rotated by the angle 2*atan(t), u squeezed by ``squeeze`` (a head turned sideways). v points down."""

    def __init__(self, canvas, cx, cy, scale, t=0.0, squeeze=1.0):
        c, s = _rotation(t)
        dx = (canvas.X - cx) / scale
        dy = (canvas.Y - cy) / scale
        self.u = (dx * c + dy * s) / squeeze
        self.v = dy * c - dx * s

    def ellipse(self, u0, v0, a, b, t=0.0, cs=None):
        """Inside the ellipse of centre (u0, v0) and half-axes a, b, turned by 2*atan(t) (or by the
        angle whose cosine and sine are ``cs``)."""
        du = self.u - u0
        dv = self.v - v0
        if t or cs is not None:
            c, s = cs if cs is not None else _rotation(t)
            du, dv = du * c + dv * s, dv * c - du * s
        du = du / a
        dv = dv / b
        return du * du + dv * dv <= 1.0

    def polygon(self, points):
        """Inside a convex polygon given by its corners in order (either orientation)."""
        pos = np.ones(self.u.shape, dtype=bool)
        neg = np.ones(self.u.shape, dtype=bool)
        for (u1, v1), (u2, v2) in zip(points, points[1:] + points[:1]):
            edge = (u2 - u1) * (self.v - v1) - (v2 - v1) * (self.u - u1)
            pos &= edge >= 0
            neg &= edge <= 0
        return pos | neg

    def rect(self, u0, v0, u1, v1):
        return (self.u >= u0) & (self.u <= u1) & (self.v >= v0) & (self.v <= v1)

    def segment(self, p, q, r):
        """Within distance r of the segment p-q."""
        du, dv = q[0] - p[0], q[1] - p[1]
        t = np.clip(((self.u - p[0]) * du + (self.v - p[1]) * dv) / (du * du + dv * dv), 0.0, 1.0)
        eu = self.u - p[0] - t * du
        ev = self.v - p[1] - t * dv
        return eu * eu + ev * ev <= r * r


# ---- colours -----------------------------------------------------------------------------------------
FUR = [(225, 140, 60), (200, 110, 45), (135, 135, 140), (75, 75, 80), (38, 34, 32), (236, 232, 224),
       (232, 205, 160), (125, 85, 55), (172, 168, 158), (160, 120, 80)]
EYES = [(120, 190, 60), (220, 190, 50), (90, 160, 220), (210, 140, 40)]
BRIGHT = [(210, 40, 40), (40, 90, 200), (240, 200, 40), (40, 160, 70), (230, 120, 30), (150, 60, 170),
          (240, 240, 240), (30, 30, 30), (120, 200, 220), (200, 80, 140)]


def _jitter(rng, colour, amount=18):
    return np.clip(np.asarray(colour, dtype=float) + rng.uniform(-amount, amount, 3), 0, 255)


def _pick(rng, palette, amount=18):
    return _jitter(rng, palette[rng.randint(len(palette))], amount)


def _mix(a, b, w):
    return np.asarray(a) * (1.0 - w) + np.asarray(b) * w


# ---- backgrounds -------------------------------------------------------------------------------------
def _upsample(coarse, canvas):
    """Bilinear interpolation of a coarse (k, k, 3) grid over the canvas (arithmetic only)."""
    k = coarse.shape[0]
    gx = canvas.X * ((k - 1) / SIZE)
    gy = canvas.Y * ((k - 1) / SIZE)
    ix = np.minimum(np.floor(gx).astype(int), k - 2)
    iy = np.minimum(np.floor(gy).astype(int), k - 2)
    fx = (gx - ix)[..., None]
    fy = (gy - iy)[..., None]
    top = coarse[iy, ix] * (1.0 - fx) + coarse[iy, ix + 1] * fx
    bottom = coarse[iy + 1, ix] * (1.0 - fx) + coarse[iy + 1, ix + 1] * fx
    return top * (1.0 - fy) + bottom * fy


def background(canvas, rng):
    kind = rng.randint(5)
    c1, c2 = _pick(rng, BRIGHT + FUR, 40), _pick(rng, BRIGHT + FUR, 40)
    if kind == 0:  # a linear gradient in a random direction
        t = rng.uniform(-1.0, 1.0)
        c, s = _rotation(t)
        w = np.clip(((canvas.X - 32) * c + (canvas.Y - 32) * s) / 64 + 0.5, 0, 1)[..., None]
        canvas.rgb[:] = _mix(c1, c2, w)
    elif kind == 1:  # a soft texture
        k = rng.randint(3, 9)
        coarse = _mix(c1, c2, rng.rand(k, k, 1)) + rng.uniform(-25, 25, (k, k, 3))
        canvas.rgb[:] = _upsample(coarse, canvas)
    elif kind == 2:  # a room: wall, floor, maybe wallpaper stripes
        horizon = rng.uniform(30, 58)
        canvas.rgb[:] = c1
        if rng.rand() < 0.5:
            period, width = rng.uniform(5, 12), rng.uniform(0.2, 0.5)
            phase = (canvas.X / period) - np.floor(canvas.X / period)
            canvas.paint(phase < width, _mix(c1, _pick(rng, BRIGHT, 30), 0.35))
        canvas.paint(canvas.Y > horizon, c2)
    elif kind == 3:  # outdoors: sky and ground
        sky = _jitter(rng, (120, 170, 230), 35)
        ground = _jitter(rng, [(70, 140, 60), (150, 120, 80), (200, 190, 150)][rng.randint(3)], 30)
        horizon = rng.uniform(28, 54) + (canvas.X - 32) * rng.uniform(-0.3, 0.3)
        w = np.clip(canvas.Y / 64, 0, 1)[..., None]
        canvas.rgb[:] = _mix(sky, (235, 240, 250), w * 0.6)
        canvas.paint(canvas.Y > horizon, ground)
    else:  # a plain colour
        canvas.rgb[:] = c1
    for _ in range(rng.randint(0, VARIETY["clutter"] + 1)):  # clutter
        clutter(canvas, rng)


def clutter(canvas, rng):
    f = canvas.frame(rng.uniform(0, 64), rng.uniform(0, 64), rng.uniform(3, 12), rng.uniform(-1, 1))
    colour = _pick(rng, BRIGHT + FUR, 30)
    kind = rng.randint(4)
    if kind == 0:
        mask = f.ellipse(0, 0, 1.0, rng.uniform(0.3, 1.0))
    elif kind == 1:
        mask = f.rect(-1.0, -rng.uniform(0.2, 1.0), 1.0, rng.uniform(0.2, 1.0))
    elif kind == 2:
        mask = f.polygon([(-1.0, 0.7), (1.0, 0.7), (rng.uniform(-0.8, 0.8), -1.0)])
    else:
        mask = f.segment((-1.5, 0.0), (1.5, 0.0), rng.uniform(0.08, 0.25))
    canvas.paint(mask, colour)


# ---- the subjects ------------------------------------------------------------------------------------
#: how much pictures vary: subjects' size (in pixels, the radius of a head), how far from the centre
#: they may stand, how much they tilt (2*atan of it), how much clutter, how much noise
VARIETY = {"scale": (16.0, 22.0), "shift": 2.0, "tilt": 0.15, "clutter": 1, "front": 0.2, "noise": (3, 10)}


def _placement(rng, size=1.0):
    """Centre, scale, tilt and turn of a subject; ``size`` scales the subject's typical size."""
    lo, hi = VARIETY["scale"]
    shift, tilt = VARIETY["shift"], VARIETY["tilt"]
    scale = rng.uniform(lo, hi) * size
    cx = 32 + rng.uniform(-shift, shift)
    cy = 34 + rng.uniform(-shift, shift)
    return cx, cy, scale, rng.uniform(-tilt, tilt), rng.uniform(0.8, 1.0)


def _eyes(f, canvas, rng, yaw, slit, iris, v=-0.1, gap=0.38, size=0.19):
    for side in (-1, 1):
        u = side * gap + yaw
        canvas.paint(f.ellipse(u, v, size, size * rng.uniform(0.7, 0.95)), iris)
        if slit:
            canvas.paint(f.ellipse(u, v, size * 0.28, size * 0.85), (15, 15, 15))
        else:
            canvas.paint(f.ellipse(u, v, size * 0.55, size * 0.55), (15, 15, 15))
        canvas.paint(f.ellipse(u + size * 0.3, v - size * 0.35, size * 0.18, size * 0.18), (250, 250, 250))


def cat(canvas, rng):
    cx, cy, scale, t, squeeze = _placement(rng)
    f = canvas.frame(cx, cy, scale, t, squeeze)
    fur = _pick(rng, FUR)
    dark = _mix(fur, (20, 20, 20), rng.uniform(0.3, 0.7))
    inner = _jitter(rng, (230, 160, 160), 20)
    yaw = rng.uniform(-0.2, 0.2)
    width, height = rng.uniform(0.9, 1.1), rng.uniform(0.78, 0.95)
    for side in (-1, 1):  # pointed ears, pink inside
        spread, tip, h = rng.uniform(0.45, 0.75), rng.uniform(0.6, 0.95), rng.uniform(1.15, 1.55)
        base_out, base_in = side * width * 0.97, side * (width * 0.97 - spread)
        ear = [(base_out, -0.25), (side * tip * width, -h), (base_in, -0.8)]
        canvas.paint(f.polygon(ear), fur)
        canvas.paint(f.polygon([(0.7 * x + 0.3 * side * tip * width, 0.7 * y - 0.3 * h) for x, y in ear]), inner)
    canvas.paint(f.ellipse(0, 0, width, height), fur)
    if rng.rand() < 0.5:  # tabby stripes on the forehead
        for k in (-1, 0, 1):
            canvas.paint(f.segment((k * 0.2 + yaw, -0.75), (k * 0.15 + yaw, -0.4), 0.06), dark)
    if rng.rand() < 0.5:  # a pale muzzle
        pale = _mix(fur, (245, 240, 235), 0.7)
        for side in (-1, 1):
            canvas.paint(f.ellipse(side * 0.17 + yaw, 0.35, 0.24, 0.2), pale)
    _eyes(f, canvas, rng, yaw, slit=True, iris=_pick(rng, EYES))
    canvas.paint(f.polygon([(yaw - 0.11, 0.15), (yaw + 0.11, 0.15), (yaw, 0.28)]), _jitter(rng, (220, 120, 130)))
    canvas.paint(f.segment((yaw, 0.28), (yaw - 0.12, 0.4), 0.03) | f.segment((yaw, 0.28), (yaw + 0.12, 0.4), 0.03),
                 dark)
    whisker = _jitter(rng, (235, 235, 230), 15) if rng.rand() < 0.7 else dark
    for side in (-1, 1):
        for dv in (-0.1, 0.05, 0.2):
            canvas.paint(f.segment((side * 0.28 + yaw, 0.3), (side * 1.35 + yaw, 0.25 + dv * 1.6), 0.025), whisker)


def dog(canvas, rng, upright_ears=None):
    cx, cy, scale, t, squeeze = _placement(rng)
    f = canvas.frame(cx, cy, scale, t, squeeze)
    fur = _pick(rng, FUR)
    ear_colour = _mix(fur, (30, 20, 15), rng.uniform(0.0, 0.6))
    yaw = rng.uniform(-0.2, 0.2)
    upright = rng.rand() < 0.3 if upright_ears is None else upright_ears
    if upright:  # a husky or a shepherd: pointed ears, but round pupils and a long snout
        for side in (-1, 1):
            canvas.paint(f.polygon([(side * 0.85, -0.3), (side * 0.7, -1.45), (side * 0.25, -0.75)]), ear_colour)
    canvas.paint(f.ellipse(0, 0, rng.uniform(0.8, 0.95), rng.uniform(0.95, 1.1)), fur)
    if not upright:  # floppy ears hanging beside the head
        for side in (-1, 1):
            canvas.paint(f.ellipse(side * 0.9, 0.1, 0.3, 0.7, t=side * 0.2), ear_colour)
    canvas.paint(f.ellipse(yaw, 0.5, 0.5, 0.4), _mix(fur, (240, 230, 215), rng.uniform(0.3, 0.8)))
    _eyes(f, canvas, rng, yaw, slit=False, iris=_jitter(rng, (90, 60, 30)), v=-0.15, gap=0.35, size=0.14)
    canvas.paint(f.ellipse(yaw, 0.32, 0.2, 0.13), (25, 20, 20))
    if rng.rand() < 0.4:
        canvas.paint(f.ellipse(yaw, 0.82, 0.13, 0.18), _jitter(rng, (220, 90, 100)))


def fox(canvas, rng):
    cx, cy, scale, t, squeeze = _placement(rng)
    f = canvas.frame(cx, cy, scale, t, squeeze)
    fur = _pick(rng, [(215, 110, 40), (190, 90, 30), (150, 150, 150), (230, 225, 215)])
    for side in (-1, 1):
        canvas.paint(f.polygon([(side * 0.9, -0.2), (side * 0.8, -1.5), (side * 0.2, -0.7)]), fur)
        canvas.paint(f.polygon([(side * 0.75, -0.4), (side * 0.75, -1.2), (side * 0.35, -0.75)]), (40, 30, 25))
    canvas.paint(f.polygon([(-1.0, -0.3), (1.0, -0.3), (0.0, 1.2)]) | f.ellipse(0, -0.25, 0.9, 0.6), fur)
    canvas.paint(f.polygon([(-0.95, -0.05), (-0.1, 0.3), (0.0, 1.15)]) | f.polygon([(0.95, -0.05), (0.1, 0.3), (0.0, 1.15)]),
                 (240, 235, 230))
    _eyes(f, canvas, rng, 0.0, slit=rng.rand() < 0.5, iris=_jitter(rng, (210, 150, 40)), v=-0.15, gap=0.33, size=0.13)
    canvas.paint(f.ellipse(0, 1.08, 0.12, 0.09), (20, 20, 20))


def bear(canvas, rng):
    cx, cy, scale, t, squeeze = _placement(rng)
    f = canvas.frame(cx, cy, scale, t, squeeze)
    fur = _pick(rng, [(110, 70, 40), (60, 45, 35), (235, 232, 220), (130, 130, 135), (200, 160, 110)])
    r = rng.uniform(0.25, 0.5)  # small round ears (a bear) to big ones (a mouse)
    for side in (-1, 1):
        canvas.paint(f.ellipse(side * 0.75, -0.75, r, r), fur)
        canvas.paint(f.ellipse(side * 0.75, -0.75, r * 0.55, r * 0.55), _mix(fur, (230, 170, 170), 0.5))
    canvas.paint(f.ellipse(0, 0, 1.0, 0.92), fur)
    canvas.paint(f.ellipse(0, 0.4, 0.38, 0.3), _mix(fur, (230, 210, 180), 0.6))
    _eyes(f, canvas, rng, 0.0, slit=False, iris=(30, 25, 20), v=-0.15, gap=0.38, size=0.1)
    canvas.paint(f.ellipse(0, 0.3, 0.15, 0.1), (20, 20, 20))


def rabbit(canvas, rng):
    cx, cy, scale, t, squeeze = _placement(rng, 0.8)
    f = canvas.frame(cx, cy, scale, t, squeeze)
    fur = _pick(rng, [(236, 232, 224), (150, 140, 130), (120, 90, 60), (80, 80, 80)])
    for side in (-1, 1):
        lean = side * rng.uniform(0.0, 0.35)
        canvas.paint(f.ellipse(side * 0.35, -1.25, 0.22, 0.8, t=lean), fur)
        canvas.paint(f.ellipse(side * 0.35, -1.25, 0.11, 0.6, t=lean), (230, 170, 175))
    canvas.paint(f.ellipse(0, 0, 0.85, 0.8), fur)
    _eyes(f, canvas, rng, 0.0, slit=False, iris=(40, 30, 30), v=-0.1, gap=0.35, size=0.14)
    canvas.paint(f.polygon([(-0.1, 0.2), (0.1, 0.2), (0.0, 0.3)]), (220, 130, 140))
    for side in (-1, 1):
        canvas.paint(f.segment((side * 0.2, 0.3), (side * 1.1, 0.25), 0.02), (60, 60, 60))


def owl(canvas, rng):
    cx, cy, scale, t, squeeze = _placement(rng)
    f = canvas.frame(cx, cy, scale, t, squeeze)
    feathers = _pick(rng, [(120, 90, 60), (150, 150, 140), (200, 170, 120), (90, 70, 50)])
    if rng.rand() < 0.6:  # ear tufts
        for side in (-1, 1):
            canvas.paint(f.polygon([(side * 0.8, -0.5), (side * 0.85, -1.3), (side * 0.35, -0.85)]), feathers)
    canvas.paint(f.ellipse(0, 0.2, 0.95, 1.2), feathers)
    for side in (-1, 1):
        canvas.paint(f.ellipse(side * 0.38, -0.25, 0.34, 0.34), (235, 225, 200))
    _eyes(f, canvas, rng, 0.0, slit=False, iris=_jitter(rng, (240, 180, 30)), v=-0.25, gap=0.38, size=0.2)
    canvas.paint(f.polygon([(-0.1, 0.0), (0.1, 0.0), (0.0, 0.3)]), (60, 50, 40))


def car(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.8)
    f = canvas.frame(cx, cy, scale, t * 0.3)
    body = _pick(rng, BRIGHT)
    canvas.paint(f.polygon([(-0.9, -0.1), (-0.55, -0.7), (0.5, -0.7), (0.9, -0.1)]), body)
    canvas.paint(f.polygon([(-0.7, -0.15), (-0.45, -0.6), (0.4, -0.6), (0.7, -0.15)]), (170, 210, 235))
    canvas.paint(f.rect(-1.6, -0.15, 1.6, 0.45), body)
    for side in (-1, 1):
        canvas.paint(f.ellipse(side * 0.95, 0.45, 0.32, 0.32), (25, 25, 25))
        canvas.paint(f.ellipse(side * 0.95, 0.45, 0.13, 0.13), (180, 180, 180))


def house(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.85)
    f = canvas.frame(cx, cy, scale, t * 0.2)
    canvas.paint(f.rect(-0.9, -0.3, 0.9, 1.0), _pick(rng, BRIGHT + FUR, 30))
    canvas.paint(f.polygon([(-1.15, -0.3), (1.15, -0.3), (0.0, -1.3)]), _pick(rng, [(160, 50, 40), (80, 80, 90), (120, 80, 50)]))
    canvas.paint(f.rect(-0.2, 0.35, 0.2, 1.0), (90, 60, 40))
    for side in (-1, 1):
        canvas.paint(f.rect(side * 0.6 - 0.18, 0.0, side * 0.6 + 0.18, 0.35), (180, 215, 240))


def tree(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.85)
    f = canvas.frame(cx, cy, scale, t * 0.2)
    canvas.paint(f.rect(-0.15, 0.2, 0.15, 1.3), (100, 70, 40))
    leaves = _pick(rng, [(50, 140, 50), (30, 100, 40), (200, 120, 30), (180, 60, 30)], 25)
    if rng.rand() < 0.5:
        canvas.paint(f.ellipse(0, -0.3, 0.9, 0.8) | f.ellipse(-0.5, 0.0, 0.5, 0.45) | f.ellipse(0.5, 0.0, 0.5, 0.45), leaves)
    else:  # a fir: stacked triangles
        for k in range(3):
            canvas.paint(f.polygon([(-0.9 + 0.2 * k, 0.3 - 0.5 * k), (0.9 - 0.2 * k, 0.3 - 0.5 * k), (0, -0.6 - 0.5 * k)]), leaves)


def ball(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.75)
    f = canvas.frame(cx, cy, scale, t)
    canvas.paint(f.ellipse(0, 0, 1, 1), _pick(rng, BRIGHT))
    stripe = _pick(rng, BRIGHT)
    inside = f.ellipse(0, 0, 1, 1)
    canvas.paint(inside & (f.segment((-1, -0.3), (1, -0.3), 0.15) | f.segment((-1, 0.3), (1, 0.3), 0.15)), stripe)


def flower(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.8)
    f = canvas.frame(cx, cy, scale, t)
    canvas.paint(f.segment((0, 0), (0.1, 2.5), 0.08), (50, 130, 50))
    petal = _pick(rng, BRIGHT)
    n = rng.randint(5, 9)
    step = _rotation(TAN_HALF_STEP[n])  # a turn by 360/n degrees
    c, s = 1.0, 0.0
    for _ in range(n):
        canvas.paint(f.ellipse(0.6 * c, 0.6 * s, 0.45, 0.22, cs=(c, s)), petal)
        c, s = c * step[0] - s * step[1], s * step[0] + c * step[1]
    canvas.paint(f.ellipse(0, 0, 0.35, 0.35), _jitter(rng, (240, 200, 40)))


def clock(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.8)
    f = canvas.frame(cx, cy, scale, t)
    canvas.paint(f.ellipse(0, 0, 1, 1), _pick(rng, BRIGHT))
    canvas.paint(f.ellipse(0, 0, 0.85, 0.85), (240, 240, 235))
    canvas.paint(f.segment((0, 0), (rng.uniform(-0.5, 0.5), -0.6), 0.06), (20, 20, 20))
    canvas.paint(f.segment((0, 0), (0.45, rng.uniform(-0.3, 0.3)), 0.05), (20, 20, 20))


def mug(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.8)
    f = canvas.frame(cx, cy, scale, t * 0.3)
    colour = _pick(rng, BRIGHT)
    canvas.paint(f.ellipse(0.75, 0.0, 0.45, 0.45) & ~f.ellipse(0.75, 0.0, 0.25, 0.25), colour)
    canvas.paint(f.rect(-0.7, -0.8, 0.7, 0.8), colour)
    canvas.paint(f.ellipse(0, -0.8, 0.7, 0.15), _mix(colour, (20, 20, 20), 0.5))


def boat(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.85)
    f = canvas.frame(cx, cy, scale, t * 0.3)
    canvas.paint(f.polygon([(-1.3, 0.3), (1.3, 0.3), (0.9, 0.8), (-0.9, 0.8)]), _pick(rng, BRIGHT + FUR))
    canvas.paint(f.segment((0, 0.3), (0, -1.4), 0.05), (80, 60, 40))
    sail = _pick(rng, [(245, 245, 240), (230, 80, 60), (240, 200, 60)], 10)
    canvas.paint(f.polygon([(0.08, 0.15), (0.08, -1.35), (1.0, 0.15)]), sail)
    canvas.paint(f.polygon([(-0.08, 0.15), (-0.08, -1.1), (-0.8, 0.15)]), sail)


def cone(canvas, rng):
    cx, cy, scale, t, _ = _placement(rng, 0.8)
    f = canvas.frame(cx, cy, scale, t * 0.3)
    orange = _jitter(rng, (240, 110, 30), 20)
    canvas.paint(f.polygon([(-0.6, 0.9), (0.6, 0.9), (0.0, -1.2)]), orange)
    canvas.paint(f.polygon([(-0.6, 0.9), (0.6, 0.9), (0.0, -1.2)]) & f.rect(-1, -0.1, 1, 0.2), (245, 245, 245))
    canvas.paint(f.rect(-0.9, 0.9, 0.9, 1.1), orange)


SUBJECTS = {"cat": cat, "dog": dog, "fox": fox, "bear": bear, "rabbit": rabbit, "owl": owl, "car": car,
            "house": house, "tree": tree, "ball": ball, "flower": flower, "clock": clock, "mug": mug,
            "boat": boat, "cone": cone}


# ---- pictures and splits -----------------------------------------------------------------------------
def make_image(rng, label, size=SIZE):
    """One picture of a cat (label 1) or of something else (label 0): uint8 (size, size, 3)."""
    canvas = Canvas(size)
    background(canvas, rng)
    subject = "cat" if label == 1 else NON_CATS[rng.randint(len(NON_CATS))]
    SUBJECTS[subject](canvas, rng)
    for _ in range(rng.randint(0, 3)):  # something in front, now and then
        if rng.rand() < VARIETY["front"]:
            clutter(canvas, rng)
    # light falling from one side, then noise
    gain = rng.uniform(0.75, 1.2)
    slope = rng.uniform(-0.006, 0.006)
    light = gain + slope * (canvas.X - 32) + rng.uniform(-0.006, 0.006) * (canvas.Y - 32)
    canvas.rgb = canvas.rgb * light[..., None] + rng.uniform(-20, 20)
    return canvas.to_uint8(rng, noise=rng.randint(*VARIETY["noise"]))


def make_split(seed, name):
    """The pictures and labels of one split: x uint8 (m, 64, 64, 3), y int64 (m,)."""
    m, cats = SPLITS[name]
    split = list(SPLITS).index(name)
    labels = np.zeros(m, dtype=np.int64)
    labels[:cats] = 1
    labels = labels[np.random.RandomState([seed, split]).permutation(m)]
    x = np.stack([make_image(np.random.RandomState([seed, split, i + 1]), labels[i]) for i in range(m)])
    return x, labels


def generate(seed=SEED):
    """The whole data set: {"train_set_x", "train_set_y", "test_set_x", "test_set_y", "list_classes"}."""
    train_x, train_y = make_split(seed, "train")
    test_x, test_y = make_split(seed, "test")
    return {"train_set_x": train_x, "train_set_y": train_y, "test_set_x": test_x, "test_set_y": test_y,
            "list_classes": CLASSES.copy()}


def sample_picture(seed=SAMPLE_SEED, size=SAMPLE_SIZE):
    """The bundled picture for "try your own image": a cat, uint8 (size, size, 3)."""
    return make_image(np.random.RandomState([seed]), 1, size=size)


def write(directory=BUNDLED_DIR, seed=SEED):
    """Write train_catvnoncat.h5, test_catvnoncat.h5 (the original schema) and the sample picture."""
    import h5py
    import matplotlib.image

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    data = generate(seed)
    for split in ("train", "test"):
        with h5py.File(directory / f"{split}_catvnoncat.h5", "w") as f:
            for key in (f"{split}_set_x", f"{split}_set_y"):
                f.create_dataset(key, data=data[key], compression="gzip", compression_opts=9)
            f.create_dataset("list_classes", data=data["list_classes"])
    matplotlib.image.imsave(directory / SAMPLE_NAME, sample_picture())
    return directory


def differences(directory=BUNDLED_DIR, seed=SEED):
    """What differs between the files in ``directory`` and what the generator makes (empty: nothing)."""
    import h5py
    import matplotlib.image

    directory = Path(directory)
    data = generate(seed)
    problems = []
    for split in ("train", "test"):
        path = directory / f"{split}_catvnoncat.h5"
        if not path.exists():
            problems.append(f"{path} is missing")
            continue
        with h5py.File(path, "r") as f:
            for key in (f"{split}_set_x", f"{split}_set_y", "list_classes"):
                stored = f[key][()] if key in f else None
                if stored is None or stored.dtype != data[key].dtype or not np.array_equal(stored, data[key]):
                    problems.append(f"{path.name}: {key} differs from the generator's")
    sample = directory / SAMPLE_NAME
    if not sample.exists():
        problems.append(f"{sample} is missing")
    else:
        stored = np.round(matplotlib.image.imread(sample)[..., :3] * 255).astype(np.uint8)
        if not np.array_equal(stored, sample_picture()):
            problems.append(f"{sample.name} differs from the generator's")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dnn_utils.catvnoncat", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=BUNDLED_DIR, help="where to write (default: datasets/bundled)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--check", action="store_true", help="compare the files with the generator, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences(args.out, args.seed)
        for problem in problems:
            print(problem)
        print("the bundled files are what the generator makes" if not problems else "regenerate them with "
              "`python -m dnn_utils.catvnoncat`")
        return 1 if problems else 0
    print(f"wrote the cat / non-cat set to {write(args.out, args.seed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
