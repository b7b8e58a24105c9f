"""The kernel client of each notebook (autograder.grade.execute.ReadyClient) is ready only when the kernel
has answered it on both channels, and then every output of what it executes reaches it.

jupyter_client's own ``wait_for_ready`` ends by reading IOPub until it has been quiet for 0.2 s; the
grader's client instead waits for the ``idle`` status of its own ``kernel_info`` request, the last
message the kernel publishes for it. What could go wrong: a client that called itself ready before
its IOPub socket had joined would lose the first cell's output (a right notebook graded as an error),
so a real kept kernel gets a new client again and again, each printing at once; and a request whose
status was published before the channel joined must be sent again, not waited on forever.
"""
import asyncio
import itertools
from queue import Empty

import nbformat
import pytest

from autograder.grade import execute


async def outputs(kc, code):
    """What executing ``code`` printed, read from IOPub up to the request's idle status."""
    msg_id = kc.execute(code)
    printed = []
    while True:
        msg = await kc.iopub_channel.get_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(printed)


def test_every_new_client_of_a_kept_kernel_gets_the_first_output_of_its_first_cell():
    grader = execute.CourseExecute()
    grader.nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    km = grader.create_kernel_manager()
    assert isinstance(km.client(), execute.ReadyClient)

    async def rounds():
        await km.start_kernel()
        try:
            for round_ in range(12):
                kc = km.client()
                kc.start_channels()
                try:
                    await kc.wait_for_ready(timeout=60)
                    assert kc.shell_channel.is_alive() and kc.iopub_channel.is_alive()
                    assert await outputs(kc, f"print('round', {round_})") == f"round {round_}\n"
                finally:
                    kc.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)

    asyncio.run(rounds())


class FakeChannel:
    """A channel whose messages are handed out in order; Empty when there are none left."""

    def __init__(self):
        self.messages = []

    async def get_msg(self, timeout=None):
        if not self.messages:
            await asyncio.sleep(min(timeout or 0, 0.01))
            raise Empty
        return self.messages.pop(0)


def message(msg_type, parent, **content):
    return {"msg_type": msg_type, "parent_header": {"msg_id": parent}, "content": content,
            "header": {"msg_type": msg_type}, "metadata": {}}


class Scripted(execute.ReadyClient):
    """A client whose kernel answers each kernel_info request as ``rounds`` says: whether the reply
    comes, and whether its idle status does (a status published before IOPub joined is lost)."""

    def __init__(self, rounds, alive=True):
        super().__init__()
        self._shell_channel, self._iopub_channel = FakeChannel(), FakeChannel()
        self.rounds, self.alive, self.sent = iter(rounds), alive, []
        self.ids = (f"request-{n}" for n in itertools.count())

    def kernel_info(self):
        msg_id = next(self.ids)
        self.sent.append(msg_id)
        reply, idle = next(self.rounds, (False, False))
        self._iopub_channel.messages += [message("status", "someone else's", execution_state="idle")]
        if reply:
            self._shell_channel.messages.append(message("kernel_info_reply", msg_id, protocol_version="5.3"))
        if idle:
            self._iopub_channel.messages += [message("status", msg_id, execution_state="busy"),
                                             message("status", msg_id, execution_state="idle")]
        return msg_id

    async def _async_is_alive(self):
        return self.alive


def test_a_client_is_ready_at_its_requests_idle_status_and_asks_again_when_it_was_lost():
    at_once = Scripted([(True, True)])
    asyncio.run(at_once.wait_for_ready(timeout=5))
    assert at_once.sent == ["request-0"]

    lost = Scripted([(True, False), (True, False), (True, True)])
    asyncio.run(lost.wait_for_ready(timeout=5))
    assert lost.sent == ["request-0", "request-1", "request-2"]


def test_a_dead_or_silent_kernel_is_an_error_not_a_wait_forever():
    with pytest.raises(RuntimeError, match="died before replying"):
        asyncio.run(Scripted([(False, False)], alive=False).wait_for_ready(timeout=5))
    with pytest.raises(RuntimeError, match="didn't respond in 0.5 seconds"):
        asyncio.run(Scripted([], alive=True).wait_for_ready(timeout=0.5))
