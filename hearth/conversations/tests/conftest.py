"""The personas' clients, shared with the tests of connections."""

from hearth.connections.tests.conftest import (  # noqa: F401 (fixtures are found by name)
    maya_api,
    ravi_api,
    ravi_client,
    tiffany_api,
    tiffany_client,
)
