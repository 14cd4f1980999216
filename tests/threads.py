"""Threads for the PostgreSQL concurrency tests: each closes its database connection when it ends, so the
test database can be dropped afterwards."""

import threading

from django.db import connections


def in_thread(call, results, key):
    """A started thread running `call`, storing what it returned or raised in results[key]."""

    def run():
        try:
            results[key] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def race(*calls):
    """Run the calls in threads started together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def together(call):
        return lambda: (barrier.wait(), call())[1]

    threads = [in_thread(together(call), results, i) for i, call in enumerate(calls)]
    for t in threads:
        t.join(30)
    return results
