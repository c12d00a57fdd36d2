"""The one error type the command-line tools turn into `exit 2` + a message."""


class InputError(Exception):
    """Bad input (missing/corrupt/unsupported file, nothing to do): message names the problem."""
