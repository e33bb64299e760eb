"""c5brief: briefings and cited answers from C5+1 summit coverage."""

__version__ = "0.1.0"
