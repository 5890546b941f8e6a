"""govkg: Chinese government notices as a linked, validated knowledge graph.

The package follows the pipeline, one folder a stage, each folder's ``__init__`` saying what
comes in and what goes out:

- :mod:`govkg.read`: a notice file → its text;
- :mod:`govkg.extract`: the text → a :class:`~govkg.model.Notice` (steps over one model);
- :mod:`govkg.rdf`: the notice → the quads of its named graph;
- :mod:`govkg.check`: graphs → their violations of the SHACL shapes;
- :mod:`govkg.store`: graphs → files, the embedded store, a Graph Store;
- :mod:`govkg.query`: a saved query → rows;
- :mod:`govkg.publish`: the store → a static site of linked open data, and its server.

:mod:`govkg.pipeline` is the driver every command runs (one notice file in, one
:class:`~govkg.model.Outcome` out) and :mod:`govkg.cli` the command line over it.
"""

__version__ = "0.1.0"

from govkg.errors import GovkgError, NoticeError  # noqa: E402
from govkg.extract import extract_text  # noqa: E402
from govkg.pipeline import extract_file  # noqa: E402

__all__ = ["__version__", "GovkgError", "NoticeError", "extract_file", "extract_text"]
