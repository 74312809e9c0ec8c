"""Examples: policies written in Python that reproduce cnsim's built-ins decision for decision."""
