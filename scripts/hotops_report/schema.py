"""Validation of results files against scripts/results.schema.json (jsonschema)."""
import functools
import json
from pathlib import Path

import jsonschema

from .errors import InputError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "results.schema.json"
SUPPORTED_VERSIONS = (1,)


@functools.lru_cache(maxsize=1)
def _validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _where(error):
    path = "/".join(str(p) for p in error.absolute_path)
    return path or "(top level)"


def validate(doc, source):
    """Raise InputError naming `source`, the JSON path and the reason, for any schema violation."""
    if not isinstance(doc, dict):
        raise InputError(f"{source}: not a hotops results file (top level is {type(doc).__name__}, expected an object)")
    if "schema_version" not in doc:
        hint = " (this looks like Google Benchmark's own JSON; pass the hotops .json next to it)" \
            if "benchmarks" in doc else ""
        raise InputError(f"{source}: missing 'schema_version'{hint}")
    version = doc["schema_version"]
    if version not in SUPPORTED_VERSIONS:
        raise InputError(f"{source}: unknown schema_version {version!r}; this reader supports "
                         f"{', '.join(map(str, SUPPORTED_VERSIONS))}")
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        shown = "; ".join(f"at {_where(e)}: {e.message}" for e in errors[:5])
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        raise InputError(f"{source}: does not match results schema v{version}: {shown}{more}")
