# ---
# id: removes-workdir
# title: The case removes its working directory itself, then exits 3
# source: issue 12 (hostile cases)
# claim: >
#   A case that removes its own working directory is still judged by what it
#   did: here its exit status, 3; the harness's channel is not in that folder.
# expect:
#   all: exit:3
# tags: [hostile]
# ---
import os
import shutil
import sys

if __name__ == "__main__":
    here = os.getcwd()
    os.chdir("/")
    shutil.rmtree(here)
    print("removed", os.path.basename(here))
    sys.exit(3)
