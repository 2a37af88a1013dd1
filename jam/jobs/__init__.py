"""The worker layer: every background job, run by ``jam worker`` and nothing else.

The worker finds its work by reading the database (the event outbox and the ``job`` table), so
any number of API processes is correct; a lease in the database keeps one worker active and the
others waiting as standbys (``jam.jobs.worker``).
"""
