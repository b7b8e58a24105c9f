"""Seeded fixtures, the documented expected outputs, and checks that name the likely mistake.

One module per notebook (``nb01``, ``nb02``, ...) holds its ``check_<function>`` (the documented
cases; prints one success line) and ``hidden_check_<function>`` (further seeded cases; silent when
they pass). ``checks`` is the engine they share; ``fixtures`` and ``expected`` hold the data.
"""


def _in_ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


if _in_ipython() is not None:
    from .checks import show_check_failures_briefly

    show_check_failures_briefly(_in_ipython())
