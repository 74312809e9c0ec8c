"""least-loaded in Python: byte-identical results to cnsim's built-in ``least-loaded``.

    cnsim run national-2025 --dispatch "external:python3 -m cnsim_agent.examples.least_loaded"

(run from the repository's ``python/`` folder, or with it on PYTHONPATH).
"""

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a file (python3 python/cnsim_agent/examples/x.py): make the package importable.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cnsim_agent import DispatchAgent, serve


class LeastLoaded(DispatchAgent):
    """The partition with the smallest (running + queued + this job's nodes) / total nodes; ties to the first."""

    # Only what load_with() reads: smaller messages.
    fields = ("running_nodes", "queued_nodes", "nodes_needed")
    # Nothing of the job but its id.
    job_fields = ()

    def choose(self, job, candidates, now_s):
        # On the columns, not candidate by candidate: the same arithmetic, several times faster
        # (the per-candidate form reads `min(range(len(candidates)), key=lambda i: candidates[i].load_with())`).
        loads = candidates.loads_with()
        # The first of the least loaded, as the built-in breaks ties.
        return loads.index(min(loads))


if __name__ == "__main__":
    serve(dispatch=LeastLoaded(), name="least-loaded (Python)")
