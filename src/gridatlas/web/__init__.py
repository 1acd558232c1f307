"""The web edge: REST API v1 and the atlas page (``gridatlas serve``); calls app/ and reports/."""
