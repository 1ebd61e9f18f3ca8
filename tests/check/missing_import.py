# Fails before it reaches multiprocessing, the same way under every method: said
# once, not as a break per method.
import multiprocessing

import mpconform_no_such_module  # noqa: F401

if __name__ == "__main__":
    multiprocessing.Process(target=print).start()
