def test_livez_answers_without_touching_the_database(client):
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_reports_the_database_reachable(client):
    response = client.get("/readyz")
    assert response.status_code == 200


def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["openapi"].startswith("3.")


def test_a_method_not_allowed_is_a_405_problem_naming_the_allowed_ones(client):
    response = client.put("/api/v1/conversations")
    assert response.status_code == 405 and response.content_type == "application/problem+json"
    assert "POST" in {method.strip() for method in response.headers["Allow"].split(",")}


def test_unknown_path_is_a_problem_document(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.get_json()["status"] == 404
