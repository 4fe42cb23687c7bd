"""Where a batch runs: a Dask ``LocalCluster`` on this machine, or a scheduler on the intranet.

:func:`open_client` starts a ``distributed.LocalCluster`` of worker processes
(one thread each, so one region per process at a time, each with its own
memory limit) or connects to a running scheduler (``tcp://HOST:PORT``, started
with ``dask scheduler`` and ``dask worker`` on a few machines, or by
dask-jobqueue on a Slurm cluster). Dask's nanny ends a worker whose memory
passes 95 % of its limit, so a region that needs more fails on its own while
the others go on; a worker is never paused (a paused worker that keeps its
memory after a large region would take no further region).

Dask is imported only here and in :mod:`servicecircle.batch.driver`, when a
batch starts, so the command line starts without it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from servicecircle.errors import InputDataError
from servicecircle.i18n.message import msg

if TYPE_CHECKING:
    from distributed import Client

#: The worker settings of a local cluster: no spilling (a task's result is small) and no pause.
WORKER_MEMORY = {
    "distributed.worker.memory.target": False,
    "distributed.worker.memory.spill": False,
    "distributed.worker.memory.pause": False,
    "distributed.worker.memory.terminate": 0.95,
    # a region whose worker died (memory) is tried once more, then reported
    "distributed.scheduler.allowed-failures": 1,
}

#: Seconds to wait for a remote scheduler and for its first worker.
CONNECT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class ClusterSettings:
    """Where and how wide a batch runs.

    Attributes
    ----------
    scheduler
        ``"local"`` for a ``LocalCluster`` on this machine, or the address of
        a running scheduler (``tcp://HOST:PORT``, ``tls://HOST:PORT``).
    workers
        Worker processes of a local cluster (one thread each).
    memory_mb
        Memory limit of each local worker in MB; ``None``: this machine's
        memory shared among the workers. A remote scheduler's workers keep
        their own limits (``dask worker --memory-limit``).
    dashboard
        Address of the local cluster's dashboard (``":8787"``; ``":0"`` any
        free port; ``None`` none).
    """

    scheduler: str = "local"
    workers: int = 2
    memory_mb: float | None = None
    dashboard: str | None = ":8787"

    @property
    def is_local(self) -> bool:
        """Whether the batch starts its own cluster on this machine."""
        return self.scheduler == "local"


@dataclass(frozen=True)
class ClusterFacts:
    """What a batch runs on, as stated in its summary.

    Attributes
    ----------
    scheduler
        ``"local"`` or the scheduler's address.
    workers
        Worker processes (threads per worker: one each on a local cluster).
    threads
        Threads of all workers together.
    memory_limit_mb
        The smallest worker memory limit in MB (``None``: a worker without one).
    dashboard
        The dashboard's address, or ``None`` when it is not served (no
        ``bokeh`` installed, or turned off).
    """

    scheduler: str
    workers: int
    threads: int
    memory_limit_mb: float | None
    dashboard: str | None


def check_scheduler(value: str) -> str:
    """``value`` when it is ``local`` or a scheduler address.

    >>> check_scheduler("tcp://10.0.0.5:8786"), check_scheduler("local")
    ('tcp://10.0.0.5:8786', 'local')

    Raises
    ------
    InputDataError
        For anything else, saying what is accepted.
    """
    text = value.strip()
    if text == "local" or (text.startswith(("tcp://", "tls://")) and len(text) > len("tcp://")):
        return text
    raise InputDataError(msg("msg.batch.bad_scheduler", value=value))


def machine_memory_mb() -> float:
    """The memory of the machine in MB (the container's limit where one is set)."""
    from distributed.system import MEMORY_LIMIT

    return float(MEMORY_LIMIT) / 2**20


def worker_memory_mb(settings: ClusterSettings) -> float:
    """The memory limit of each local worker (MB): as set, or the machine's shared evenly."""
    if settings.memory_mb is not None:
        return float(settings.memory_mb)
    return machine_memory_mb() / max(settings.workers, 1)


def dashboard_served() -> bool:
    """Whether Dask can serve its dashboard here (it needs ``bokeh``)."""
    return importlib.util.find_spec("bokeh") is not None


def cluster_facts(client: Client, scheduler: str) -> ClusterFacts:
    """The workers, threads, memory limit and dashboard of ``client``'s cluster."""
    info = client.scheduler_info(n_workers=-1)
    workers = list(info.get("workers", {}).values())
    limits = [float(w["memory_limit"]) / 2**20 for w in workers if w.get("memory_limit")]
    unlimited = any(not w.get("memory_limit") for w in workers)
    return ClusterFacts(
        scheduler=scheduler,
        workers=len(workers),
        threads=sum(int(w.get("nthreads", 1)) for w in workers),
        memory_limit_mb=None if unlimited or not limits else min(limits),
        dashboard=client.dashboard_link if dashboard_served() else None,
    )


@contextmanager
def open_client(settings: ClusterSettings) -> Iterator[tuple[Client, ClusterFacts]]:
    """A Dask client on a new local cluster or on the scheduler of ``settings``.

    The local cluster (and the client) is closed when the block ends.

    Raises
    ------
    InputDataError
        When the scheduler cannot be reached, or has no worker within
        :data:`CONNECT_TIMEOUT_S`.
    """
    import dask
    from distributed import Client, LocalCluster

    scheduler = check_scheduler(settings.scheduler)
    if settings.is_local:
        with (
            dask.config.set(WORKER_MEMORY),
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=settings.workers,
                threads_per_worker=1,
                processes=True,
                memory_limit=int(worker_memory_mb(settings) * 2**20),
                dashboard_address=settings.dashboard,
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client, cluster_facts(client, scheduler)
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as error:
        raise InputDataError(
            msg("msg.batch.scheduler_unreachable", address=scheduler, detail=str(error))
        ) from error
    with client:
        yield client, cluster_facts(client, scheduler)
