"""The site admin (/site-admin/) for accounts, keyed on email address rather than username.

Every account created or changed here leaves an audit row. Accounts are never deleted here: deleting one would
take its holder off every team without a trace in those projects' audit trails; deactivate it instead.
"""

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from .forms import AdminUserAddForm
from .models import User
from .services import user_admin_change_record, user_create


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    add_form = AdminUserAddForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("email", "full_name", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        """A new account is created by `user_create`, so it is audited like any other."""
        if change:
            return super().save_form(request, form, change)
        return user_create(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            by=cast(User, request.user),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        """After every change here (details, rights or password), record which fields changed."""
        fields = [name for part in message if "changed" in part for name in part["changed"]["fields"]]
        user_admin_change_record(user=obj, by=cast(User, request.user), fields=fields)
        return super().log_change(request, obj, message)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:  # a new account was saved by save_form()
            super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if change:  # the add form has no related fields
            super().save_related(request, form, formsets, change)
