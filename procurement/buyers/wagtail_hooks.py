from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .selectors import is_council_member


class CouncilTeamMenuItem(MenuItem):
    def is_shown(self, request):
        return is_council_member(request.user)


@hooks.register("register_admin_menu_item")
def register_council_team_menu_item():
    return CouncilTeamMenuItem(
        "Your council home", reverse("buyers:home"), icon_name="group", order=9000
    )
