"""Seeded fixtures, the documented expected outputs, and checks that name the likely mistake.

One module per notebook (``nb01``, ``nb02``, ...) holds its ``check_<function>`` (the documented
cases; prints one success line) and ``hidden_check_<function>`` (further seeded cases; silent when
they pass). ``checks`` is the engine they share; ``fixtures`` and ``expected`` hold the data.
"""
