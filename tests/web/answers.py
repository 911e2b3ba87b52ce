"""The API's two answer shapes, checked: one success envelope and one error shape."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def ok(client: TestClient, url: str) -> dict[str, Any]:
    """The envelope of a 200 JSON answer: data, meta, links and nothing else."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    answer = response.json()
    assert set(answer) == {"data", "meta", "links"}, url
    return answer


def error(client: TestClient, url: str, status: int, code: str) -> str:
    """The message of an error answer, after checking its shape, status and code."""
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert set(response.json()) == {"error"}
    assert response.json()["error"]["status"] == status
    assert response.json()["error"]["code"] == code
    return response.json()["error"]["message"]
