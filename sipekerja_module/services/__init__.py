"""Write use-cases of SI PEKERJA.

Services change the host's session and ``flush()``; they never commit. The caller (a view or a
CLI command) commits once, so services compose and tests can roll back.
"""
