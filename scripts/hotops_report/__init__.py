"""hotops reporting: read results/ JSON, render paper-style reports, compare runs.

Scripts only read results files; they never run kernels.
"""
