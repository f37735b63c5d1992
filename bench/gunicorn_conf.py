"""gunicorn settings of the benchmark (and a sensible start for a deployment of the portal).

After a worker has loaded the application, its objects (mappers, compiled templates, the
configuration) live as long as the worker: ``gc.freeze()`` moves them out of the collector's
reach, so a full collection scans only what requests allocate. Without it, a full collection
every few hundred requests walks every long-lived object and stalls that request (the p99).
"""

import gc


def post_worker_init(worker) -> None:  # noqa: ARG001 - gunicorn hook signature
    gc.collect()
    gc.freeze()
