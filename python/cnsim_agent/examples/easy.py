"""EASY backfilling in Python: the same starts as cnsim's built-in ``easy`` (backfillOrder fcfs).

    cnsim replay trace.swf --policy "external:python3 -m cnsim_agent.examples.easy"

One pass: start queue heads while they fit. If two or more jobs remain, the head gets a
reservation at its shadow time (running jobs and the heads just started, by estimated end:
the first end at which enough nodes are free, counting every job ending at that same time);
extra = nodes free then - the head's nodes. A later job backfills iff it fits now and
(now + walltime <= shadow, or its nodes <= extra); one running past the shadow uses up extra.
"""

import math
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a file (python3 python/cnsim_agent/examples/x.py): make the package importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cnsim_agent import QueueAgent, serve


class Easy(QueueAgent):
    def decide(self, view, now_s):
        queue = view.queue
        free = view.free_nodes
        starts = []
        heads = []  # (estimated end, nodes) of the heads started in this pass
        h = 0
        while h < len(queue) and queue[h].nodes <= free:
            job = queue[h]
            free -= job.nodes
            starts.append(job.index)
            heads.append((now_s + job.walltime_s, job.nodes))
            h += 1
        if len(queue) - h < 2 or free <= 0:
            return starts
        head = queue[h]
        heads.sort(key=lambda e: e[0])  # stable, as cnsim's insertion sort
        running = view.running
        avail = free
        shadow = math.inf
        r = s = 0
        while True:
            re = running[r].start_s + running[r].walltime_s if r < len(running) else math.inf
            se = heads[s][0] if s < len(heads) else math.inf
            nxt = re if re <= se else se
            if avail >= head.nodes and nxt != shadow:
                break
            if nxt == math.inf:
                return starts
            if re <= se:
                avail += running[r].nodes
                r += 1
            else:
                avail += heads[s][1]
                s += 1
            shadow = nxt
        extra = avail - head.nodes
        for job in queue[h + 1 :]:
            if job.nodes > free:
                continue
            if now_s + job.walltime_s <= shadow:
                free -= job.nodes
                starts.append(job.index)
            elif job.nodes <= extra:
                free -= job.nodes
                extra -= job.nodes
                starts.append(job.index)
            else:
                continue
            if free <= 0:
                break
        return starts


if __name__ == "__main__":
    serve(queue=Easy(), name="easy (Python)")
