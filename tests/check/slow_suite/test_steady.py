"""A suite slower than its idle window but never idle for long: six tests of about
a second each, each starting a process. Under `check --idle-timeout 3` its cell
runs on past 3 s because tests keep finishing, and every test passes; with
`--timeout 4` it is cut at that cap while a test runs. `-k past` selects the one
test that takes longer than the window alone: its cell ends, still running it."""
import multiprocessing
import time

import pytest


def nap(seconds):
    time.sleep(seconds)


@pytest.mark.parametrize("n", range(6))
def test_a_second_in_a_child(n):
    worker = multiprocessing.Process(target=nap, args=(1.0,))
    worker.start()
    worker.join()
    assert worker.exitcode == 0


def test_sleeps_past_the_idle_window():
    time.sleep(20)
