from django.conf import settings


def support(request):
    """The address people write to when they are stuck (shown on the sign-in pages)."""
    return {"SUPPORT_EMAIL": settings.SUPPORT_EMAIL}
