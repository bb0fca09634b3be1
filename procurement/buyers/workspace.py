"""Each council's workspace in the Wagtail admin, kept in step with the council and its team.

A council's workspace is its CouncilChallengesPage (the parent of all its challenges), a
collection for its images and documents, and an editors group holding Wagtail's page and
collection permissions on those two and nothing else. Council people never get `is_staff`; the
group is their only way into the admin, which is what keeps one council out of another's pages.

`sync_council_workspace` runs whenever a council is saved (a post_save receiver connected in
apps.py: framework integration, so every path that creates a council, from the Django admin to
the demo seed and test factories, gets a workspace without having to remember to ask). The
membership services call `sync_member_groups` whenever someone's roles change.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from challenges.workspaces import council_challenges_page

from .models import Council
from .roles import EDITOR_ROLES
from .selectors import roles_of

# What editors may do on their council's page and everything under it. Not publish: the only way
# to publish a challenge is the "Challenge publication" workflow, where a second officer approves
# (and only for a verified council, the `council.publish` rule), so four eyes see every notice.
PAGE_PERMISSIONS = ("add", "change", "lock", "unlock")
# What editors may do in their council's collection, for images and documents alike.
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)

_GROUP_NAME_LENGTH = Group._meta.get_field("name").max_length
_EDITORS_SUFFIX = ": editors"


@dataclass(frozen=True)
class CouncilWorkspace:
    page: object
    collection: Collection
    editors_group: Group


def editors_group_name(council: Council) -> str:
    return council.name[: _GROUP_NAME_LENGTH - len(_EDITORS_SUFFIX)] + _EDITORS_SUFFIX


@transaction.atomic
def sync_council_workspace(council: Council) -> CouncilWorkspace:
    """Make sure the council's page, collection and editors group exist, are named after it and
    carry exactly the permissions they should. Safe to run any number of times."""
    page = council_challenges_page(council)
    collection = _collection(council)
    group = _editors_group(council)
    if (council.collection_id, council.editors_group_id) != (collection.pk, group.pk):
        # update() rather than save() so that this does not trigger itself again.
        Council.objects.filter(pk=council.pk).update(collection=collection, editors_group=group)
        council.collection, council.editors_group = collection, group

    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    _set_page_permissions(group, page, [f"{codename}_page" for codename in PAGE_PERMISSIONS])
    _set_collection_permissions(group, collection)
    return CouncilWorkspace(page=page, collection=collection, editors_group=group)


@transaction.atomic
def sync_member_groups(council: Council, user) -> None:
    """Put `user` in the council's editors group exactly when they hold an editor role there."""
    if council.editors_group_id is None:
        sync_council_workspace(council)
    if roles_of(user, council) & EDITOR_ROLES:
        user.groups.add(council.editors_group)
    else:
        user.groups.remove(council.editors_group)


def _collection(council: Council) -> Collection:
    collection = council.collection
    if collection is None:
        return Collection.get_first_root_node().add_child(name=council.name)
    if collection.name != council.name:
        collection.name = council.name
        collection.save(update_fields=["name"])
    return collection


def _editors_group(council: Council) -> Group:
    name = editors_group_name(council)
    group = council.editors_group
    if group is None:
        group, _ = Group.objects.get_or_create(name=name)
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    return group


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _set_page_permissions(group: Group, page, codenames: list[str]) -> None:
    wanted = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    )
    # The group's permissions are on this page alone; anything else it holds is stale.
    GroupPagePermission.objects.filter(group=group).exclude(
        page=page, permission__in=wanted
    ).delete()
    held = set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission_id", flat=True
        )
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission)
        for permission in wanted
        if permission.pk not in held
    )


def _set_collection_permissions(group: Group, collection: Collection) -> None:
    wanted = Permission.objects.filter(
        reduce(
            operator.or_,
            (
                Q(content_type__app_label=app_label, codename=codename)
                for app_label, codename in COLLECTION_PERMISSIONS
            ),
        )
    )
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=collection, permission__in=wanted
    ).delete()
    held = set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission_id", flat=True
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=collection, permission=permission)
        for permission in wanted
        if permission.pk not in held
    )


def council_saved(sender, instance: Council, raw: bool = False, **kwargs) -> None:
    # Fixtures and serialised test databases load raw rows; their workspaces come with them.
    if raw:
        return
    sync_council_workspace(instance)
