"""Schema-driven test of the JSON API: schemathesis generates requests from the OpenAPI document the
app serves (/sipekerja/api/v1/openapi.json) and sends them in-process to the WSGI app, authenticated
with the token of a Pengguna Utama and of a Bidang user. No request may get a 5xx, and every response
(200 and each refusal) must validate against the document: status code, content type and body schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from tests.web.fitur.test_api import bearer
from tests.web.fitur.test_api import buat_token

SPEC = "/sipekerja/api/v1/openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: Examples per operation and actor: 6 operations × 2 actors × this stays well under a minute.
CONTOH = 12


@pytest.mark.parametrize("aktor", ["utama", "ppik"])
def test_api_matches_its_openapi_document(app, client_as, aktor):
    app.config["SIPEKERJA_API_RATE_LIMIT"] = "100000 per minute"
    headers = bearer(buat_token(client_as(aktor)))
    schema = schemathesis.openapi.from_wsgi(SPEC, app, headers=headers)
    dijalankan = []
    for hasil in schema.get_all_operations():
        operasi = hasil.ok()

        @given(case=operasi.as_strategy())
        @settings(max_examples=CONTOH, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def uji(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
            dijalankan.append((case.operation.label, response.status_code))

        uji()
    statuses = {s for _, s in dijalankan}
    assert len({label for label, _ in dijalankan}) == 6 and 200 in statuses, dijalankan
