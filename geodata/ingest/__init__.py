"""Live ingestion (SPEC section 13): new reports from the outlets' RSS/Atom feeds and pages.

The layers, in the order a report travels: ``config`` (the outlets file and the fetch
settings), ``client`` (a polite and guarded HTTP client: ``addresses``, ``ratelimit``,
``robots``), ``feeds`` and ``pages`` (feedparser and trafilatura), ``identity`` and ``build``
(canonical URL, content hash, id, the Arabic check), ``run`` (one bounded round, ``fetch_all``),
``schedule`` (``--every``), ``status`` (per outlet, for the Sources page) and ``command``
(``geodata fetch``). New articles go to an ``ArticleSink`` and what was fetched is kept in a
``FetchState`` (``protocols``): ``corpus_sink`` and ``json_state`` implement them on files until
the store does.
"""
