#include "native_stacks.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>

namespace mpc {
namespace {

const char* kGdb = R"(0x00007f017a1ef64e in ?? () from /lib/x86_64-linux-gnu/libgomp.so.1

Thread 2 (Thread 0x7f0100 (LWP 4243) "python3"):
#0  0x00007f01 in ?? () from /lib/x86_64-linux-gnu/libgomp.so.1
#1  0x00007f02 in ?? () from /lib/x86_64-linux-gnu/libpthread.so.0

Thread 1 (Thread 0x7f0200 (LWP 4242) "python3"):
#0  futex_wait (private=0, expected=2, futex_word=0x1) at ../sysdeps/nptl/futex-internal.h:146
#1  0x00007f03 in ?? () from /lib/x86_64-linux-gnu/libgomp.so.1
#2  0x00007f04 in GOMP_parallel () from /lib/x86_64-linux-gnu/libgomp.so.1
#3  0x00007f05 in exec_blas () from /usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0
#4  0x00007f06 in cblas_dgemm () from /usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0
#5  0x0000000000545c48 in PyObject_CallFunctionObjArgs ()
[Inferior 1 (process 4242) detached]
)";

TEST(NativeStacksTest, ParsesOneStackPerThreadByLwp) {
  auto stacks = parse_gdb_backtraces(kGdb);
  ASSERT_EQ(stacks.size(), 2u);
  EXPECT_EQ(stacks[0].tid, 4243);
  EXPECT_EQ(stacks[1].tid, 4242);
  EXPECT_NE(stacks[1].text.find("#5  0x0000000000545c48 in PyObject_CallFunctionObjArgs"), std::string::npos);
  EXPECT_EQ(stacks[1].text.find("Inferior"), std::string::npos);
}

TEST(NativeStacksTest, WhereNamesTheLibraryPastLibcAndItsCaller) {
  auto stacks = parse_gdb_backtraces(kGdb);
  EXPECT_EQ(stacks[1].where, "GOMP_parallel in libgomp.so.1, from exec_blas in libopenblas.so.0");
  EXPECT_EQ(stacks[0].where, "?? in libgomp.so.1");
}

TEST(NativeStacksTest, FramesOfTheMainProgramAreNamedSo) {
  EXPECT_EQ(where_stuck("#0  0x1 in __futex_abstimed_wait_common () from /lib/x86_64-linux-gnu/libc.so.6\n"
                        "#1  0x2 in PyThread_acquire_lock_timed ()\n"),
            "PyThread_acquire_lock_timed in the program");
}

TEST(NativeStacksTest, CppNamesLoseTheirParameterLists) {
  EXPECT_EQ(where_stuck("#0  0x1 in ?? () from target:/lib/x86_64-linux-gnu/libgomp.so.1\n"
                        "#2  0x2 in at::TensorIteratorBase::for_each(c10::function_ref<void (char**, long "
                        "const*, long, long)>, long) () from target:/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13\n"),
            "?? in libgomp.so.1, from at::TensorIteratorBase::for_each in libtorch_cpu.so.1.13");
}

TEST(NativeStacksTest, SpinRuntimesAreTheOpenMpOnes) {
  EXPECT_TRUE(is_spin_runtime("/usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0"));
  EXPECT_TRUE(is_spin_runtime("/usr/lib/llvm-14/lib/libomp.so.5"));
  EXPECT_TRUE(is_spin_runtime("libiomp5.so"));
  EXPECT_FALSE(is_spin_runtime("/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so"));
  EXPECT_FALSE(is_spin_runtime("/usr/bin/python3.11"));
  EXPECT_FALSE(is_spin_runtime(""));
}

TEST(NativeStacksTest, WhereRunningFindsAComputingChildInThisProgram) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    for (volatile unsigned long i = 0;; i = i + 1) {
    }
  }
  usleep(50 * 1000);
  const std::string where = where_running(child, child).file;
  char self[PATH_MAX] = {0};
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  if (where.empty()) GTEST_SKIP() << "ptrace is not permitted here";
  ASSERT_GT(n, 0);
  EXPECT_EQ(where, std::string(self, n));
}

}  // namespace
}  // namespace mpc
