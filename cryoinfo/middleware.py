from django.conf import settings


class PermissionsPolicyMiddleware:
    """Tell browsers that no page of ours may use the camera, microphone or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
