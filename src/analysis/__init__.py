"""News-framing toolkit: load -> clean -> segment -> measure -> aggregate -> notebooks -> reports.

Each stage is one module and takes and returns pandas DataFrames with documented columns
(see README.md, "Tables"). A module never imports one from a later stage.
"""

__version__ = "0.1.0"
