"""The unit's publication pages: the director publishes and withdraws through forms; the list's queries are fixed."""

from django.urls import reverse

from antitrafik import middleware
from reports.models import Publication, PublicationStatus
from reports.public import services


def test_the_director_publishes_a_year_with_its_committee_report_through_the_form(client_for, public_world):
    w = public_world
    client = client_for(w.director)
    form = client.get(reverse("reports:publication_create")).content.decode()
    assert "Raporti vjetor 2025" in form and "Draft" not in form  # finalised reports only
    response = client.post(reverse("reports:publication_create"),
                           {"year": "2025", "quarter": "0", "committee_reports": [w.final_report.pk]})
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert list(publication.committee_reports.all()) == [w.final_report]
    page = client.get(reverse("reports:publication_list")).content.decode()
    assert "Published" in page and publication.public_url() in page


def test_a_refusal_is_shown_on_the_form(client_for, public_world):
    response = client_for(public_world.director).post(reverse("reports:publication_create"),
                                                      {"year": "2024", "quarter": "1"})
    assert response.status_code == 200
    assert "has no accepted quarterly report" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_director_withdraws_with_a_reason(client_for, public_world):
    w = public_world
    publication = services.publication_publish(by=w.director, year=2025)
    url = reverse("reports:publication_withdraw", kwargs={"pk": publication.pk})
    client = client_for(w.director)
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "A count was corrected"}).status_code == 302
    publication.refresh_from_db()
    assert (publication.status, publication.withdrawal_reason) == (PublicationStatus.WITHDRAWN, "A count was corrected")
    assert client_for(None).get(publication.public_url("en")).status_code == 404


def test_the_publication_list_runs_a_fixed_number_of_queries(client_for, public_world, django_assert_num_queries):
    w = public_world
    client = client_for(w.coordinator)
    services.publication_publish(by=w.director, year=2025, committee_reports=[w.final_report])
    client.get(reverse("reports:publication_list"))
    middleware.forget()  # the user is read again, as after the writes below (antitrafik.middleware)
    with django_assert_num_queries(5) as captured:  # session, the data's version, the user, the list
        first = client.get(reverse("reports:publication_list"))
    for _ in range(3):
        services.publication_publish(by=w.director, year=2025, committee_reports=[w.final_report, w.other_report])
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(reverse("reports:publication_list"))
    assert first.status_code == response.status_code == 200
    assert response.content.decode().count("Superseded by a newer version") == 3
    assert "Withdraw" not in response.content.decode()  # a coordinator follows; the director withdraws
