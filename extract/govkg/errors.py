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


class MissingParameter(QueryError):
    """A saved query needs a value for its parameter *name* and was given none.

    >>> str(MissingParameter("unit-profile", "unit"))
    "query 'unit-profile' needs unit=VALUE"
    """

    def __init__(self, query: str, name: str):
        self.query = query
        self.name = name
        super().__init__(f"query {query!r} needs {name}=VALUE")


class BadValue(QueryError):
    """The value given for the parameter *name* is not of its kind (an IRI, an integer, a date).

    >>> str(BadValue("from", "2019-02-30", "is not a date; write it as YYYY-MM-DD"))
    "from: '2019-02-30' is not a date; write it as YYYY-MM-DD"
    """

    def __init__(self, name: str, value: str, problem: str):
        self.name = name
        self.value = value
        self.problem = problem
        super().__init__(f"{name}: {value!r} {problem}")


class Unusable(GovkgError):
    """An input the user chose cannot be used (*what*: ``store``, ``port`` or ``out``); the
    message says why, and the CLI says which option to change."""

    def __init__(self, what: str, problem: str):
        self.what = what
        super().__init__(problem)
