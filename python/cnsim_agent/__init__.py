"""cnsim_agent: write cnsim's schedulers in Python (standard library only).

cnsim starts your program with ``--dispatch external:<command>`` (the national dispatcher) or
``queue.policy: external:<command>`` (a centre's local scheduler) and talks to it over
stdin/stdout in JSON lines (docs/external-protocol.md). This package is that loop:

    from cnsim_agent import DispatchAgent, serve

    class LeastLoaded(DispatchAgent):
        def choose(self, job, candidates, now_s):
            return min(range(len(candidates)), key=lambda i: candidates[i].load_with())

    serve(dispatch=LeastLoaded())
"""

from .protocol import PROTOCOL_VERSION, ProtocolError, serve
from .views import Candidate, Candidates, Job, JobView, Partition, PartitionView
from .dispatch import DispatchAgent
from .queue import QueueAgent

__all__ = [
    "PROTOCOL_VERSION",
    "ProtocolError",
    "serve",
    "Candidate",
    "Candidates",
    "Job",
    "JobView",
    "Partition",
    "PartitionView",
    "DispatchAgent",
    "QueueAgent",
]
