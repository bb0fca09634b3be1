from . import rule


@rule("platform.staff")
def _platform_staff(user, target) -> bool:
    return user.is_staff and user.is_superuser
