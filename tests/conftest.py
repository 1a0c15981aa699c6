"""Fixtures shared by mlprep's own tests."""

import signal

from mlprep.grading import use_one_blas_thread  # the package only: no NumPy yet

# as `mlprep` itself does (cli.main): the grades these tests run in-process use one BLAS thread
use_one_blas_thread()

# A shell starts a background job (`pytest &`, nohup) with SIGINT ignored, and programs started
# from it inherit that: the tests that press Ctrl-C on mlprep (watch, class grade) would then see
# it ignored and wait forever. A Python handler, unlike SIG_IGN, is reset to the default in a
# program this process starts, so mlprep gets Ctrl-C as it would from a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

from pathlib import Path

import pytest

from mlprep import catalog


@pytest.fixture(scope="session")
def problems():
    return {p.slug: p for p in catalog.load_catalog()}


def pytest_configure(config):
    """pytest-xdist hands each worker a first chunk of a quarter of its share, in order: with the
    longest tests first, one worker would get all of them. One test at a time instead: each free
    worker takes the next longest (unless --maxschedchunk is given)."""
    if getattr(config.option, "maxschedchunk", "absent") is None:
        config.option.maxschedchunk = 1


def pytest_collection_modifyitems(items):
    """The longest tests first: `mlprep dev check` per problem (longer the more corpus attempts
    it grades), then the other slow ones, then the rest in their order. pytest-xdist hands tests
    out in this order, so its workers end together instead of one idling while the other runs a
    long test that happened to come last. (Order only: no test is left out or changed.)"""
    corpus = Path(__file__).parent / "corpus"

    def weight(item) -> int:
        if item.get_closest_marker("slow") is None:
            return 0
        slug = getattr(item, "callspec", None) and item.callspec.params.get("slug")
        return -(1 + (len(list((corpus / slug).glob("*.py"))) if slug else 0))

    items.sort(key=weight)  # a stable sort: equal weights keep pytest's order
