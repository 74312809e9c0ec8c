"""A centre's local scheduler's side of the protocol."""

from __future__ import annotations

from typing import Any, Dict, List

from .views import PartitionView


class QueueAgent:
    """A queue policy: override :meth:`decide`.

    cnsim sends every partition it asks at an instant in one message; each is decided on its
    own (the partitions of one policy share nothing), in the order sent.
    """

    def decide(self, view: PartitionView, now_s: float) -> List[int]:
        """Returns the ``index`` of each waiting job to start now, in start order."""
        raise NotImplementedError

    def on_message(self, message: Dict[str, Any]) -> Dict[str, Any]:
        now_s = message["t"]
        starts = [[int(i) for i in self.decide(PartitionView.from_message(p), now_s)] for p in message["partitions"]]
        return {"seq": message["seq"], "starts": starts}
