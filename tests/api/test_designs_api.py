"""Designs through the API: the designs an owner or coach sees, a version as its design file,
and a design file made into a design with the same checks and messages as the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from arcwise.designs.design_file.format import MAX_FILE_BYTES
from arcwise.designs.models import Design, Visibility
from tests.api.conftest import api_as, error_of
from tests.conftest import Cast
from tests.designs.factories import make_design
from tests.designs.test_hostile_design_files import HOSTILE


def upload(data: bytes, name: str = "design.yaml") -> dict[str, object]:
    return {"file": SimpleUploadedFile(name, data, content_type="application/yaml")}


@pytest.mark.django_db
def test_a_coach_lists_their_own_and_the_practices_shared_designs(cast: Cast) -> None:
    make_design(cast.practice, cast.coach, published=True, name="Mine")
    make_design(cast.practice, cast.owner, name="Owner's private")
    make_design(cast.practice, cast.owner, name="Shared", visibility=Visibility.PRACTICE)
    api = api_as(cast.coach, cast.practice)
    page = api.get("/designs").json()
    assert [row["title"] for row in page["items"]] == ["Mine", "Shared"]
    assert page["items"][0]["current_version"] == 1
    drafts = api.get("/designs", status="draft").json()["items"]
    assert [row["title"] for row in drafts] == ["Shared"]
    assert api_as(cast.outsider, cast.other_practice).get("/designs").json()["count"] == 0


@pytest.mark.django_db
def test_a_design_shows_its_versions_and_phases(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "start", "middle", published=True)
    api = api_as(cast.coach, cast.practice)
    body = api.get(f"/designs/{design.public_id}").json()
    assert body["shown_version"] == 1
    assert [phase["key"] for phase in body["phases"]] == ["start", "middle"]
    assert body["versions"][0]["published_at"] is not None
    assert body["editable"] is True
    missing = api.get(f"/designs/{design.public_id}", version=9)
    assert missing.status_code == 404
    assert error_of(missing)["code"] == "not_found"


@pytest.mark.django_db
def test_a_private_design_is_not_found_by_a_colleague_or_another_practice(cast: Cast) -> None:
    design = make_design(cast.practice, cast.owner, name="Owner's private")
    url = f"/designs/{design.public_id}"
    assert api_as(cast.coach, cast.practice).get(url).status_code == 404
    assert api_as(cast.outsider, cast.other_practice).get(url).status_code == 404
    assert api_as(cast.mentor, cast.practice).get(url).status_code == 403


@pytest.mark.django_db
def test_the_design_file_goes_out_and_comes_back_in_as_a_new_design(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, "start", "middle", published=True)
    api = api_as(cast.coach, cast.practice)
    out = api.get(f"/designs/{design.public_id}/versions/1/file")
    assert out.status_code == 200
    assert out["Content-Type"].startswith("application/yaml")
    assert out["Content-Disposition"] == 'attachment; filename="test-arc-v1.yaml"'
    made = api.post("/designs/import", files=upload(out.content), key="import-0001")
    again = api.post("/designs/import", files=upload(out.content), key="import-0001")
    assert made.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert made.json()["draft_version"] == 1
    assert [phase["key"] for phase in made.json()["phases"]] == ["start", "middle"]
    assert Design.objects.filter(practice=cast.practice).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_with_its_reason_and_nothing_saved(cast: Cast, name: str) -> None:
    data, expected = HOSTILE[name]
    response = api_as(cast.coach, cast.practice).post("/designs/import", files=upload(data))
    assert response.status_code == 422
    error = error_of(response)
    assert "nothing was saved" in error["message"]
    assert expected in error["fields"]["file"]
    assert not Design.objects.exists()


@pytest.mark.django_db
def test_a_file_too_large_is_refused_by_its_size(cast: Cast) -> None:
    data = b"#" * (MAX_FILE_BYTES + 1)
    response = api_as(cast.coach, cast.practice).post("/designs/import", files=upload(data))
    assert response.status_code == 422
    assert "file" in error_of(response)["fields"]


@pytest.mark.django_db
def test_an_import_without_a_file_names_the_file(cast: Cast) -> None:
    response = api_as(cast.coach, cast.practice).post("/designs/import", files={})
    assert response.status_code == 422
    assert "file" in error_of(response)["fields"]


@pytest.mark.django_db
def test_a_mentor_or_sponsor_gets_no_design(cast: Cast) -> None:
    design = make_design(cast.practice, cast.coach, published=True, visibility="practice")
    for person in (cast.mentor, cast.sponsor):
        api = api_as(person, cast.practice)
        assert api.get("/designs").status_code == 403
        assert api.get(f"/designs/{design.public_id}/versions/1/file").status_code == 403
