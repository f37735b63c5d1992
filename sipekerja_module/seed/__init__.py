"""Tools that fill a database, not use-cases: the demo agency (``flask sipekerja demo``) and the
kabupaten-scale generator (``flask sipekerja generate``, ``make bench``). They write through the
models and the services' helpers; no view or service imports them."""
