"""govkg: Chinese government notices as a linked, validated knowledge graph.

The library is a pipeline of small steps over one :class:`~govkg.model.Notice`:
reading (:mod:`govkg.reading`), metadata and structure (:mod:`govkg.steps`),
RDF mapping (:mod:`govkg.rdf`), validation (:mod:`govkg.validate`) and saved
queries (:mod:`govkg.queries`). The command line (:mod:`govkg.cli`) is a thin
layer on top.
"""

__version__ = "0.1.0"

from govkg.errors import GovkgError, NoticeError  # noqa: E402
from govkg.pipeline import extract_file, extract_text  # noqa: E402

__all__ = ["__version__", "GovkgError", "NoticeError", "extract_file", "extract_text"]
