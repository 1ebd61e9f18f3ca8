"""A test whose Pool task cannot be pickled under any start method: the task is
pickled in the Pool's task-handler thread, with no frame of the test on its
stack, and pytest catches the error the main thread then raises. The check
hooks still name the call that sent it (Pool.map, line 10) and the test."""
import multiprocessing


def test_lambda_as_pool_task():
    with multiprocessing.Pool(2) as pool:
        assert pool.map(lambda n: n + 1, [1, 2]) == [2, 3]
