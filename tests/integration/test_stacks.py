"""-k: the creating thread's stack under each creation line, named right
through glibc's clone and clone3 wrappers, and harmless when the stack cannot
be followed."""
import os
import unittest

from ctlib import (CLONETRACE, Trace, about, normalize_stdout, require, run, traced, untraced)

K = ("-k",)


def functions(creation):
    return [f.function for f in creation.stack]


def callers_in_order(test, creation, names, module):
    """names appear as consecutive frames of creation's stack, in that order,
    each from module."""
    found = functions(creation)
    test.assertIn(names[0], found, creation.body)
    first = found.index(names[0])
    frames = creation.stack[first:first + len(names)]
    test.assertEqual([f.function for f in frames], names, creation.stack)
    test.assertEqual({f.module for f in frames}, {module}, creation.stack)


class Stacks(unittest.TestCase):
    def run_k(self, fx, options=K):
        res = traced(fx, options)
        self.assertEqual(res.returncode, untraced(fx).returncode, res.describe())
        trace = Trace(res.trace)
        self.assertEqual(trace.problems, [], res.describe())
        return res, trace

    @about("fx_stack_pool")
    def test_every_creation_names_its_callers(self, fx):
        res, trace = self.run_k(fx)
        made = trace.completed()
        # pthread_create, fork, posix_spawn, clone3 through syscall(2)
        self.assertEqual(len(made), 4, res.describe())
        for c in made:
            with self.subTest(creation=c.body):
                callers_in_order(self, c, ["spawn_worker", "start_pool", "main"], os.path.realpath(fx.path))
                # The wrapper's frame is libc's, never a neighbour's name.
                self.assertNotEqual(c.stack[0].module, os.path.realpath(fx.path), c.stack)
                self.assertNotIn("__xmknodat", functions(c))

    @about("fx_stack_pool")
    def test_pthread_create_under_the_wrapper(self, fx):
        _, trace = self.run_k(fx)
        thread = [c for c in trace.completed() if c.kind == "thread"]
        self.assertEqual(len(thread), 1)
        names = functions(thread[0])
        self.assertIn("pthread_create", names)
        self.assertLess(names.index("pthread_create"), names.index("spawn_worker"))

    @about("fx_stack_pool")
    def test_stack_depth(self, fx):
        _, trace = self.run_k(fx, ("-k", "--stack-depth", "2"))
        for c in trace.completed():
            self.assertEqual(len(c.stack), 2, c.stack)
        _, deep = self.run_k(fx)
        for short, full in zip(trace.completed(), deep.completed()):
            self.assertEqual([(f.module, f.function) for f in short.stack],
                             [(f.module, f.function) for f in full.stack[:2]])

    @about("fx_stack_pool")
    def test_no_stack_without_k(self, fx):
        _, trace = self.run_k(fx, ())
        self.assertTrue(trace.completed())
        self.assertEqual([c.stack for c in trace.completed()], [[]] * len(trace.completed()))

    @about("fx_stack_cpp")
    def test_cpp_names_demangled(self, fx):
        res, trace = self.run_k(fx)
        self.assertEqual(len(trace.completed()), 2, res.describe())
        for c in trace.completed():
            callers_in_order(self, c, ["ns::Pool::spawn(int)", "main"], os.path.realpath(fx.path))

    @about("fx_stack_dlopen")
    def test_code_loaded_and_replaced(self, fx):
        res, trace = self.run_k(fx)
        made = trace.completed()
        self.assertEqual(len(made), 3, res.describe())
        here = os.path.dirname(os.path.realpath(fx.path))
        self.assertIn("main", functions(made[0]))
        # A library loaded after the first stack was read, then another in
        # its place: each named from what was mapped at its creation.
        for c, lib in zip(made[1:], ("fx_stack_a", "fx_stack_b")):
            callers_in_order(self, c, [lib + "_spawn"], os.path.join(here, "lib%s.so" % lib))

    @about("fx_stack_signal")
    def test_through_a_signal_frame(self, fx):
        res, trace = self.run_k(fx)
        self.assertEqual(len(trace.completed()), 1, res.describe())
        names = functions(trace.completed()[0])
        self.assertIn("on_usr1", names, res.describe())
        self.assertIn("main", names[names.index("on_usr1"):], res.describe())


    @about("fx_pthread_m32")
    def test_i386_not_unwound_and_says_why(self, fx):
        res, trace = self.run_k(fx)
        made = trace.completed()
        self.assertTrue(made, res.describe())
        self.assertEqual([c.stack for c in made], [[]] * len(made), res.describe())
        self.assertEqual({c.stack_gap for c in made},
                         {"a compat-ABI task, and the unwinder reads the host's own frames only"}, res.describe())
        # The x86_64 build of the same program is unwound, and says nothing of a gap.
        native = self.run_k(require(fx.id.replace("_m32", "")))[1].completed()
        self.assertTrue(all(c.stack and c.stack_gap is None for c in native), native)


class UnwindHarmless(unittest.TestCase):
    """Where the stack cannot be followed, the program runs as untraced and
    each creation still shows what was known."""

    def check(self, fx, innermost):
        plain = untraced(fx)
        res = traced(fx, K)
        self.assertEqual(res.returncode, plain.returncode, res.describe())
        self.assertEqual(normalize_stdout(res.stdout), normalize_stdout(plain.stdout), res.describe())
        trace = Trace(res.trace)
        self.assertEqual(trace.problems, [], res.describe())
        self.assertTrue(trace.completed(), res.describe())
        for c in trace.completed():
            self.assertGreaterEqual(len(c.stack), 1, res.describe())
            self.assertLessEqual(len(c.stack), 16, res.describe())
            self.assertIn(innermost, functions(c), res.describe())

    @about("fx_stack_nounwind")
    def test_no_frame_pointers_no_unwind_tables(self, fx):
        plain = untraced(fx)
        res = traced(fx, K)
        self.assertEqual(res.returncode, plain.returncode, res.describe())
        self.assertEqual(normalize_stdout(res.stdout), normalize_stdout(plain.stdout), res.describe())
        trace = Trace(res.trace)
        self.assertEqual(trace.problems, [], res.describe())
        by_kind = {c.kind: functions(c) for c in trace.completed()}
        self.assertIn("make_thread", by_kind["thread"], res.describe())
        self.assertIn("make_process", by_kind["process"], res.describe())

    @about("fx_stack_garbage")
    def test_garbage_stack_pointer(self, fx):
        self.check(fx, "clone_on_stack")


class StackOptions(unittest.TestCase):
    def test_depth_out_of_range(self):
        for depth in ("0", "257", "x"):
            with self.subTest(depth=depth):
                res = run([CLONETRACE, "-k", "--stack-depth", depth, "--", "true"])
                self.assertEqual(res.returncode, 2, res.describe())
                self.assertIn("stack-depth", res.stderr)

    def test_help_names_the_options(self):
        res = run([CLONETRACE, "--help"])
        for word in ("-k [ --stack-trace ]", "--stack-depth"):
            self.assertIn(word, res.stdout)


if __name__ == "__main__":
    unittest.main()
