from django.http import HttpRequest, JsonResponse


def api_root(request: HttpRequest) -> JsonResponse:
    """Index of the read-only API; each domain app adds its endpoints to api/urls.py."""
    return JsonResponse({"version": "v1", "endpoints": {}})
