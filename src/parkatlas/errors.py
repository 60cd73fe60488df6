"""The one user-facing error type: a message for people that states the cause and the fix."""


class ParkatlasError(Exception):
    """An error caused by the user's input or setup; the CLI prints it in one line and exits 1."""
