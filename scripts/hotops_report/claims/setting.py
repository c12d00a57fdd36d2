"""Per results file: the machine facts the regime rules need and the file's measurement conditions."""
from dataclasses import dataclass

from .. import ceilings as ceil
from . import conditions, regime


@dataclass
class Setting:
    machine: regime.Machine
    conditions: conditions.Conditions


def of_file(doc, ceilings=None):
    """ceilings: the machine's ceilings object (for the load it was measured at), if any."""
    return Setting(machine=regime.machine_of(doc.get("context"), doc.get("suite")),
                   conditions=conditions.of_file(doc, ceil.load_of(ceilings) if ceilings else None))


def of_files(files, ceilings_by_machine=None):
    """{str(path): Setting} for loader.ResultFile objects."""
    def ceilings(f):
        own = f.doc.get("ceilings")
        return own if isinstance(own, dict) else (ceilings_by_machine or {}).get(f.machine)
    return {str(f.path): of_file(f.doc, ceilings(f)) for f in files}
