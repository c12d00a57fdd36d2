"""The fixed vocabulary of claim verdicts. Every verdict is given with its reason; nothing else is a verdict."""

REPRODUCED = "reproduced"
PARTIAL = "partially reproduced"
NOT_REPRODUCED = "not reproduced"
# The paper's number is end to end, on another device, or otherwise out of a kernel benchmark's reach:
# the most a kernel ratio can show is that it points the same way.
DIRECTION = "direction consistent (kernel level)"
CONSISTENT_WITH_BOUND = "consistent with bound"
INCONCLUSIVE = "inconclusive"
NOT_MEASURABLE = "not measurable here"

VERDICTS = (REPRODUCED, PARTIAL, NOT_REPRODUCED, DIRECTION, CONSISTENT_WITH_BOUND, INCONCLUSIVE, NOT_MEASURABLE)

# Label of a context row: a ratio shown for orientation that no paper claimed (e.g. across dtypes). Not a verdict.
CONTEXT = "context only (no verdict)"
