"""Extraction steps. Each is a function ``step(notice) -> None`` that reads what earlier steps
wrote on the :class:`~govkg.model.Notice` and fills in fields of its own; the order is in
:data:`govkg.extract.STEPS`."""
