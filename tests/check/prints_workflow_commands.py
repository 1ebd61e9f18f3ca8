"""A build script whose workers echo what they were given: here, text shaped like a
GitHub workflow command. Under spawn the module-level table is rebuilt without the
parent's entries, so the lines differ from fork's and appear in check's report."""
import multiprocessing

MESSAGES = []


def echo(i):
    for m in MESSAGES:
        print(m)
    return i


if __name__ == "__main__":
    MESSAGES.append("::error file=app.py,line=1::injected by the program")
    MESSAGES.append("::add-mask::secret")
    p = multiprocessing.Process(target=echo, args=(0,))
    p.start()
    p.join()
