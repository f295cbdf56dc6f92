"""One document through the extraction stages: clean, assemble the Article, add its structured fields."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pipeline.core.models import Article, Cleaned, Document
from pipeline.extract.article import assemble_article
from pipeline.extract.clean import clean

# Whether articles get their structured fields (entities, dates mentioned, quantities, quotes) when
# the caller does not say: on, except inside ``structured_fields(False)`` (`newsflow extract --no-fields`).
_FIELDS: ContextVar[bool] = ContextVar("newsflow_structured_fields", default=True)


@contextmanager
def structured_fields(enabled: bool) -> Iterator[None]:
    """Switch structured fields on or off for every article built inside the block (this context only)."""
    token = _FIELDS.set(enabled)
    try:
        yield
    finally:
        _FIELDS.reset(token)


def build_article(
    cleaned: Cleaned,
    *,
    source: str,
    kind: str,
    url: str | None = None,
    input_name: str | None = None,
    fields: bool | None = None,
) -> Article:
    """Assemble the Article from cleaned blocks, then its structured fields unless ``fields`` is off
    (``None``: as :func:`structured_fields` says, on by default)."""
    article = assemble_article(cleaned, source=source, kind=kind, url=url, input_name=input_name)
    if not (_FIELDS.get() if fields is None else fields):
        return article
    from pipeline.fields.annotate import add_fields  # not imported at all when fields are off

    return add_fields(article)


def extract_document(
    doc: Document,
    *,
    source_name: str | None = None,
    profile: str | None = None,
    timezone: str | None = None,
    fields: bool | None = None,
) -> Article:
    """Clean a decoded document and build its Article."""
    cleaned = clean(doc, profile=profile, timezone=timezone)
    return build_article(
        cleaned,
        source=source_name or doc.source,
        kind=doc.kind,
        url=doc.url,
        input_name=doc.path or doc.url,
        fields=fields,
    )
