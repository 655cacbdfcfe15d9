"""The Django admin pages for 管理员: accounts and their roles; every change is audited."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ..audit.chain import record
from ..audit.models import Action
from .models import Account, DocumentGrant, RoleGrant


class RoleInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


class DocumentInline(admin.TabularInline):
    model = DocumentGrant
    extra = 0


@admin.register(Account)
class AccountAdmin(UserAdmin):
    inlines = [RoleInline, DocumentInline]
    list_display = ("username", "display_name", "department", "person", "is_active", "locked_until")
    search_fields = ("username", "display_name", "department", "person")
    fieldsets = UserAdmin.fieldsets + (("planpress", {"fields": ("display_name", "department", "person",
                                                                 "must_change_password", "failed_sign_ins",
                                                                 "locked_until")}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record(Action.ACCOUNT_CHANGED if change else Action.ACCOUNT_CREATED, account=request.user,
               details={"username": obj.username, "fields": sorted(form.changed_data)})

    def save_formset(self, request, form, formset, change):
        before = {(g.pk, str(g)) for g in formset.queryset} if formset.model is RoleGrant else set()
        super().save_formset(request, form, formset, change)
        if formset.model is RoleGrant:
            after = {(g.pk, str(g)) for g in RoleGrant.objects.filter(account=form.instance)}
            for _, text in after - before:
                record(Action.ROLE_GRANTED, account=request.user, details={"username": form.instance.username, "role": text})
            for _, text in before - after:
                record(Action.ROLE_REVOKED, account=request.user, details={"username": form.instance.username, "role": text})
