"""Fixtures shared across test modules: the local HTTP server and the internet guard of the fetch tests."""

from tests.fetch_world import local_server, no_internet, server  # noqa: F401
