"""Print the schema's SDL: ``python -m jam.api.sdl > graphql/schema.graphql``."""

from jam.api.schema import schema

if __name__ == "__main__":
    print(schema.as_str())
