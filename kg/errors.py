"""The one exception type users see."""


class KGError(Exception):
    """A user-facing error: one line that names the file and the fix."""
