"""One BLAS thread per process, for worker processes that share a machine's cores."""

from __future__ import annotations

import os

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """Keep this process's BLAS to one thread, so that workers, one per core, do not contend
    for the cores their neighbours use: the environment covers libraries loaded from now on,
    threadpoolctl those already loaded."""
    for name in BLAS_THREAD_VARIABLES:
        os.environ[name] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
