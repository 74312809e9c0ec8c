"""The national dispatcher's side of the protocol."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from .views import Candidates, Job, Partition


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
    #: The job fields the agent reads (snake_case names of Job; ``id`` is always sent), or None
    #: for all of them. The others read None.
    job_fields: Optional[Sequence[str]] = None
    count_own_decisions = True

    def __init__(self) -> None:
        self.partitions: Dict[int, Partition] = {}

    def choose(self, job: Job, candidates: Candidates, now_s: float) -> int:
        """Returns the position in ``candidates`` of the chosen partition."""
        raise NotImplementedError

    # The protocol loop calls this; override only to decide the jobs of an instant jointly.
    def decide_instant(self, jobs: List[Job], candidates: List[Candidates], now_s: float) -> List[int]:
        if len(jobs) == 1:
            return [self.choose(jobs[0], candidates[0], now_s)]
        choices = []
        for k, (job, cands) in enumerate(zip(jobs, candidates)):
            choice = self.choose(job, cands, now_s)
            choices.append(choice)
            if self.count_own_decisions and k + 1 < len(jobs):
                self._sent(cands, choice, candidates[k + 1 :], now_s)
        return choices

    def _sent(self, chosen: Candidates, position: int, later: List[Candidates], now_s: float) -> None:
        count_sent(self.partitions, chosen, position, later, now_s)

    def on_message(self, message: Dict[str, Any]) -> str:
        partitions = self.partitions
        for p in message.get("partitions", ()):
            part = Partition.from_message(p)
            partitions[part.index] = part
        sent = message["jobs"]
        jobs = [Job.from_message(j) for j in sent]
        candidates = [Candidates(j["candidates"], partitions) for j in sent]
        choices = self.decide_instant(jobs, candidates, message["t"])
        # The reply line as text: json.dumps of this dict cost more than the decision.
        return '{"seq":%d,"choices":[%s]}\n' % (message["seq"], ",".join([str(int(c)) for c in choices]))


def count_sent(partitions: Dict[int, Partition], chosen: Candidates, position: int, later: List[Candidates], now_s: float) -> None:
    """Counts the job sent to ``chosen[position]`` in the candidates of the later jobs of the instant."""
    sent = chosen.columns
    index = sent["index"][position]
    partition = partitions[index]
    # A full queue refuses the job (cnsim retries or rejects it): nothing was sent there.
    if sent["queuedJobs"][position] >= partition.max_queued_jobs:
        return
    nodes = sent["nodesNeeded"][position]
    full = "walltimeS" in sent and "queuedNodeSeconds" in sent
    node_seconds = nodes * sent["walltimeS"][position] if full else 0.0
    waits = full and all(k in sent for k in ("expectedWaitS", "freeNodes", "runningNodeSeconds", "viewTakenS"))
    for cands in later:
        c = cands.columns
        try:
            i = c["index"].index(index)
        except ValueError:
            continue
        c["queuedJobs"][i] += 1
        c["queuedNodes"][i] += nodes
        if not full:
            continue
        c["queuedNodeSeconds"][i] += node_seconds
        if not waits:
            continue
        if c["freeNodes"][i] - c["queuedNodes"][i] >= c["nodesNeeded"][i]:
            c["expectedWaitS"][i] = 0.0
        else:
            c["expectedWaitS"][i] = max(0.0, (c["runningNodeSeconds"][i] + c["queuedNodeSeconds"][i]) / partition.total_nodes - (now_s - c["viewTakenS"][i]))
