"""`jam demo`: a seeded live jam to try the platform on (the app layer's tool, not the core).

``seed`` builds the database through the actions layer; ``content`` holds the words.
"""

from jam.demo.seed import PASSWORD, DemoSummary, example_query, plan_demo, run_demo, seed_demo

__all__ = ["PASSWORD", "DemoSummary", "example_query", "plan_demo", "run_demo", "seed_demo"]
