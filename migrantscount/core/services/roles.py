"""Least-privilege groups, defined here and synchronised by `manage.py seed_roles`.

The groups' permissions are set to exactly what ROLES lists (extra permissions
granted by hand to these groups are removed), on the root page and root collection.

Permissions are granted by (app label, codename) and only when that permission
exists. Apps that are not installed yet (stories, data models still to come) are
skipped silently, so re-running `seed_roles` after those apps' migrations have run
completes the grants; `make run` runs it after every migrate.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

logger = logging.getLogger(__name__)

EDITORS = "Editors"
TRANSLATORS = "Translators"
STORY_MODERATORS = "Story moderators"
DATA_OFFICERS = "Data officers"
CAMPAIGN_APPROVERS = "Campaign approvers"
COMMUNICATIONS_OFFICERS = "Communications officers"
APPROVAL_NAME = "Campaign approval"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

ADMIN = ("wagtailadmin", "access_admin")
PAGE_SNIPPETS = ("branding", "navigationmenu", "footer")


@dataclass(frozen=True)
class Role:
    model_permissions: list[tuple[str, str]]
    page_permissions: list[str] = field(default_factory=list)
    collection_permissions: list[tuple[str, str]] = field(default_factory=list)
    # Every permission of these apps whose codename starts with one of the prefixes.
    app_permissions: dict[str, tuple[str, ...]] = field(default_factory=dict)


ALL_ACTIONS = ("add_", "change_", "delete_", "view_")
CHOOSE_MEDIA = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]

ROLES: dict[str, Role] = {
    EDITORS: Role(
        model_permissions=[
            ADMIN,
            *[
                ("pages", f"{action}_{name}")
                for name in PAGE_SNIPPETS
                for action in ("add", "change", "view")
            ],
            # Live interviews: move, cancel and retitle; guests stay with
            # Communications officers.
            *[
                ("events", f"{action}_{name}")
                for name in ("interview", "series")
                for action in ("change", "view")
            ],
        ],
        page_permissions=[
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        ],
        collection_permissions=[
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            *CHOOSE_MEDIA,
        ],
    ),
    TRANSLATORS: Role(
        model_permissions=[
            ADMIN,
            ("wagtail_localize", "submit_translation"),
            # No branding/menu/footer: they have no draft state, so an edit would be
            # live at once without approval; Editors translate them.
            # Translate stories and submit them for approval; never publish them.
            ("stories", "view_story"),
            ("stories", "change_story"),
        ],
        page_permissions=["change_page"],
        collection_permissions=CHOOSE_MEDIA,
    ),
    STORY_MODERATORS: Role(
        model_permissions=[ADMIN],
        collection_permissions=CHOOSE_MEDIA,
        # No publish_: a moderator drafts, a Campaign approver publishes (four eyes).
        app_permissions={"stories": ("view_", "add_", "change_", "lock_", "unlock_")},
    ),
    DATA_OFFICERS: Role(
        model_permissions=[ADMIN],
        collection_permissions=[("wagtaildocs", "add_document"), *CHOOSE_MEDIA],
        app_permissions={"data": ALL_ACTIONS},
    ),
    CAMPAIGN_APPROVERS: Role(
        model_permissions=[
            ADMIN,
            # Approving the "Story approval" workflow publishes the story.
            *[
                ("stories", f"{action}_story")
                for action in ("view", "change", "publish", "lock", "unlock")
            ],
        ],
        page_permissions=["change_page", "publish_page", "lock_page", "unlock_page"],
        collection_permissions=CHOOSE_MEDIA,
        # Approve social posts (never one's own: social.services.posts checks).
        app_permissions={"social": ("view_", "approve_")},
    ),
    # Compose posts, schedule them and connect accounts; approval is someone else's.
    COMMUNICATIONS_OFFICERS: Role(
        model_permissions=[ADMIN],
        collection_permissions=[("wagtailimages", "add_image"), *CHOOSE_MEDIA],
        app_permissions={
            "social": ("view_", "add_", "change_"),
            "events": ("view_", "add_", "change_"),
        },
    ),
}


def _permissions(pairs: list[tuple[str, str]]) -> list[Permission]:
    if not pairs:
        return []
    condition = Q()
    for app_label, codename in pairs:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(condition))


def _app_permissions(apps: dict[str, tuple[str, ...]]) -> list[Permission]:
    found = []
    for app_label, prefixes in apps.items():
        for permission in Permission.objects.filter(content_type__app_label=app_label):
            if permission.codename.startswith(prefixes):
                found.append(permission)
    return found


def _sync_object_permissions(
    model: type[GroupPagePermission] | type[GroupCollectionPermission],
    *,
    group: Group,
    target: dict[str, object],
    wanted: list[Permission],
) -> None:
    existing = model.objects.filter(group=group, **target)
    existing.exclude(permission__in=wanted).delete()
    have = set(existing.values_list("permission_id", flat=True))
    for permission in wanted:
        if permission.pk not in have:
            model.objects.create(group=group, permission=permission, **target)


def _sync_role(
    group: Group, role: Role, *, root_page: Page, root_collection: Collection
) -> None:
    group.permissions.set(
        _permissions(role.model_permissions) + _app_permissions(role.app_permissions)
    )
    page_permissions = _permissions([("wagtailcore", c) for c in role.page_permissions])
    _sync_object_permissions(
        GroupPagePermission,
        group=group,
        target={"page": root_page},
        wanted=page_permissions,
    )
    _sync_object_permissions(
        GroupCollectionPermission,
        group=group,
        target={"collection": root_collection},
        wanted=_permissions(role.collection_permissions),
    )


def _sync_approval_workflow(approvers: Group, root_page: Page) -> Workflow:
    task = GroupApprovalTask.objects.filter(name=APPROVAL_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_NAME)
    task.groups.set([approvers])
    workflow, _ = Workflow.objects.get_or_create(name=APPROVAL_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    current = WorkflowPage.objects.filter(page=root_page).first()
    # Replace Wagtail's stock workflow (its Moderators group is not one of ours),
    # but leave a workflow someone chose deliberately.
    if current is None:
        WorkflowPage.objects.create(page=root_page, workflow=workflow)
    elif current.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
        current.workflow = workflow
        current.save(update_fields=["workflow"])
    return workflow


@transaction.atomic
def seed_roles() -> dict[str, Group]:
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        _sync_role(group, role, root_page=root_page, root_collection=root_collection)
        groups[name] = group
    _sync_approval_workflow(groups[CAMPAIGN_APPROVERS], root_page)
    logger.info("Roles synchronised: %s", ", ".join(groups))
    return groups
