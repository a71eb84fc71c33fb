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
which filled every cron log). Windows has no IPC transport in ZeroMQ: TCP there.
"""

from __future__ import annotations

import os
from types import TracebackType

from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

ENGINE = "vigie-shared"
#: Run before each notebook: its namespace starts empty and its cells are numbered from 1.
RESET = "get_ipython().run_line_magic('reset', '-f'); get_ipython().execution_count = 1"


def kernel_config():
    """The kernel manager's configuration: IPC transport on POSIX systems (see the module's docstring)."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc"}}) if os.name == "posix" else Config()


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

    def execute(self, source: str, output: str, parameters: dict, cwd: str) -> None:
        """Run one notebook with papermill in the shared kernel; a failure retires the kernel."""
        import papermill as pm
        from jupyter_client.manager import AsyncKernelManager

        if self.km is None:
            self.km = AsyncKernelManager(kernel_name=self.kernel_name, config=kernel_config())
        try:
            pm.execute_notebook(source, output, parameters=parameters, kernel_name=self.kernel_name,
                                engine_name=ENGINE, km=self.km, progress_bar=False, cwd=cwd, log_output=False)
        except BaseException:
            self.close()  # whatever state the failure left, the next notebook gets a fresh kernel
            raise

    def close(self) -> None:
        """Shut the kernel down (if one was started)."""
        km, self.km = self.km, None
        if km is not None and km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)  # also from a researcher's kernel, whose event loop runs

    def __enter__(self) -> SharedKernel:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
