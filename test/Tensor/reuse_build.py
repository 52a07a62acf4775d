#!/usr/bin/env python3
"""Stands for %clangxx in test/Tensor under sanitizers (see lit.local.cfg):
takes a compiler's arguments, and instead of building `-o DIR/clang` copies
the program the g++ RUN line built before it, DIR/gcc."""
import shutil
import sys

args = sys.argv[1:]
out = args[args.index("-o") + 1]
source = out.rsplit("/", 1)[0] + "/gcc"
shutil.copy2(source, out)
