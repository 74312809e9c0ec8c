"""The loop: read cnsim's JSON lines on stdin, answer each on stdout (protocol version 1)."""

from __future__ import annotations

import json
import os
import select
import sys
import time
from typing import IO, Any, Dict, Iterator, Optional, Union

from .views import Candidate, Job

PROTOCOL_VERSION = 1

#: How long a message is polled for before the process sleeps in select(), seconds: waking a
#: sleeping process costs more than most decisions (measured: 194 -> 115 us a round trip with
#: cnsim polling alone).
POLL_S = 0.0005


def _fd_lines(fd: int) -> Iterator[bytes]:
    """The lines of a pipe, read without sleeping for a moment first (see POLL_S)."""
    os.set_blocking(fd, False)
    buffered = b""
    while True:
        nl = buffered.find(b"\n")
        if nl >= 0:
            line, buffered = buffered[:nl], buffered[nl + 1 :]
            yield line
            continue
        until = time.perf_counter() + POLL_S
        while True:
            try:
                chunk = os.read(fd, 1 << 16)
                break
            except BlockingIOError:
                if time.perf_counter() > until:
                    select.select([fd], [], [])
                    until = time.perf_counter() + POLL_S
        if not chunk:
            return
        buffered += chunk


class ProtocolError(Exception):
    """cnsim sent something this package does not understand (another protocol version)."""


def serve(dispatch: Optional[Any] = None, queue: Optional[Any] = None, name: str = "", stdin: Optional[IO[str]] = None, stdout: Optional[IO[str]] = None) -> None:
    """Answers cnsim until it says the run is over (or closes stdin).

    ``dispatch``: a :class:`DispatchAgent` (for ``--dispatch external:...``); ``queue``: a
    :class:`QueueAgent` (for ``queue.policy: external:...``). One process may serve both roles
    when cnsim starts it for one of them only: the hello says which.
    Anything written to stdout that is not a reply breaks the protocol: log to stderr.
    """
    write = stdout if stdout is not None else sys.stdout
    out_fd: Optional[int] = None
    if stdout is None:
        sys.stdout.flush()
        out_fd = sys.stdout.fileno()
    lines: Iterator[Union[str, bytes]] = iter(stdin) if stdin is not None else _fd_lines(sys.stdin.fileno())
    for line in lines:
        if not line.strip():
            continue
        message: Dict[str, Any] = json.loads(line)
        kind = message.get("type")
        if kind == "hello":
            if message.get("protocol") != PROTOCOL_VERSION:
                raise ProtocolError(f"cnsim speaks protocol {message.get('protocol')}, this package {PROTOCOL_VERSION}")
            role = message.get("role")
            agent = dispatch if role == "dispatch" else queue
            if agent is None:
                raise ProtocolError(f"cnsim asks for a {role} policy; this program serves {'dispatch' if dispatch is not None else 'queue'}")
            reply: Dict[str, Any] = {"protocol": PROTOCOL_VERSION, "name": name or type(agent).__name__}
            needs = list(getattr(agent, "needs", ()))
            if needs:
                reply["needs"] = needs
            fields = getattr(agent, "fields", None)
            if fields is not None:
                camel = {attr: key for key, attr in Candidate.COLUMNS}
                unknown = [f for f in fields if f not in camel]
                if unknown:
                    raise ProtocolError(f"unknown candidate fields {unknown} (known: {sorted(camel)})")
                # What the account of the agent's own decisions within an instant reads.
                wanted = set(fields) | {"nodes_needed", "queued_jobs", "queued_nodes"}
                reply["fields"] = [camel[f] for f in camel if f in wanted]
            job_fields = getattr(agent, "job_fields", None)
            if job_fields is not None:
                unknown = [f for f in job_fields if f not in Job.FIELDS]
                if unknown:
                    raise ProtocolError(f"unknown job fields {unknown} (known: {sorted(Job.FIELDS)})")
                reply["jobFields"] = [Job.FIELDS[f] for f in job_fields]
        elif kind == "dispatch":
            reply = dispatch.on_message(message)  # type: ignore[union-attr]
        elif kind == "queue":
            reply = queue.on_message(message)  # type: ignore[union-attr]
        elif kind == "end":
            return
        else:
            raise ProtocolError(f"unknown message type {kind!r}")
        # A DispatchAgent's reply is already text (see DispatchAgent.on_message).
        text = reply if type(reply) is str else json.dumps(reply, separators=(",", ":")) + "\n"
        if out_fd is None:
            write.write(text)
            write.flush()
        else:
            # Straight to the pipe: sys.stdout's text layer and flush cost more than the write.
            data = text.encode()
            while data:
                data = data[os.write(out_fd, data) :]
