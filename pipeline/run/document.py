"""One document through the extraction stages: clean, assemble the Article, add its structured fields."""

from __future__ import annotations

from pipeline.core.models import Article, Cleaned, Document
from pipeline.extract.article import assemble_article
from pipeline.extract.clean import clean
from pipeline.fields.annotate import add_fields


def build_article(
    cleaned: Cleaned,
    *,
    source: str,
    kind: str,
    url: str | None = None,
    input_name: str | None = None,
    fields: bool = True,
) -> Article:
    """Assemble the Article from cleaned blocks, then its structured fields unless ``fields`` is off."""
    article = assemble_article(cleaned, source=source, kind=kind, url=url, input_name=input_name)
    return add_fields(article) if fields else article


def extract_document(
    doc: Document,
    *,
    source_name: str | None = None,
    profile: str | None = None,
    timezone: str | None = None,
    fields: bool = True,
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
