import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.log_actions import registry
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    Page,
    WorkflowPage,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from migrantscount.core.services import audit, roles

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> dict[str, Group]:
    return roles.seed_roles()


@pytest.fixture
def page() -> Page:
    root = Page.get_first_root_node()
    return root.get_children().first() or root.add_child(
        instance=Page(title="Welcome", slug="welcome")
    )


def member(group_name: str):
    return UserFactory.create(groups=[group_name])


def can(user, page: Page, action: str) -> bool:
    return PagePermissionPolicy().user_has_permission_for_instance(user, action, page)


def test_seed_roles_is_idempotent(seeded) -> None:
    counts = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        sum(group.permissions.count() for group in Group.objects.all()),
    )
    call_command("seed_roles")
    again = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        sum(group.permissions.count() for group in Group.objects.all()),
    )
    assert again == counts


def test_seed_roles_removes_permissions_granted_by_hand(seeded) -> None:
    translators = seeded[roles.TRANSLATORS]
    publish = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="publish_page"
    )
    GroupPagePermission.objects.create(
        group=translators, page=Page.get_first_root_node(), permission=publish
    )
    translators.permissions.add(Permission.objects.get(codename="delete_user"))

    roles.seed_roles()

    assert not GroupPagePermission.objects.filter(
        group=translators, permission=publish
    ).exists()
    assert not translators.permissions.filter(codename="delete_user").exists()


def test_editors_edit_and_publish_but_do_not_delete_or_manage_users(
    seeded, page
) -> None:
    editor = member(roles.EDITORS)
    assert editor.has_perm("wagtailadmin.access_admin")
    assert can(editor, page, "change") and can(editor, page, "publish")
    assert not can(editor, page, "delete")
    assert editor.has_perm("pages.change_footer")
    assert editor.has_perm("pages.add_navigationmenu")
    assert not editor.has_perm("pages.delete_branding")
    assert not editor.has_perm("auth.change_user")
    root_collection = Collection.get_first_root_node()
    assert GroupCollectionPermission.objects.filter(
        group__name=roles.EDITORS,
        collection=root_collection,
        permission__codename="add_image",
    ).exists()


def test_translators_translate_and_edit_but_cannot_publish(seeded, page) -> None:
    translator = member(roles.TRANSLATORS)
    assert translator.has_perm("wagtail_localize.submit_translation")
    assert can(translator, page, "change")
    assert not can(translator, page, "publish")
    assert not can(translator, page, "add")
    assert not translator.has_perm("pages.add_footer")


def test_story_moderators_reach_the_admin_but_not_pages(seeded, page) -> None:
    moderator = member(roles.STORY_MODERATORS)
    assert moderator.has_perm("wagtailadmin.access_admin")
    assert not can(moderator, page, "change")
    assert not moderator.has_perm("pages.change_footer")


def test_data_officers_get_every_data_permission_and_no_pages(seeded, page) -> None:
    officer = member(roles.DATA_OFFICERS)
    assert officer.has_perm("wagtailadmin.access_admin")
    assert not can(officer, page, "change")
    for permission in Permission.objects.filter(content_type__app_label="data"):
        assert officer.has_perm(f"data.{permission.codename}")


def test_campaign_approvers_publish_and_approve_workflow_tasks(seeded, page) -> None:
    approver = member(roles.CAMPAIGN_APPROVERS)
    editor = member(roles.EDITORS)
    assert can(approver, page, "publish")
    assert not can(approver, page, "add")
    workflow = WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow
    assert workflow.name == roles.APPROVAL_NAME
    task = workflow.tasks.get().specific
    actions = [name for name, *_ in task.get_actions(page, approver)]
    assert "approve" in actions
    assert task.get_actions(page, editor) == []


def test_grants_for_apps_that_land_later_are_completed_on_rerun(seeded) -> None:
    # Simulate a stories model arriving after the first seed_roles.
    content_type, _ = ContentType.objects.get_or_create(
        app_label="stories", model="laterthing"
    )
    Permission.objects.create(
        content_type=content_type,
        codename="change_laterthing",
        name="Can change later thing",
    )
    Permission.objects.create(
        content_type=content_type,
        codename="delete_laterthing",
        name="Can delete later thing",
    )
    moderators = seeded[roles.STORY_MODERATORS]
    assert not moderators.permissions.filter(codename="change_laterthing").exists()

    roles.seed_roles()

    granted = set(
        moderators.permissions.filter(content_type=content_type).values_list(
            "codename", flat=True
        )
    )
    assert granted == {"change_laterthing"}


def test_role_changes_are_audited_both_ways(seeded) -> None:
    user = UserFactory.create()
    approvers = seeded[roles.CAMPAIGN_APPROVERS]
    editors = seeded[roles.EDITORS]

    user.groups.add(approvers)
    editors.user_set.add(user)
    user.groups.remove(approvers)
    user.groups.clear()

    entries = ModelLogEntry.objects.filter(
        action=audit.ROLES_CHANGED, object_id=str(user.pk)
    ).order_by("timestamp", "pk")
    assert [(entry.data["added"], entry.data["removed"]) for entry in entries] == [
        ([roles.CAMPAIGN_APPROVERS], []),
        ([roles.EDITORS], []),
        ([], [roles.CAMPAIGN_APPROVERS]),
        ([], [roles.EDITORS]),
    ]
    last = entries.last()
    message = str(registry.get_formatter(last).format_message(last))
    assert user.username in message and roles.EDITORS in message
