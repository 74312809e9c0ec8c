"""Typed views of cnsim's messages (protocol version 1): what a built-in policy sees."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union, overload


def _num(value: Any, none: float) -> float:
    """JSON has no Infinity or NaN: cnsim writes null for both (no limit, not computed)."""
    return none if value is None else value


@dataclass
class Partition:
    """A partition's fixed fields (sent once, the first time it is a candidate)."""

    index: int
    centre: int
    partition: int
    centre_id: str
    partition_id: str
    site_id: str
    gpu_model: str
    cpu_model: str
    total_nodes: int
    max_queued_jobs: float  # math.inf: no limit

    @staticmethod
    def from_message(m: Dict[str, Any]) -> "Partition":
        return Partition(
            index=m["index"],
            centre=m["centre"],
            partition=m["partition"],
            centre_id=m["centreId"],
            partition_id=m["partitionId"],
            site_id=m["siteId"],
            gpu_model=m["gpuModel"],
            cpu_model=m["cpuModel"],
            total_nodes=m["totalNodes"],
            max_queued_jobs=_num(m["maxQueuedJobs"], math.inf),
        )


_JOB_KEYS = frozenset(("id", "submitS", "origin", "class", "cores", "gpus", "walltimeS", "inputBytes", "outputBytes", "dataSite", "candidates"))


@dataclass
class Job:
    """The job as the hub sees it: never its actual runtime."""

    id: str
    submit_s: float
    origin: str
    job_class: str
    cores: int
    gpus: int
    walltime_s: float
    input_bytes: float
    output_bytes: float
    data_site: str
    extra: Dict[str, Any] = field(default_factory=dict)

    #: snake_case attribute -> the message's key, for the fields an agent can ask for (``job_fields``).
    FIELDS = {
        "submit_s": "submitS",
        "origin": "origin",
        "job_class": "class",
        "cores": "cores",
        "gpus": "gpus",
        "walltime_s": "walltimeS",
        "input_bytes": "inputBytes",
        "output_bytes": "outputBytes",
        "data_site": "dataSite",
        "dataset": "dataset",
        "deadline_s": "deadlineS",
        "slack_s": "slackS",
        "max_latency_s": "maxLatencyS",
        "gpu_models": "gpuModels",
        "min_memory_per_node_bytes": "minMemoryPerNodeBytes",
        "software": "software",
    }

    @staticmethod
    def from_message(m: Dict[str, Any]) -> "Job":
        """The job of a message; a field the agent did not ask for (``job_fields``) reads None."""
        known = _JOB_KEYS
        get = m.get
        return Job(
            id=m["id"],
            submit_s=get("submitS"),
            origin=get("origin"),
            job_class=get("class"),
            cores=get("cores"),
            gpus=get("gpus"),
            walltime_s=get("walltimeS"),
            input_bytes=get("inputBytes"),
            output_bytes=get("outputBytes"),
            data_site=get("dataSite"),
            extra={k: v for k, v in m.items() if k not in known},
        )


class Candidate:
    """One partition the job may run on, as the dispatcher's view shows it (CandidateView in cnsim).

    Field names are cnsim's, in snake_case: ``nodes_needed``, ``free_nodes``, ``queued_nodes``,
    ``expected_wait_s``, ``stage_in_s``, ... plus the partition's fixed fields (``partition``).
    A candidate reads its fields from the message's columns when asked (building every field of
    every candidate cost more than a decision), so it is valid while its message is decided.
    """

    __slots__ = ("_columns", "_i", "partition")

    COLUMNS = (
        ("index", "index"),
        ("nodesNeeded", "nodes_needed"),
        ("speed", "speed"),
        ("walltimeS", "walltime_s"),
        ("freeNodes", "free_nodes"),
        ("runningNodes", "running_nodes"),
        ("runningNodeSeconds", "running_node_seconds"),
        ("queuedJobs", "queued_jobs"),
        ("queuedNodes", "queued_nodes"),
        ("queuedNodeSeconds", "queued_node_seconds"),
        ("expectedWaitS", "expected_wait_s"),
        ("stageInS", "stage_in_s"),
        ("bytesToMove", "bytes_to_move"),
        ("originLatencyS", "origin_latency_s"),
        ("powerW", "power_w"),
        ("energyKWh", "energy_kwh"),
        ("costCny", "cost_cny"),
        ("co2Kg", "co2_kg"),
        ("viewTakenS", "view_taken_s"),
    )

    def __init__(self, columns: Dict[str, List[Any]], i: int, partition: "Partition") -> None:
        self._columns = columns
        self._i = i
        self.partition = partition

    @property
    def queue_snapshot(self) -> Optional[Dict[str, Any]]:
        snapshots = self._columns.get("queueSnapshot")
        return None if snapshots is None else snapshots[self._i]

    @property
    def total_nodes(self) -> int:
        return self.partition.total_nodes

    @property
    def centre_id(self) -> str:
        return self.partition.centre_id

    def load_with(self) -> float:
        """(running + queued + this job's nodes) / total nodes: what least-loaded minimises."""
        c = self._columns
        i = self._i
        try:
            return (c["runningNodes"][i] + c["queuedNodes"][i] + c["nodesNeeded"][i]) / self.partition.total_nodes
        except KeyError:
            raise AttributeError("load_with() reads running_nodes, queued_nodes and nodes_needed: add them to the agent's `fields`") from None

    def expected_completion_s(self) -> float:
        """Stage-in + expected wait + walltime there, relative to now."""
        return self.stage_in_s + self.expected_wait_s + self.walltime_s

    @staticmethod
    def from_columns(columns: Dict[str, List[Any]], partitions: Dict[int, Partition]) -> "Candidates":
        return Candidates(columns, partitions)


#: snake_case name -> cnsim's column key.
_CAMEL = {attr: key for key, attr in Candidate.COLUMNS}


class Candidates(Sequence[Candidate]):
    """The candidates of one job: a sequence of :class:`Candidate` (each made when read) over the
    message's columns, which :meth:`column` hands out whole.

    A policy that reads a few fields of every candidate runs several times faster on the columns
    (one list per field, C-speed builtins over them) than through a Candidate per partition:
    see ``examples/least_loaded.py``. Valid while its message is decided.
    """

    __slots__ = ("columns", "_partitions")

    def __init__(self, columns: Dict[str, List[Any]], partitions: Dict[int, Partition]) -> None:
        # null (no value: an energy figure not computed) reads as NaN.
        for key in ("energyKWh", "costCny", "co2Kg"):
            values = columns.get(key)
            if values and values[0] is None:
                columns[key] = [math.nan if v is None else v for v in values]
        #: cnsim's columns as sent (camelCase keys; see Candidate.COLUMNS).
        self.columns = columns
        self._partitions = partitions

    def __len__(self) -> int:
        return len(self.columns["index"])

    @overload
    def __getitem__(self, i: int) -> Candidate: ...

    @overload
    def __getitem__(self, i: slice) -> List[Candidate]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Candidate, List[Candidate]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        index = self.columns["index"]
        if i < 0:
            i += len(index)
        return Candidate(self.columns, i, self._partitions[index[i]])

    def __iter__(self) -> Iterator[Candidate]:
        columns = self.columns
        partitions = self._partitions
        return (Candidate(columns, i, partitions[p]) for i, p in enumerate(columns["index"]))

    def column(self, name: str) -> List[Any]:
        """One field of every candidate, in candidate order (a snake_case name of Candidate); the
        message's own list: changing it changes what the candidates read."""
        try:
            return self.columns[_CAMEL[name]]
        except KeyError:
            if name not in _CAMEL:
                raise AttributeError(f"no candidate field {name!r} (known: {', '.join(sorted(_CAMEL))})") from None
            raise AttributeError(f"candidate field {name!r} was not sent: add it to the agent's `fields` (or leave `fields` unset for all)") from None

    def partitions(self) -> List[Partition]:
        """Each candidate's fixed fields (its partition), in candidate order."""
        partitions = self._partitions
        return [partitions[p] for p in self.columns["index"]]

    def loads_with(self) -> List[float]:
        """:meth:`Candidate.load_with` of every candidate: (running + queued + this job's nodes) / total nodes."""
        partitions = self._partitions
        try:
            c = self.columns
            return [(r + q + n) / partitions[p].total_nodes for p, r, q, n in zip(c["index"], c["runningNodes"], c["queuedNodes"], c["nodesNeeded"])]
        except KeyError:
            raise AttributeError("loads_with() reads running_nodes, queued_nodes and nodes_needed: add them to the agent's `fields`") from None


def _column(key: str) -> property:
    def get(self: Candidate) -> Any:
        try:
            return self._columns[key][self._i]
        except KeyError:
            raise AttributeError(f"candidate field {key!r} was not sent: add it to the agent's `fields` (or leave `fields` unset for all)") from None

    def put(self: Candidate, value: Any) -> None:
        self._columns[key][self._i] = value

    return property(get, put, doc=f"cnsim's CandidateView.{key}")


for _key, _attr in Candidate.COLUMNS:
    setattr(Candidate, _attr, _column(_key))


@dataclass
class JobView:
    """A waiting or running job as a queue policy sees it."""

    index: int
    nodes: int
    walltime_s: float
    queued_s: float = math.nan
    start_s: float = math.nan


@dataclass
class PartitionView:
    """A partition at a scheduling instant: queue in arrival order, running jobs by estimated end."""

    index: int
    total_nodes: int
    free_nodes: int
    queue: List[JobView]
    running: List[JobView]

    @staticmethod
    def from_message(m: Dict[str, Any]) -> "PartitionView":
        q = m["queue"]
        r = m["running"]
        return PartitionView(
            index=m["index"],
            total_nodes=m["totalNodes"],
            free_nodes=m["freeNodes"],
            queue=[JobView(i, n, w, queued_s=s) for i, n, w, s in zip(q["index"], q["nodes"], q["walltimeS"], q["queuedS"])],
            running=[JobView(i, n, w, start_s=s) for i, n, w, s in zip(r["index"], r["nodes"], r["walltimeS"], r["startS"])],
        )


__all__ = ["Partition", "Job", "Candidate", "Candidates", "JobView", "PartitionView", "Optional"]
