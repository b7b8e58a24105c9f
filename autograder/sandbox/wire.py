"""The wire between the trusted kernel and a submission's sandboxed process: data, never objects.

Both ends run a :class:`Peer` over a pair of pipes. A message is a JSON header and raw buffers
(:func:`write_message`, :func:`read_message`); nothing on the wire is ever unpickled or evaluated.
A value is sent as a tagged tree (:class:`Encoder`, :class:`Decoder`) that can only describe

- ``None``, booleans, integers, floats, complex numbers, strings and bytes;
- lists, tuples and dicts of values (aliases inside one message stay aliases; a dict whose keys are
  all strings is written as its keys and its values);
- numpy arrays and scalars of boolean and numeric dtypes (their bytes, shape and dtype);
- a ``numpy.random.RandomState``, by its state;
- a *handle*: an object that stays on the side that owns it (a function or class the student
  wrote, an object built from it, a callback the checks pass in), which the other side sees as a
  proxy and can only call (and, for the submission's objects, read and set attributes of).

Mutable values keep the meaning they have in one process:

- the arguments of a call are *shared* for as long as it runs: whatever the callee changes in
  place is written back, in place, into the caller's own arrays, dicts and lists before the caller
  goes on, and before any callback it makes (so ``numerical_gradient(f, x)`` perturbing ``x`` is
  seen by an ``f`` that reads ``x`` through a closure);
- what an attribute of a submission's object holds (``net.params``) is shared from its first
  read on, both ways, so that ``net.params["W1"][...] = value`` reaches the network;
- numpy's global random state travels with every message both ways, and numpy's floating-point
  error settings with every call, so that the checks see ``np.random.seed`` inside a function and
  the function sees the checks' ``np.errstate``.

Exceptions and warnings cross as their class name, message and arguments; the receiving side
builds them from its own builtin classes (:func:`rebuild_exception`), never from the sender's.
"""
import json
import math
import os
import struct
import warnings

import numpy as np

#: largest message either side accepts (a full data set of 05 is 20 MB)
MAX_MESSAGE = 1 << 30
#: largest JSON header either side accepts or sends: strings and the trees of values travel in it, arrays
#: in the buffers; decoding JSON takes many times its size in memory, so it has a bound of its own (a
#: reply's printed output, at most 1 MB of text, fits in it escaped)
MAX_HEADER = 16 << 20
#: deepest nesting of containers in a value
MAX_DEPTH = 100
#: numpy dtype kinds that travel as data: booleans, integers, floats, complex numbers
DATA_KINDS = "biufc"
#: an array of at most this many bytes is copied into its message (a larger one is written from its own memory)
SMALL_ARRAY = 1 << 16

_LENGTHS = struct.Struct("<QQ")
#: a header is made of fresh lists, dicts, strings and numbers (never a cycle: no check for one)
_JSON = json.JSONEncoder(separators=(",", ":"), allow_nan=False, check_circular=False)


class WireError(Exception):
    """The other side broke the protocol: a malformed, oversized or unexpected message."""


class TooLarge(ValueError):
    """A value or a message over the wire's bounds; nothing of it was written."""


class PeerGone(Exception):
    """The other side's process ended (or its pipe closed) while a reply was awaited."""


# ---- framing: two lengths, the JSON header, then the buffers one after the other ------------------

def _read_exact(fd, n):
    data = bytearray(n)
    view, got = memoryview(data), 0
    while got < n:
        count = os.readv(fd, [view[got:]])
        if not count:
            raise PeerGone("the other process closed the connection")
        got += count
    return data


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def header_bytes(header, buffers=()):
    """The JSON of ``header`` as :func:`write_message` sends it; TooLarge past MAX_HEADER."""
    body = _JSON.encode(dict(header, sizes=[len(b) for b in buffers])).encode()
    if len(body) > MAX_HEADER:
        raise TooLarge(f"a message header of {len(body)} bytes is over the limit of {MAX_HEADER} "
                       "(a string or a structure of values that large cannot be sent)")
    total = sum(len(b) for b in buffers)
    if len(body) + total > MAX_MESSAGE:
        raise TooLarge(f"a message of {len(body) + total} bytes is over the limit of {MAX_MESSAGE}")
    return body


def write_message(fd, header, buffers=(), body=None):
    """Write one message: the JSON ``header`` (a dict) and its binary ``buffers`` (``body``: the
    header's bytes, when :func:`header_bytes` made them already)."""
    body = header_bytes(header, buffers) if body is None else body
    total = sum(len(b) for b in buffers)
    parts = [_LENGTHS.pack(len(body), total), body, *buffers]
    if total < (1 << 20):
        _write_all(fd, b"".join(parts))
    else:
        for part in parts:
            _write_all(fd, part)


def read_message(fd, limit=MAX_MESSAGE):
    """Read one message: ``(header, buffers)``; WireError when it is malformed or over ``limit``."""
    size, total = _LENGTHS.unpack(_read_exact(fd, _LENGTHS.size))
    if size + total > limit:
        raise WireError(f"a message of {size + total} bytes is over the limit of {limit}")
    if size > MAX_HEADER:
        raise WireError(f"a message header of {size} bytes is over the limit of {MAX_HEADER}")
    data = _read_exact(fd, size + total)
    try:
        header = json.loads(bytes(data[:size]))
    except (ValueError, RecursionError) as error:
        raise WireError(f"a message header is not JSON: {error}") from None
    sizes = header.get("sizes") if isinstance(header, dict) else None
    if not isinstance(sizes, list) or not all(type(n) is int and n >= 0 for n in sizes) or sum(sizes) != total:
        raise WireError("a message header does not describe its buffers")
    view, buffers, at = memoryview(data), [], size
    for n in sizes:
        buffers.append(view[at:at + n])
        at += n
    return header, buffers


# ---- values ---------------------------------------------------------------------------------------

class Handle:
    """A proxy's base: the number of an object kept by the other side, its kind ("f" for what
    can be called, "o" for an object) and its name."""

    def __init__(self, peer, number, kind, name):
        set_ = object.__setattr__
        set_(self, "_peer", peer)
        set_(self, "_number", number)
        set_(self, "_kind", kind)
        set_(self, "__name__", name)
        set_(self, "__qualname__", name)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def __reduce_ex__(self, protocol):
        raise TypeError(f"{self.__name__} stands for an object of another process and cannot be pickled")

    def __repr__(self):
        return f"<{self.__name__} of the submission>" if self._kind else f"<{self.__name__}>"


_DTYPES = {}
#: the names of the dtypes that travel as data, as the encoder met them (dtype.str costs more than a look-up)
_DTYPE_NAMES = {}


def _dtype(text):
    if type(text) is str and text in _DTYPES:
        return _DTYPES[text]
    try:
        dtype = np.dtype(_text(text))
    except TypeError:
        raise WireError(f"not a numpy dtype: {text!r}") from None
    if dtype.kind not in DATA_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise WireError(f"dtype {dtype} does not travel as data")
    if len(_DTYPES) < 64:
        _DTYPES[text] = dtype
    return dtype


class Encoder:
    """Turns one message's values into tagged JSON trees and buffers.

    ``peer.export(obj)`` is asked for a handle number for anything that is not data; it raises
    TypeError where that side exports nothing of that kind.
    """

    def __init__(self, peer):
        self.peer = peer
        self.buffers = []
        self.memo = {}        # id(obj) -> memo number, for aliases inside the message
        self.alive = []       # keeps memoised objects alive while ids are in use

    def _buffer(self, data):
        self.buffers.append(data)
        return len(self.buffers) - 1

    def _remember(self, obj):
        number = len(self.alive)
        self.memo[id(obj)] = number
        self.alive.append(obj)
        return number

    def _known(self, obj):
        """The node of an object sent already in this message ("M") or shared with the peer ("Z"), else None."""
        key = id(obj)
        if key in self.memo:
            return ["M", self.memo[key]]
        shared = self.peer.shared_number(obj)
        return None if shared is None else ["Z", shared]

    def _array(self, obj):
        """The node of an array (an alias if it was sent already or is shared), or None when its dtype
        is not data (it then travels as a handle)."""
        known = self._known(obj)
        if known is not None:
            return known
        dtype = obj.dtype
        name = _DTYPE_NAMES.get(dtype)
        if name is None:
            if dtype.kind not in DATA_KINDS or dtype.fields is not None:
                return None
            name = dtype.str
            if len(_DTYPE_NAMES) < 64:
                _DTYPE_NAMES[dtype] = name
        if obj.nbytes > MAX_MESSAGE:   # e.g. a view of a few bytes broadcast to terabytes
            raise TooLarge(f"an array of shape {obj.shape} ({obj.nbytes} bytes) is over the limit of "
                           f"{MAX_MESSAGE} bytes")
        number = self._remember(obj)
        if obj.nbytes <= SMALL_ARRAY:   # copying a few bytes costs less than a view of them
            raw = obj.tobytes()
        else:
            data = obj if obj.flags.c_contiguous else obj.copy(order="C")   # (ascontiguousarray makes 0-d 1-d)
            raw = memoryview(data.reshape(-1).view(np.uint8))   # its bytes, without a copy
        self.buffers.append(raw)
        return ["A", number, name, list(obj.shape), len(self.buffers) - 1]

    def value(self, obj, depth=0):
        if depth > MAX_DEPTH:
            raise ValueError(f"a value nested more than {MAX_DEPTH} levels deep cannot be sent")
        kind = type(obj)
        if kind is np.ndarray:         # the most frequent value: at once
            encoded = self._array(obj)
            if encoded is not None:
                return encoded
        if kind is str:
            if len(obj) > MAX_HEADER:
                raise TooLarge(f"a string of {len(obj)} characters is over the limit of {MAX_HEADER}")
            return ["S", obj]
        if obj is None:
            return ["N"]
        if kind is bool:
            return ["B", obj]
        if kind is int:
            return ["I", str(obj)]
        if kind is float:
            return ["F", obj.hex()]
        if kind is complex:
            return ["X", obj.real.hex(), obj.imag.hex()]
        if kind is bytes:
            return ["Y", self._buffer(obj)]
        if kind not in _CONTAINERS:    # a container of the builtins is never a proxy
            own = self.peer.own_handle(obj)
            if own is not None:        # a proxy of the receiver's: back to its own object
                return ["P", own]
        known = self._known(obj)
        if known is not None:
            return known
        if isinstance(obj, np.ndarray):
            encoded = self._array(obj)
            if encoded is not None:
                return encoded
        elif isinstance(obj, np.generic) and obj.dtype.kind in DATA_KINDS:
            return ["G", obj.dtype.str, self._buffer(np.asarray(obj).tobytes())]
        if isinstance(obj, np.random.RandomState):
            number = self._remember(obj)
            name, keys, pos, has_gauss, cached = obj.get_state()
            return ["R", number, name, self._buffer(keys.astype("<u4").tobytes()), int(pos), int(has_gauss),
                    float(cached).hex()]
        depth += 1
        if kind is tuple:
            return ["T", [self.value(item, depth) for item in obj]]
        if kind is list:
            number = self._remember(obj)
            return ["L", number, [self.value(item, depth) for item in obj]]
        if kind is dict or isinstance(obj, dict) and type(obj).__module__ in ("builtins", "collections"):
            number = self._remember(obj)
            value = self.value
            keys = list(obj)
            if all([type(k) is str and len(k) <= MAX_HEADER for k in keys]):   # names: written as they are
                return ["E", number, keys, [value(v, depth) for v in obj.values()]]
            return ["D", number, [[value(k, depth), value(v, depth)] for k, v in obj.items()]]
        number, hkind, name = self.peer.export(obj)
        return ["Q", number, hkind, name]


#: the builtin containers an encoder takes apart (none of them is a handle)
_CONTAINERS = frozenset({tuple, list, dict, np.ndarray})


class Decoder:
    """Builds values from one message's trees; every malformed tree raises WireError."""

    def __init__(self, peer, buffers):
        self.peer = peer
        self.buffers = buffers
        self.memo = {}

    def _buffer(self, index):
        if type(index) is not int or not 0 <= index < len(self.buffers):
            raise WireError(f"no buffer {index!r}")
        return self.buffers[index]

    def value(self, node, depth=0):
        try:
            return self._value(node, depth)
        except WireError:
            raise
        except (TypeError, ValueError, IndexError, KeyError, OverflowError) as error:
            raise WireError(f"a malformed value {str(node)[:80]}: {error}") from None

    def _value(self, node, depth):
        # every node is checked here, at every depth; a TypeError, ValueError... of a malformed one
        # becomes value()'s WireError
        if depth > MAX_DEPTH or type(node) is not list or not node or type(node[0]) is not str:
            raise WireError(f"not a value: {str(node)[:80]}")
        tag = node[0]
        if tag == "A":
            _, number, dtype, shape, index = node
            dtype = _DTYPES.get(dtype) if type(dtype) is str else None
            if dtype is None:
                dtype = _dtype(node[2])
            if type(shape) is not list or len(shape) > 32 or not all([type(n) is int and n >= 0 for n in shape]):
                raise WireError(f"a malformed shape {shape!r}")
            if type(index) is not int or not 0 <= index < len(self.buffers):
                raise WireError(f"no buffer {index!r}")
            data = self.buffers[index]
            if len(data) != math.prod(shape) * dtype.itemsize:
                raise WireError("an array whose bytes do not fit its shape")
            if type(number) is not int or number in self.memo:
                raise WireError("a malformed alias")
            # a writable view of the message (its size checked above: the buffer holds it exactly)
            array = self.memo[number] = np.ndarray(shape, dtype, data)
            return array
        if tag == "S":
            return _text(node[1])
        if tag == "D":
            result = self._memo(node[1], {})
            depth += 1
            for pair in _items(node[2]):
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("a malformed dict entry")
                key = self._value(pair[0], depth)
                hash(key)
                result[key] = self._value(pair[1], depth)
            return result
        if tag == "E":
            _, number, keys, values = node
            if (type(keys) is not list or type(values) is not list or len(keys) != len(values)
                    or not all([type(k) is str for k in keys])):
                raise WireError("a malformed dict of names")
            result = self._memo(number, {})
            depth += 1
            for key, item in zip(keys, values):
                result[key] = self._value(item, depth)
            return result
        if tag == "M":
            if node[1] not in self.memo:
                raise WireError("a reference to nothing")
            return self.memo[node[1]]
        if tag == "T":
            depth += 1
            return tuple([self._value(item, depth) for item in _items(node[1])])
        if tag == "L":
            result = self._memo(node[1], [])
            depth += 1
            result.extend([self._value(item, depth) for item in _items(node[2])])
            return result
        args = node[1:]
        if tag == "N":
            return None
        if tag == "B":
            if type(args[0]) is not bool:
                raise WireError("a boolean that is not one")
            return args[0]
        if tag == "I":
            return int(_text(args[0]))
        if tag == "F":
            return float.fromhex(_text(args[0]))
        if tag == "X":
            return complex(float.fromhex(_text(args[0])), float.fromhex(_text(args[1])))
        if tag == "Y":
            return bytes(self._buffer(args[0]))
        if tag == "P":
            return self.peer.exported(args[0])
        if tag == "Z":
            return self.peer.shared_object(args[0])
        if tag == "Q":
            number, kind, name = args
            if type(number) is not int or kind not in ("f", "o"):
                raise WireError("a malformed handle")
            return self.peer.proxy(number, kind, _text(name)[:200])
        if tag == "G":
            dtype = _dtype(args[0])
            data = self._buffer(args[1])
            if len(data) != dtype.itemsize:
                raise WireError("a scalar whose bytes do not fit its dtype")
            return np.frombuffer(data, dtype=dtype)[0].copy()
        if tag == "R":
            number, name, index, pos, has_gauss, cached = args
            keys = np.frombuffer(self._buffer(index), dtype="<u4").copy()
            rng = np.random.RandomState()
            rng.set_state((_text(name), keys.astype(np.uint32), int(pos), int(has_gauss), float.fromhex(_text(cached))))
            return self._memo(number, rng)
        raise WireError(f"unknown tag {tag!r}")

    def _memo(self, number, obj):
        if type(number) is not int or number in self.memo:
            raise WireError("a malformed alias")
        self.memo[number] = obj
        return obj


def _text(value):
    if type(value) is not str:
        raise WireError(f"expected a string, got {type(value).__name__}")
    return value


def _items(value):
    if not isinstance(value, list):
        raise WireError("expected a list of values")
    return value


# ---- shared values: changes made in place travel back -------------------------------------------

class _Bits:
    """What :func:`snapshot` keeps of a small array of numbers: its dtype, shape and bytes."""

    __slots__ = ("dtype", "shape", "data")

    def __init__(self, array):
        self.dtype, self.shape, self.data = array.dtype, array.shape, array.tobytes()

    def same(self, array):
        return array.dtype == self.dtype and array.shape == self.shape and array.tobytes() == self.data


class _Generator:
    """What :func:`snapshot` keeps of a legacy generator (``RandomState`` on the Mersenne Twister):
    its state, as ``get_state()`` gives it (a twentieth of what a deep copy of it costs)."""

    __slots__ = ("state",)

    def __init__(self, generator):
        self.state = generator.get_state()

    def same(self, generator):
        return (type(generator) is np.random.RandomState
                and _same_rng_state(generator.get_state(), self.state))


def same_state(a, b):
    """Whether two values (as :func:`snapshot` copies them) hold the same data, bit for bit."""
    kind = type(a)
    if type(b) is _Bits:
        return kind is np.ndarray and b.same(a)
    if type(b) is _Generator:
        return b.same(a)
    if kind is not type(b) and not (isinstance(a, np.ndarray) or isinstance(b, np.ndarray)):
        return False
    if kind is dict:                      # the usual containers first: a shared call's arguments
        if list(a) != list(b):
            return False
        for key, value in a.items():
            if not same_state(value, b[key]):
                return False
        return True
    if kind is tuple or kind is list:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b):
            if not same_state(x, y):
                return False
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape):
            return False
        if a.nbytes < (1 << 16):          # small: comparing the bytes is the fastest way
            return a.tobytes() == b.tobytes()
        if a.dtype.kind in "fc" and a.dtype.itemsize in (2, 4, 8):
            # bit for bit, as the bytes above (a NaN, a zero's sign), and seven times faster than
            # comparing the numbers with equal_nan: as unsigned integers of the same size
            bits = np.dtype(f"u{a.dtype.itemsize}")
            return bool(np.array_equal(a.view(bits), b.view(bits)))
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, np.random.RandomState):
        return _same_rng_state(a.get_state(), b.get_state())
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_state(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_state(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b
    return a is b or a == b


class _RandomMark:
    """Tells in a microsecond whether numpy's global random state may have changed: ``read()`` returns
    bytes that are equal for two looks only if the state is the same, or None where they cannot be
    read (then the state itself is compared). ``np.random.get_state()`` copies the Mersenne Twister's
    624 words one by one (about 40 µs, once for every message); these bytes are read where they lie:
    the twister's key and position at the address numpy's ``ctypes`` interface gives, and the cached
    Gaussian of the legacy generator (``has_gauss``, ``gauss``, which can change while the twister
    does not) in the RandomState object, at offsets found once on a RandomState of this module's own
    and checked against ``get_state()`` of both."""

    def __init__(self):
        self.views = ()           # not looked for yet: on the first read()

    @staticmethod
    def _memory(address, size):
        import ctypes

        return np.frombuffer((ctypes.c_char * size).from_address(address), dtype=np.uint8)

    def _twister(self, generator):
        if type(generator) is not np.random.MT19937:
            raise TypeError("not numpy's Mersenne Twister")
        return self._memory(generator.ctypes.state_address, 624 * 4 + 4)   # uint32 key[624]; int pos

    def _find(self):
        owner = np.random.get_state.__self__          # the RandomState np.random.get_state reads
        if type(owner) is not np.random.RandomState:
            return None
        size = type(owner).__basicsize__
        probe = np.random.RandomState(0)
        memory, key = self._memory(id(probe), size), probe.get_state()[1]
        looks = []
        for has_gauss, gauss in ((1, 1.2345678901234567), (0, -7.654321098765432), (1, 0.0)):
            probe.set_state(("MT19937", key, 7, has_gauss, gauss))
            looks.append(memory.copy())
        gauss_at = [o for o in range(0, size - 7, 8)
                    if [float(look[o:o + 8].view(np.float64)[0]) for look in looks] == [1.2345678901234567,
                                                                                        -7.654321098765432, 0.0]]
        flag_at = [o for o in range(0, size - 3, 4) if [int(look[o:o + 4].view(np.int32)[0]) for look in looks] == [1, 0, 1]]
        if len(gauss_at) != 1 or len(flag_at) != 1:
            return None
        flag, gauss = flag_at[0], gauss_at[0]
        views = (owner, owner._bit_generator, self._twister(owner._bit_generator), self._memory(id(owner), size),
                 flag, gauss)

        def agrees(rng):    # what is read is what get_state() says
            twister, memory = self._twister(rng._bit_generator), self._memory(id(rng), size)
            name, key, pos, has_gauss, cached = rng.get_state()
            return (twister[:2496].tobytes() == key.astype(np.uint32).tobytes()
                    and int(twister[2496:].view(np.int32)[0]) == pos
                    and int(memory[flag:flag + 4].view(np.int32)[0]) == has_gauss
                    and float(memory[gauss:gauss + 8].view(np.float64)[0]) == cached)

        probe.seed(1)
        checked = [agrees(probe)]
        for draw in (probe.standard_normal, probe.standard_normal, probe.random_sample):
            draw()                                     # a Gaussian cached, used, then a plain draw
            checked.append(agrees(probe))
        if not all(checked) or not agrees(owner):      # (nothing is drawn from the owner)
            return None
        return views

    def read(self):
        views = self.views
        if views == ():
            try:
                views = self.views = self._find()
            except Exception:     # another numpy, another layout: the state itself is compared
                views = self.views = None
        if views is None:
            return None
        owner, generator, twister, memory, flag, gauss = views
        if owner._bit_generator is not generator:
            return None
        return twister.tobytes() + memory[flag:flag + 4].tobytes() + memory[gauss:gauss + 8].tobytes()


_random_mark = _RandomMark()


def _same_rng_state(a, b):
    """Whether two states of numpy's legacy random generator (get_state's tuples) are the same."""
    return a[0] == b[0] and a[2:] == b[2:] and a[1].shape == b[1].shape and a[1].tobytes() == b[1].tobytes()


def snapshot(value):
    """A copy of ``value``'s data (proxies and other objects are kept as they are)."""
    kind = type(value)
    if kind is np.ndarray and value.dtype.kind in DATA_KINDS:
        if value.nbytes <= SMALL_ARRAY:
            return _Bits(value)
        return value.copy()                # what deepcopy makes of an array of numbers, faster
    if kind is dict:
        return {k: snapshot(v) for k, v in value.items()}
    if kind is list:
        return [snapshot(v) for v in value]
    if kind is tuple:
        return tuple([snapshot(v) for v in value])
    if kind is np.random.RandomState and type(getattr(value, "_bit_generator", None)) is np.random.MT19937:
        return _Generator(value)
    if isinstance(value, (np.ndarray, np.random.RandomState)):
        import copy    # (here: the submission's process seldom needs it, and starts without it)

        return copy.deepcopy(value)
    if isinstance(value, dict):
        return type(value)((k, snapshot(v)) for k, v in value.items())
    if isinstance(value, list):
        return [snapshot(v) for v in value]
    if isinstance(value, tuple):
        return tuple(snapshot(v) for v in value)
    return value


def assign(target, new):
    """Make ``target`` hold what ``new`` holds, in place where it is mutable; returns what the
    owner of ``target`` should hold from now on (``target`` itself, unless it could not change)."""
    if target is new:
        return target
    if isinstance(target, np.ndarray) and isinstance(new, np.ndarray):
        if target.shape == new.shape and target.flags.writeable:
            target[...] = new
            return target
        return new
    if isinstance(target, np.random.RandomState) and isinstance(new, np.random.RandomState):
        target.set_state(new.get_state())
        return target
    if isinstance(target, dict) and isinstance(new, dict):
        for key in [k for k in target if k not in new]:
            del target[key]
        for key, value in new.items():
            target[key] = assign(target[key], value) if key in target else value
        return target
    if isinstance(target, list) and isinstance(new, list):
        kept = [assign(t, n) for t, n in zip(target, new)] + list(new[len(target):])
        target[:] = kept
        return target
    if isinstance(target, tuple) and isinstance(new, tuple) and len(target) == len(new):
        for t, n in zip(target, new):
            assign(t, n)
        return target
    return new


# ---- exceptions and warnings ----------------------------------------------------------------------

class SubmissionError(Exception):
    """An exception raised in the submission's process whose class is none of Python's own."""


def describe_exception(error, encoder):
    """The wire form of an exception: class name, the names of its bases, message, arguments."""
    try:
        args = encoder.value(error.args)
    except Exception:
        args = None
    return {"type": type(error).__name__, "bases": [c.__name__ for c in type(error).__mro__][:20],
            "message": _safe_str(error), "args": args}


def _safe_str(value, limit=4000):
    try:
        text = str(value)
    except Exception:
        text = f"<{type(value).__name__} that cannot be shown>"
    return text[:limit]


def builtin_class(names, base):
    """The first of ``names`` that is a builtin subclass of ``base`` (names from the other side)."""
    import builtins

    for name in names if isinstance(names, list) else []:
        cls = getattr(builtins, name, None) if isinstance(name, str) else None
        if isinstance(cls, type) and issubclass(cls, base):
            return cls
    return None


def rebuild_exception(info, decoder):
    """An exception of this side's own classes from its wire form."""
    if not isinstance(info, dict):
        raise WireError("a malformed exception")
    name = _text(info.get("type", ""))[:100] or "Error"
    bases = [name] + list(info.get("bases") or [])
    cls = builtin_class(bases, Exception) or SubmissionError
    if cls.__name__ != name:
        cls = type(name if name.isidentifier() else "Error", (cls,), {"__module__": "submission"})
    # one line, bounded: a message is the submission's text, and must not forge a check's "Hint:" line
    message = " ".join(_text(info.get("message", "")).split("\n"))[:2000]
    args = (message,)
    if info.get("args") is not None:
        try:
            decoded = decoder.value(info["args"])
            if isinstance(decoded, tuple) and all(type(a) in (str, int, float, bool, type(None)) for a in decoded):
                args = tuple(" ".join(a.split("\n"))[:2000] if type(a) is str else a for a in decoded)
        except WireError:
            pass
    try:   # the arguments where they make the same message (KeyError('W3')), else the message itself
        error = cls(*args)
        if " ".join(str(error).split("\n"))[:2000] != message:
            error = cls(message)
    except Exception:
        error = cls(message)
    return error


def describe_warnings(caught, limit=50):
    """The distinct warnings recorded while a request ran, in order, at most ``limit``."""
    seen, result = set(), []
    for w in caught:
        key = (w.category.__name__, _safe_str(w.message, 2000), str(w.filename), int(w.lineno or 0))
        if key not in seen and len(result) < limit:
            seen.add(key)
            result.append([key[0], [c.__name__ for c in w.category.__mro__][:20], key[1], key[2], key[3]])
    return result


def reissue_warnings(items, registry):
    """Issue again, on this side, the warnings the other side recorded."""
    for item in items if isinstance(items, list) else []:
        try:
            name, bases, message, filename, lineno = item
            category = builtin_class([name] + list(bases), Warning) or UserWarning
            warnings.warn_explicit(_text(message), category, _text(filename), int(lineno),
                                   registry=registry.setdefault(filename, {}))
        except (TypeError, ValueError, WireError):
            continue


# ---- a peer --------------------------------------------------------------------------------------

class Peer:
    """One end of the wire: sends requests and serves the other end's requests in between.

    ``parity`` (0 or 1) keeps the two ends' numbers for shared values apart. Subclasses decide what
    may be exported (``export``), how a handle of the other side looks (``proxy``) and what a request
    does (``serve``).
    """

    def __init__(self, rfd, wfd, parity):
        self.rfd, self.wfd = rfd, wfd
        self._parity = parity
        self._counter = 0
        self._exports = {}        # handle number -> object
        self._export_ids = {}     # id(object) -> handle number
        self._shared = {}         # shared number -> object
        self._shared_ids = {}     # id(object) -> shared number
        self._snapshots = {}      # shared number -> the object's data as last synchronised
        self._later = set()       # shared numbers whose snapshot is taken when this side's code may next run
        self._rng = None          # numpy's global random state as last synchronised
        self._rng_mark = None     # and its _RandomMark, when it can be read
        self._proxies = {}        # the other side's handle number -> proxy
        self.warning_registry = {}

    # what the encoder asks
    def own_handle(self, obj):
        """The number of the other side's object that ``obj`` (a proxy of this side) stands for."""
        if isinstance(obj, Handle) and object.__getattribute__(obj, "_peer") is self:
            return object.__getattribute__(obj, "_number")
        return None

    def shared_number(self, obj):
        return self._shared_ids.get(id(obj))    # shared objects are held, so their ids stay theirs

    def export(self, obj):
        raise TypeError(f"a {type(obj).__name__} cannot be sent to the other process")

    def _export(self, obj, kind):
        number = self._export_ids.get(id(obj))
        if number is None or self._exports.get(number) is not obj:
            number = self._next()
            self._exports[number] = obj
            self._export_ids[id(obj)] = number
        return number, kind, str(getattr(obj, "__name__", type(obj).__name__))[:200]

    # what the decoder asks
    def exported(self, number):
        if number not in self._exports:
            raise WireError(f"no object {number!r} was handed out")
        return self._exports[number]

    def shared_object(self, number):
        if number not in self._shared:
            raise WireError(f"no shared value {number!r}")
        return self._shared[number]

    def proxy(self, number, kind, name):
        raise WireError("this side takes no handles")

    def _next(self):
        self._counter += 1
        return 2 * self._counter + self._parity

    # shared values
    def share(self, obj, number=None, later=False):
        """Start sharing ``obj`` (under ``number`` when the other side chose it); returns the number.
        ``later``: ``obj`` was just sent, and this side's code does not run before the other side's
        next message; its snapshot is taken then (:meth:`receive`), and not at all when that message
        is the reply that ends the sharing (a call that makes no callback copies no argument)."""
        if number is None:
            number = self._next()
        self._shared[number] = obj
        self._shared_ids[id(obj)] = number
        if later:
            self._snapshots[number] = None
            self._later.add(number)
        else:
            self._snapshots[number] = snapshot(obj)
        return number

    def unshare(self, number):
        obj = self._shared.pop(number, None)
        self._shared_ids.pop(id(obj), None)
        self._snapshots.pop(number, None)
        self._later.discard(number)

    def _take_snapshots(self):
        """The snapshots :meth:`share` left for later, of values unchanged since they were sent."""
        for number in self._later:
            if number in self._shared:
                self._snapshots[number] = snapshot(self._shared[number])
        self._later.clear()

    def _changes(self, encoder):
        changes = []
        for number, obj in list(self._shared.items()):
            if not same_state(obj, self._snapshots[number]):
                # encode the object's contents, not a reference to itself
                self._shared_ids.pop(id(obj), None)
                try:
                    changes.append([number, encoder.value(obj)])
                finally:
                    self._shared_ids[id(obj)] = number
                self._snapshots[number] = snapshot(obj)
        rng, mark = None, _random_mark.read()
        if mark is None or mark != self._rng_mark:     # it may have changed: compare the state itself
            state = np.random.get_state()
            if self._rng is None or not _same_rng_state(state, self._rng):
                holder = np.random.RandomState()
                holder.set_state(state)
                rng = encoder.value(holder)
                self._rng = state
            self._rng_mark = mark
        return changes, rng

    def _apply(self, header, decoder):
        for entry in _items(header.get("changes", [])):
            if not isinstance(entry, list) or len(entry) != 2 or entry[0] not in self._shared:
                raise WireError("a change to an unknown shared value")
            number, node = entry
            obj = self._shared[number]
            new = decoder.value(node)
            kept = assign(obj, new)
            if kept is not obj:       # it could not change in place (a tuple): remember the new one
                self._shared_ids.pop(id(obj), None)
                self._shared[number] = kept
                self._shared_ids[id(kept)] = number
            self._snapshots[number] = snapshot(self._shared[number])
        if header.get("rng") is not None:
            rng = decoder.value(header["rng"])
            if not isinstance(rng, np.random.RandomState):
                raise WireError("the random state is not one")
            np.random.set_state(rng.get_state())
            self._rng = np.random.get_state()
            self._rng_mark = _random_mark.read()

    # messages
    def send(self, header, encode=None, on_error=None):
        """Send ``header`` with the changes of shared values and what ``encode(encoder)`` adds; when
        that fails (any exception: a value that cannot be sent, one too large, a MemoryError while
        encoding it), what ``on_error(error, encoder)`` adds instead: the failure is that call's, not
        the process's."""
        encoder = Encoder(self)
        changes, rng = self._changes(encoder)   # first: the receiver applies them first
        payload = {}
        try:
            if encode is not None:
                payload = encode(encoder)
            full = dict(header, changes=changes, rng=rng, **payload)
            body = header_bytes(full, encoder.buffers)
        except Exception as error:
            if on_error is None:
                raise
            payload = on_error(error, encoder)
            full = dict(header, changes=changes, rng=rng, **payload)
            body = header_bytes(full, encoder.buffers)
        write_message(self.wfd, full, encoder.buffers, body)

    def receive(self, limit=MAX_MESSAGE):
        header, buffers = read_message(self.rfd, limit)
        if self._later and header.get("kind") != "reply":   # this side's code may run next (a callback)
            self._take_snapshots()
        decoder = Decoder(self, buffers)
        self._apply(header, decoder)
        return header, decoder

    def request(self, header, encode=None):
        """Send a request and serve the other side's requests until its reply comes:
        ``(reply header, decoder)``."""
        self.send(dict(header, kind="request"), encode)
        while True:
            reply, decoder = self.receive()
            if reply.get("kind") == "reply":
                return reply, decoder
            if reply.get("kind") != "request":
                raise WireError(f"expected a reply or a request, got {str(reply.get('kind'))[:40]!r}")
            self.serve(reply, decoder)

    def serve(self, header, decoder):
        raise WireError("this side serves no requests")

    def call_handle(self, header, decoder):
        """Serve a call of one of this side's exported objects: the arguments are shared while it
        runs, with the caller's numpy error settings, and the warnings it issues travel back."""
        target = self.exported(header.get("target"))
        number = header.get("shared")
        if type(number) is not int or number % 2 == self._parity:
            raise WireError("a call without its shared arguments")
        pair = decoder.value(header.get("args"))
        if (not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[0], tuple)
                or not isinstance(pair[1], dict) or not all(isinstance(k, str) for k in pair[1])):
            raise WireError("malformed call arguments")
        err = header.get("err")
        if not isinstance(err, dict) or not all(v in ("ignore", "warn", "raise", "call", "print", "log")
                                                 for v in err.values()):
            raise WireError("malformed numpy error settings")
        self.share(pair, number)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    with np.errstate(**{k: v for k, v in err.items() if k in ("divide", "over", "under", "invalid")}):
                        result = target(*pair[0], **pair[1])
                except Exception as error:
                    failed = error
                else:
                    failed = None
            issued = describe_warnings(caught)
            if failed is not None:
                self.send({"kind": "reply", "ok": False, "warnings": issued},
                          lambda e: {"error": self.describe_error(failed, e)})
            else:
                self.send({"kind": "reply", "ok": True, "warnings": issued}, lambda e: {"result": e.value(result)},
                          lambda error, e: {"ok": False, "error": self.describe_error(error, e)})
        finally:
            self.unshare(number)

    def describe_error(self, error, encoder):
        return describe_exception(error, encoder)

    def call_remote(self, header, args, kwargs):
        """Call something of the other side's; the arguments are shared while it runs; returns the
        result or raises the other side's exception (rebuilt)."""
        __tracebackhide__ = True
        pair, number = (args, kwargs), self._next()

        def encode(encoder):
            node = encoder.value(pair)
            self.share(pair, number, later=True)   # after: the arguments travel as themselves
            return {"args": node}
        try:
            reply, decoder = self.exchange(dict(header, op="call", shared=number, err=np.geterr()), encode)
        finally:
            self.unshare(number)
        return self.outcome(reply, decoder)

    def exchange(self, header, encode=None):
        """A request and its reply (a subclass may guard it)."""
        return self.request(header, encode)

    def outcome(self, reply, decoder):
        __tracebackhide__ = True
        reissue_warnings(reply.get("warnings", []), self.warning_registry)
        if reply.get("ok"):
            return decoder.value(reply.get("result"))
        raise rebuild_exception(reply.get("error"), decoder)
