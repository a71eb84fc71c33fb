"""One Jupyter kernel for all the notebooks of a report, each starting from an empty namespace.

A report runs six notebooks. Started afresh for each, a kernel spends most of a small report's time
starting Python and importing pandas, seaborn and Vigie again (one kernel halves a 3,000-comment
report's time: ``benchmarks/bench_report.py``, figures in ``docs/performance.md``). :class:`SharedKernel` starts one kernel and
papermill runs every notebook in it through the ``vigie-shared`` engine, which clears the previous
notebook's variables and resets the cell counter first (``%reset -f``): a notebook sees only its own
names, as in a fresh kernel; what stays is what imports left in memory (modules, the loaded models).
A notebook that fails or kills its kernel gets the next one a fresh kernel.

Kernels talk to papermill over Unix sockets rather than localhost TCP: comments pass through the
kernel, and over TCP any local user could listen (ipykernel also warns about it once per notebook,
which filled every cron log). Windows has no IPC transport in ZeroMQ: TCP there. Each kernel's sockets
live in a directory of their own that only its user can open: jupyter_client's default names them
``kernel-ipc-N`` in the working directory, numbered by the first free name, so two reports run at
once (the French and English cron jobs, or a researcher beside the weekly run) could pick the same
names, and one kernel then received the other's messages ("Invalid Signature") until it timed out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from types import TracebackType

from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

ENGINE = "vigie-shared"
#: Run before each notebook: its namespace starts empty and its cells are numbered from 1.
RESET = "get_ipython().run_line_magic('reset', '-f'); get_ipython().execution_count = 1"


def kernel_config(socket_dir: str | None = None):
    """The kernel manager's configuration: IPC transport in ``socket_dir`` on POSIX systems (see the module's docstring)."""
    from traitlets.config import Config

    if os.name != "posix" or socket_dir is None:
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(socket_dir, "kernel")}})


class _FreshNamespaceClient(PapermillNotebookClient):
    """Papermill's client, emptying the shared kernel's namespace before the notebook's first cell."""

    def papermill_execute_cells(self) -> None:  # noqa: D102 - papermill's own
        self.wait_for_reply(self.kc.execute(RESET, silent=True, store_history=False))
        super().papermill_execute_cells()

    def execute(self, **kwargs):  # noqa: D102 - papermill's own
        try:
            return super().execute(**kwargs)
        finally:
            if self.kc is not None:  # the kernel outlives this notebook; its client's sockets do not
                self.kc.stop_channels()


class SharedKernelEngine(NBClientEngine):
    """Papermill's nbclient engine with :class:`_FreshNamespaceClient` (``km`` keeps the kernel running)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,  # noqa: D102
                                 stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                             kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file,
                             stderr_file=stderr_file)
        return _FreshNamespaceClient(nb_man, **final).execute()


papermill_engines.register(ENGINE, SharedKernelEngine)


class SharedKernel:
    """A kernel manager kept across notebooks: ``with SharedKernel("python3") as kernel: kernel.execute(...)``.

    The kernel starts with the first notebook, in papermill's working directory for it.
    """

    def __init__(self, kernel_name: str = "python3"):
        self.kernel_name = kernel_name
        self.km = None
        self.socket_dir: str | None = None

    def execute(self, source: str, output: str, parameters: dict, cwd: str) -> None:
        """Run one notebook with papermill in the shared kernel; a failure retires the kernel."""
        import papermill as pm
        from jupyter_client.manager import AsyncKernelManager

        if self.km is None:
            # mkdtemp makes it 0700; a short path, as Unix socket paths are limited to about 100 bytes
            self.socket_dir = tempfile.mkdtemp(prefix="vigie-kernel-") if os.name == "posix" else None
            self.km = AsyncKernelManager(kernel_name=self.kernel_name, config=kernel_config(self.socket_dir))
        try:
            pm.execute_notebook(source, output, parameters=parameters, kernel_name=self.kernel_name,
                                engine_name=ENGINE, km=self.km, progress_bar=False, cwd=cwd, log_output=False)
        except BaseException:
            self.close()  # whatever state the failure left, the next notebook gets a fresh kernel
            raise

    def close(self) -> None:
        """Shut the kernel down (if one was started) and remove its sockets."""
        km, self.km = self.km, None
        socket_dir, self.socket_dir = self.socket_dir, None
        try:
            if km is not None and km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)  # also from a researcher's kernel, whose event loop runs
        finally:
            if socket_dir is not None:
                shutil.rmtree(socket_dir, ignore_errors=True)

    def __enter__(self) -> SharedKernel:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
