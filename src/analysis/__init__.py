"""News-framing toolkit: load -> clean -> segment -> measure -> aggregate -> notebooks -> reports.

Each stage is one module and takes and returns pandas DataFrames with documented columns
(see README.md, "Tables"). A module never imports one from a later stage.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    # ``from analysis import tone_toward`` without making ``import analysis`` load the lexicons
    if name == "tone_toward":
        from analysis.tone import tone_toward

        return tone_toward
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
