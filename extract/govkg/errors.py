"""The errors govkg raises on purpose: each says what went wrong and, where it can, what to do."""


class GovkgError(Exception):
    """Base class of govkg's own errors; the CLI prints them as one line."""


class NoticeError(GovkgError):
    """A notice could not be read or extracted.

    >>> str(NoticeError("a.txt", "file is empty"))
    'a.txt: file is empty'
    """

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class QueryError(GovkgError):
    """A saved query could not be found, bound or run."""
