"""What every response carries, and who a request comes from."""

from django.conf import settings


def permissions_policy(get_response):
    """The browser features the site refuses to itself and to anything it could embed."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def client_ip(request):
    """The address a request comes from, as failed sign-ins are counted by: the proxy's
    CLIENT_IP_HEADER behind a proxy, else the connection's own address."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
