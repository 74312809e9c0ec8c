"""The national dispatcher's side of the protocol."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from .views import Candidate, Job, Partition


class DispatchAgent:
    """A dispatch policy: override :meth:`choose`.

    cnsim sends every job ready at an instant in one message, each with its candidates as the
    view showed them *before* any of those jobs was sent (as a Batsim scheduler, the agent keeps
    account of its own decisions). :meth:`decide_instant` does that accounting the way cnsim's
    default view does (``dispatch.countOwnDecisions: true``, the default): once a job is sent to
    a partition, the later jobs of the instant see one more queued job there, its nodes and its
    node-seconds, and their expected wait recomputed. Set ``count_own_decisions = False`` to
    match a scenario with ``countOwnDecisions: false`` and an information period.
    """

    #: What the agent asks cnsim to compute: "energy" (energy_kwh, cost_cny, co2_kg) and/or
    #: "queueSnapshots" (each candidate's queue_snapshot). Both cost time; off by default.
    needs: Sequence[str] = ()
    #: The candidate fields the agent reads (snake_case names of Candidate), or None for all of
    #: them. Fewer fields, smaller messages: least-loaded reads three and runs about twice as fast.
    #: The fields the account of the agent's own decisions updates are added when present.
    fields: Optional[Sequence[str]] = None
    count_own_decisions = True

    def __init__(self) -> None:
        self.partitions: Dict[int, Partition] = {}

    def choose(self, job: Job, candidates: List[Candidate], now_s: float) -> int:
        """Returns the position in ``candidates`` of the chosen partition."""
        raise NotImplementedError

    # The protocol loop calls this; override only to decide the jobs of an instant jointly.
    def decide_instant(self, jobs: List[Job], candidates: List[List[Candidate]], now_s: float) -> List[int]:
        choices = []
        for k, (job, cands) in enumerate(zip(jobs, candidates)):
            choice = self.choose(job, cands, now_s)
            choices.append(choice)
            if self.count_own_decisions and k + 1 < len(jobs):
                self._sent(cands[choice], candidates[k + 1 :], now_s)
        return choices

    @staticmethod
    def _sent(chosen: Candidate, later: List[List[Candidate]], now_s: float) -> None:
        # A full queue refuses the job (cnsim retries or rejects it): nothing was sent there.
        if chosen.queued_jobs >= chosen.partition.max_queued_jobs:
            return
        nodes = chosen.nodes_needed
        sent = chosen._columns
        full = "walltimeS" in sent and "queuedNodeSeconds" in sent
        node_seconds = nodes * chosen.walltime_s if full else 0.0
        waits = full and all(k in sent for k in ("expectedWaitS", "freeNodes", "runningNodeSeconds", "viewTakenS"))
        for cands in later:
            for c in cands:
                if c.index != chosen.index:
                    continue
                c.queued_jobs += 1
                c.queued_nodes += nodes
                if not full:
                    continue
                c.queued_node_seconds += node_seconds
                if not waits:
                    continue
                if c.free_nodes - c.queued_nodes >= c.nodes_needed:
                    c.expected_wait_s = 0.0
                else:
                    c.expected_wait_s = max(0.0, (c.running_node_seconds + c.queued_node_seconds) / c.partition.total_nodes - (now_s - c.view_taken_s))

    def on_message(self, message: Dict[str, Any]) -> Dict[str, Any]:
        for p in message.get("partitions", ()):
            part = Partition.from_message(p)
            self.partitions[part.index] = part
        jobs = [Job.from_message(j) for j in message["jobs"]]
        candidates = [Candidate.from_columns(j["candidates"], self.partitions) for j in message["jobs"]]
        choices = self.decide_instant(jobs, candidates, message["t"])
        return {"seq": message["seq"], "choices": [int(c) for c in choices]}
