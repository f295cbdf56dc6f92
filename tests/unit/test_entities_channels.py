"""Entities of general phenomena: social platforms named as the channel of a statement."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def typed(paragraphs: list[str]) -> dict[str, str]:
    return {m["surface"]: m["type"] for m in find_entities(paragraphs)[1]}


def test_a_social_platform_is_media_not_an_organisation() -> None:
    got = typed(["ونشر المجلس البلدي بيانا على صفحته في فيسبوك، كما نشره عبر منصة إكس وتيك توك."])
    assert got.get("فيسبوك") == "media"
    assert got.get("منصة إكس") == "media"
    assert got.get("تيك توك") == "media"


def test_the_company_behind_a_platform_stays_an_organisation() -> None:
    assert typed(["وأعلنت شركة ميتا عن أرباح فصلية."]).get("شركة ميتا") == "organization"
