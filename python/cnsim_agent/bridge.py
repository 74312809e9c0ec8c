"""Relays cnsim's decision messages to a Python program that drives the run (the Gym environment).

cnsim starts ``python3 -m cnsim_agent.bridge TO_ENV TO_CNSIM`` as its decision process; the
bridge copies each line cnsim writes to the FIFO ``TO_ENV`` and each reply line from
``TO_CNSIM`` back to cnsim, so that the environment, not cnsim, holds the loop.
"""

import json
import sys


def main(to_env: str, to_cnsim: str) -> None:
    # Opened in the order the environment opens the other ends (see gym_env.DispatchEnv.reset).
    with open(to_env, "w", encoding="utf8") as out, open(to_cnsim, "r", encoding="utf8") as back:
        for line in sys.stdin:
            out.write(line)
            out.flush()
            if json.loads(line).get("type") == "end":
                return
            reply = back.readline()
            if not reply:
                print("cnsim_agent.bridge: the environment closed", file=sys.stderr)
                sys.exit(1)
            sys.stdout.write(reply)
            sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
