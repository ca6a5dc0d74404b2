from django.conf import settings

from units.access import Capability, access_of


def access(request):
    """The user's role and capabilities, for navigation and for showing only allowed actions."""
    user_access = access_of(request.user)
    return {
        "user_access": user_access,
        "can": {capability.value: user_access.can(capability) for capability in Capability},
        # The login page links to the public list when it is switched on.
        "public_page": settings.NTM_PUBLIC_PAGE,
    }
