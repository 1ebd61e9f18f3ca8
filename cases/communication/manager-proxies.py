# ---
# id: manager-proxies
# title: A child changes a Manager dict and list; the parent sees the changes
# source: 002_235a08ad9f5203d3.txt (59.18 Managers); CPython docs, multiprocessing, Proxy Objects (mutable values in a proxied container)
# claim: >
#   A Manager keeps the real objects in its own server process and hands out
#   proxies; a child's method calls on a proxy change the one real object, so
#   the parent sees them. A plain list stored as a value inside the proxied dict
#   is a copy once fetched, though: appending to it changes nothing in the
#   manager unless it is assigned back.
# documented:
#   all: {outcome: ok, observations: {parent_sees_list: "['x']", parent_sees_dict: "{'child': 'was-here'}"}}
# expect:
#   all: {outcome: ok, observations: {parent_sees_list: "['x']", parent_sees_dict: "{'child': 'was-here'}", nested_append: lost, nested_reassign: kept}}
# limits:
#   timeout: 20
# tags: [communication, manager, proxies]
# notes: >
#   Measured standalone on all 11 interpreters (pyenv 3.6.15 to 3.13.0,
#   /usr/bin/python3 3.11.2, Debian sid 3.14.10 and 3.15.2;
#   PYTHONPATH=fixtures:fixtures/standalone, PYTHON* stripped, PYTHONHASHSEED=0,
#   stdout and stderr to a pipe), at least one run per method, and with
#   `mpconform run --python all` (every cell PASS). Every cell: the parent sees
#   the child's list append and dict item; appending to a list stored inside the
#   proxied dict is lost (the child appended to a fetched copy) while fetching,
#   appending and assigning back is kept. The book's claim holds everywhere; the
#   nested-value caveat (from the CPython docs on proxies) holds too. The
#   slowest case here: a Manager starts a server process, so spawn and
#   forkserver start two interpreters; 0.3 to 0.9 s by hand, a median of 1.9 s
#   per cell under the harness with the machine loaded by other runs.
# ---
import multiprocessing

from mpconform_case import observe


def worker(shared_list, shared_dict, nested):
    shared_list.append("x")
    shared_dict["child"] = "was-here"
    nested["appended"].append(1)  # fetches a copy of the list, appends to that
    inner = nested["reassigned"]
    inner.append(1)
    nested["reassigned"] = inner  # assigning it back is what reaches the manager


def main():
    with multiprocessing.Manager() as manager:
        shared_list = manager.list()
        shared_dict = manager.dict()
        nested = manager.dict({"appended": [], "reassigned": []})
        p = multiprocessing.Process(target=worker, args=(shared_list, shared_dict, nested))
        p.start()
        p.join(timeout=10)
        observe("parent_sees_list", list(shared_list))
        observe("parent_sees_dict", dict(shared_dict))
        observe("nested_append", "kept" if nested["appended"] == [1] else "lost")
        observe("nested_reassign", "kept" if nested["reassigned"] == [1] else "lost")


if __name__ == "__main__":
    main()
