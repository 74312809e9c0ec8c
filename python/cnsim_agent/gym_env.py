"""A Gymnasium-style environment for reinforcement-learning dispatchers (standard library only).

    from cnsim_agent.gym_env import DispatchEnv

    env = DispatchEnv("national-2025", args=["--until", "1d"])
    obs, info = env.reset()
    done = False
    while not done:
        action = min(range(len(obs["candidates"])), key=lambda i: obs["candidates"][i].load_with())
        obs, reward, done, truncated, info = env.step(action)
    env.close()

One step is one dispatch decision: the observation is the job and its candidates, the action the
position of the chosen candidate. ``reset`` starts ``cnsim run <scenario> --dispatch
external:...`` with a small bridge process (cnsim_agent.bridge) and two FIFOs, so the Python
program holds the loop. With ``gymnasium`` installed, ``GymDispatchEnv`` is a ``gymnasium.Env``
registered as ``cnsim/Dispatch-v0``; without it, ``DispatchEnv`` has the same methods.

Observation (a dict): ``job`` (a :class:`~cnsim_agent.views.Job`), ``candidates`` (a list of
:class:`~cnsim_agent.views.Candidate`, each with the fields of cnsim's CandidateView), ``now_s``.
Within one instant, later jobs see the earlier decisions counted (as cnsim's built-in view does).

Reward: ``-(expected_wait_s + stage_in_s) / 3600`` of the chosen candidate, the hours before the
job could start there as the hub estimates them at decision time (a proxy known at once; the
run's true waits are in the results folder, ``info["results"]`` once the episode ends).
An invalid action (not an integer position in the candidate list) raises ValueError.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .dispatch import DispatchAgent, count_sent
from .protocol import PROTOCOL_VERSION
from .views import Candidates, Job, Partition

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def _cnsim_command() -> List[str]:
    """cnsim to start: $CNSIM (a command line), else this repository's dist/cli/main.js, else `cnsim` on PATH."""
    if os.environ.get("CNSIM"):
        return os.environ["CNSIM"].split()
    repo_cli = PACKAGE_ROOT.parent / "dist" / "cli" / "main.js"
    if repo_cli.exists():
        return ["node", str(repo_cli)]
    return ["cnsim"]


class DispatchEnv:
    """See the module's documentation."""

    metadata: Dict[str, Any] = {"render_modes": []}

    def __init__(self, scenario: str = "national-2025", args: Sequence[str] = (), out: Optional[str] = None) -> None:
        self.scenario = scenario
        self.args = list(args)
        self.out = out
        self._proc: Optional[subprocess.Popen] = None
        self._dir: Optional[str] = None
        self._from_cnsim = None
        self._to_cnsim = None
        self.partitions: Dict[int, Partition] = {}
        self._message: Optional[Dict[str, Any]] = None
        self._jobs: List[Job] = []
        self._candidates: List[Candidates] = []
        self._choices: List[int] = []

    # -- the episode ---------------------------------------------------------------------
    def reset(self, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        self.close()
        self._dir = tempfile.mkdtemp(prefix="cnsim-env-")
        to_env = os.path.join(self._dir, "to_env")
        to_cnsim = os.path.join(self._dir, "to_cnsim")
        os.mkfifo(to_env)
        os.mkfifo(to_cnsim)
        out = self.out or os.path.join(self._dir, "results")
        bridge = f"{sys.executable} -m cnsim_agent.bridge {to_env} {to_cnsim}"
        command = [*_cnsim_command(), "run", self.scenario, "--dispatch", f"external:{bridge}", "--no-report", "--quiet", "--out", out, *self.args]
        if seed is not None:
            command += ["--seed", str(seed)]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        self._results = out
        self._proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # A program that dies mid-episode (an exception in the agent) takes its run with it; the
        # bridge then reads the end of its FIFO and exits too.
        atexit.register(self.close)
        self._from_cnsim = open(to_env, "r", encoding="utf8")
        self._to_cnsim = open(to_cnsim, "w", encoding="utf8")
        hello = self._read()
        if hello is None or hello.get("type") != "hello" or hello.get("protocol") != PROTOCOL_VERSION:
            raise RuntimeError(f"cnsim did not start as expected: {hello!r} {self._stderr()}")
        self._write({"protocol": PROTOCOL_VERSION, "name": "gym"})
        if not self._next_message():
            raise RuntimeError("the run ended before its first dispatch decision")
        return self._observation(), {}

    def step(self, action: int) -> Tuple[Optional[Dict[str, Any]], float, bool, bool, Dict[str, Any]]:
        k = len(self._choices)
        candidates = self._candidates[k]
        if not isinstance(action, int) or isinstance(action, bool) or not 0 <= action < len(candidates):
            raise ValueError(f"action {action!r}: expected an integer position in [0, {len(candidates) - 1}]")
        chosen = candidates[action]
        reward = -(chosen.expected_wait_s + chosen.stage_in_s) / 3600.0
        self._choices.append(action)
        if k + 1 < len(self._jobs):
            count_sent(self.partitions, candidates, action, self._candidates[k + 1 :], self._message["t"])
            return self._observation(), reward, False, False, {}
        self._write({"seq": self._message["seq"], "choices": self._choices})
        if self._next_message():
            return self._observation(), reward, False, False, {}
        code = self._proc.wait(timeout=600)
        info = {"results": self._results, "exit_code": code}
        if code != 0:
            info["stderr"] = self._stderr()
        return None, reward, True, False, info

    def close(self) -> None:
        for f in (self._to_cnsim, self._from_cnsim):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
        self._to_cnsim = self._from_cnsim = None
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None
        if self._dir is not None and self.out is None:
            # The results of the last episode stay until the next reset or close.
            shutil.rmtree(self._dir, ignore_errors=True)
        self._dir = None

    # -- plumbing ------------------------------------------------------------------------
    def _observation(self) -> Dict[str, Any]:
        k = len(self._choices)
        return {"job": self._jobs[k], "candidates": self._candidates[k], "now_s": self._message["t"]}

    def _next_message(self) -> bool:
        message = self._read()
        if message is None or message.get("type") == "end":
            return False
        if message.get("type") != "dispatch":
            raise RuntimeError(f"unexpected message from cnsim: {message.get('type')!r}")
        for p in message.get("partitions", ()):
            part = Partition.from_message(p)
            self.partitions[part.index] = part
        self._message = message
        self._jobs = [Job.from_message(j) for j in message["jobs"]]
        self._candidates = [Candidates(j["candidates"], self.partitions) for j in message["jobs"]]
        self._choices = []
        return True

    def _read(self) -> Optional[Dict[str, Any]]:
        line = self._from_cnsim.readline()
        return json.loads(line) if line else None

    def _write(self, reply: Dict[str, Any]) -> None:
        self._to_cnsim.write(json.dumps(reply, separators=(",", ":")) + "\n")
        self._to_cnsim.flush()

    def _stderr(self) -> str:
        if self._proc is None or self._proc.stderr is None or self._proc.poll() is None:
            return ""
        return self._proc.stderr.read()[-2000:]


try:  # Registered with Gymnasium when it is installed; nothing else needs it.
    import gymnasium
    from gymnasium import spaces

    class GymDispatchEnv(gymnasium.Env, DispatchEnv):
        """DispatchEnv as a gymnasium.Env (observation: the dict above; action: Discrete(partitions))."""

        def __init__(self, scenario: str = "national-2025", args: Sequence[str] = (), out: Optional[str] = None) -> None:
            DispatchEnv.__init__(self, scenario, args, out)
            self.action_space = spaces.Discrete(1)

        def reset(self, seed=None, options=None):  # type: ignore[override]
            obs, info = DispatchEnv.reset(self, seed, options)
            self.action_space = spaces.Discrete(max(1, len(self.partitions)))
            return obs, info

    gymnasium.register(id="cnsim/Dispatch-v0", entry_point="cnsim_agent.gym_env:GymDispatchEnv")
except ImportError:
    pass
