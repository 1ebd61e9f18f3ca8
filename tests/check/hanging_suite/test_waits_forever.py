"""A suite pytest never finishes: its one test waits on a child that never
answers, so the harness ends the tree and pytest writes no junit file; the cell
has no per-test outcomes and check.json says why."""
import multiprocessing


def stay_silent(conn):
    conn.recv()  # the parent never sends


def test_waits_for_an_answer_that_never_comes():
    parent, child = multiprocessing.Pipe()
    worker = multiprocessing.Process(target=stay_silent, args=(child,))
    worker.start()
    assert parent.recv() == "never sent"
