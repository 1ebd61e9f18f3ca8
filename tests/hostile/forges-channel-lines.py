# ---
# id: forges-channel-lines
# title: Writes lines of the wrong shape into the harness's own channel, then observes
# source: issue 7 (hostile cases)
# claim: >
#   The channel (MPCONFORM_CHANNEL) is a file the case can write to. Events with
#   a known name but fields of the wrong type (a pid that is a string, an
#   observation whose value is a list, frames that are not objects) are skipped
#   as unreadable lines; the harness keeps running, the case's own observation
#   after them is kept and the cell is judged as usual.
# expect:
#   all:
#     outcome: ok
#     observations: {after: kept}
# limits:
#   timeout: 20
# tags: [hostile]
# ---
import json
import multiprocessing
import os

from mpconform_case import observe

FORGED = [
    {"event": "mark", "pid": "not a number", "name": 7},
    {"event": "observe", "key": "forged", "value": ["a", "list"], "pid": 1},
    {"event": "exception", "type": 3, "frames": [1, 2]},
    {"event": "at_fork_count", "pid": {}, "forks": "many"},
    {"event": "start", "python_version": 3.11, "resolved_method": ["fork"]},
]


def child():
    with open(os.environ["MPCONFORM_CHANNEL"], "a") as channel:
        for event in FORGED:
            channel.write(json.dumps(event) + "\n")


if __name__ == "__main__":
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    observe("after", "kept")
